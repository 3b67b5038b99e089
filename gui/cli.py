"""The headless command line, ``infercost-cli``: same numbers as the app, as text or JSON."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from infercost.gui import commands
from infercost.model.errors import CatalogError, FileFormatError, InferCostError, UnknownIdError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _command_modules() -> list[ModuleType]:
    mods = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(mods, key=lambda m: m.NAME)


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad values with exit code 2 and the flag's name, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="infercost-cli",
        description="InferCost from the command line: catalog, costs, break-even, estimates.",
    )

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point. Exit codes: 0 success, 1 unreadable file or failed computation, 2 bad input."""
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or EXIT_OK)
    except UnknownIdError as exc:
        print(f"infercost-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (CatalogError, FileFormatError) as exc:
        print(f"infercost-cli: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except InferCostError as exc:
        print(f"infercost-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def print_json(obj: object) -> None:
    """Write JSON to stdout the same way for every command."""
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
