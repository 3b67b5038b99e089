"""The headless command line, ``infercost-cli``: same numbers as the app, as text or JSON.

Every subcommand is listed in ``SUBCOMMANDS`` below (name and one-line help). A
subcommand's module is imported only when that subcommand runs, so ``infercost-cli catalog``
never pays for the break-even code or numpy, and ``--help`` imports none of them. Each module
defines ``add_arguments(parser)`` and ``run(args) -> int`` and imports Qt only inside ``run``
when it renders.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

EXIT_CODES_HELP = (
    "exit codes: 0 success; 1 a file could not be read or a computation failed; "
    "2 a bad flag, value or unknown id"
)


# Every subcommand, in the order ``--help`` lists them: name and one-line help. The module
# that runs one is its name with "-" as "_" (``import-prices`` -> ``import_prices.py``).
SUBCOMMANDS: dict[str, str] = {
    "catalog": "List catalog sections, the entries of a section, or show one entry",
    "tco": "Total cost of ownership of a build: purchase, power, $/hour, $/month, $/Mtok",
    "cost": "Monthly cost of options (API, rental, owned build) at a token volume",
    "breakeven": "Break-even volumes between options: every crossing, and pairs that never cross",
    "estimate": "Estimate memory and tokens/s for an LLM and quantization on GPUs",
    "scenarios": "List the project's scenarios, or show one: options, notes, the seed's figures",
    "workloads": "List the project's workloads: volume, input/output mix, strategies",
    "advise": "The source document's decision matrix applied to a scenario, checked by its costs",
    "import-prices": (
        "Import API prices from a LiteLLM or OpenRouter file into a project (reports every skip)"
    ),
    "screenshot": (
        "Render a view of the app offscreen to a PNG (for docs, or to check the GUI without a "
        "display)"
    ),
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad values with exit code 2 and the flag's name, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not a flag)."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommand named in ``argv`` gets its flags (and its imports).

    With ``argv`` None every subcommand's flags are added (for documentation and tests).
    """
    parser = _Parser(
        prog="infercost-cli",
        description="InferCost from the command line: catalog, costs, break-even, estimates.",
        epilog=EXIT_CODES_HELP,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = None if argv is None else _chosen(argv)
    for name, help_line in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_line, description=help_line, epilog=EXIT_CODES_HELP)
        if argv is None or name == chosen:
            mod = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
            mod.add_arguments(p)
            p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point. Exit codes: 0 success, 1 unreadable file or failed computation, 2 bad input."""
    from infercost.model.errors import CatalogError, FileFormatError, InferCostError, UnknownIdError

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
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
