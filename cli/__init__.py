"""The headless command line, ``infercost-cli``: same numbers as the app, as text or JSON.

Every subcommand is listed in ``SUBCOMMANDS`` below (name and one-line help), and
:func:`command_module` imports its module with an import statement written out, so a bundler
(PyInstaller, Nuitka) finds every one. A subcommand's module is imported only when that
subcommand runs, so ``infercost-cli catalog`` never pays for the break-even code or numpy, and
``--help`` imports none of them. Each module defines ``add_arguments(parser)`` and
``run(args) -> int`` and imports Qt only inside ``run`` when it renders.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EXIT_CODES_HELP = (
    "exit codes: 0 success; 1 a file was refused (unreadable, invalid, too large) or could "
    "not be written; 2 a bad flag, value or unknown id, or a request the inputs cannot answer "
    "(a build without a tariff); 3 an internal error (please report it)"
)
# Messages quote values from files; a 190 MB string must not become 190 MB of stderr, and a
# refusal is read at a terminal: ~300 characters (four lines) unless --verbose asks for all.
MAX_ERROR_CHARS = 300
MAX_VERBOSE_CHARS = 100_000
VERBOSE_HELP = "Print refusals in full (they are shortened to ~300 characters otherwise)"


# Every subcommand, in the order ``--help`` lists them: name and one-line help. The module
# that runs one is imported by command_module() below.
SUBCOMMANDS: dict[str, str] = {
    "catalog": "List catalog sections, the entries of a section, or show one entry",
    "summary": "The Summary panel's figures for one API offer, GPU rental or build",
    "tco": "Total cost of ownership of a build: purchase, power, $/hour, $/month, $/Mtok",
    "cost": "Monthly cost of options (API, rental, owned build) at a token volume",
    "breakeven": "Break-even volumes between options: every crossing, and pairs that never cross",
    "fits": "Every catalog LLM x quantization that fits on a build's GPUs, with speed and cost",
    "estimate": "Estimate memory and tokens/s for an LLM and quantization on GPUs",
    "scenarios": "List the project's scenarios, or show one: options, notes, the seed's figures",
    "workloads": "List the project's workloads: volume, input/output mix, strategies",
    "advise": "The source document's decision matrix applied to a scenario, checked by its costs",
    "timeline": (
        "Each option's cumulative cost month by month (prices falling, hardware depreciating) "
        "and the break-even month"
    ),
    "sensitivity": (
        "Inputs ranked by how far they move the decision, cost and break-even as low/high, "
        "and the probability each option is cheapest (seeded Monte Carlo)"
    ),
    "import-prices": (
        "Import API prices from a LiteLLM or OpenRouter file into a project (reports every skip)"
    ),
    "export": "Export a project to an Excel workbook that recalculates on its own (live formulas)",
    "report": (
        "Write a scenario's proposal report (PDF, HTML or Markdown): recommendation, comparison, "
        "break-even chart, crossings, reasoning, throughput checks, sources"
    ),
    "import": (
        "Import a workbook, a SkyPilot rental CSV or a LiteLLM/OpenRouter price file into a "
        "project: preview every added, changed and rejected row"
    ),
    "import-model": (
        "Import an LLM's architecture from a Hugging Face config.json or a GGUF file's header "
        "into a project"
    ),
    "import-bench": (
        "Import llama-bench or vLLM/SGLang benchmark-serving results as measurements, fit the "
        "GPU's bandwidth share and print the estimator's error on every point"
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
    parser.add_argument("--verbose", action="store_true", help=VERBOSE_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = None if argv is None else _chosen(argv)
    for name, help_line in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_line, description=help_line, epilog=EXIT_CODES_HELP)
        # after the subcommand too; SUPPRESS keeps a --verbose given before it
        p.add_argument(
            "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )
        if argv is None or name == chosen:
            mod = command_module(name)
            mod.add_arguments(p)
            p.set_defaults(_run=mod.run)
    return parser


def command_module(name: str) -> ModuleType:
    """The module that runs subcommand ``name``, imported now (and only now).

    One import statement per subcommand, never a computed name: a bundler's static analysis
    must see every module (a frozen app would otherwise lack the ones it did not see).
    """
    match name:
        case "catalog":
            from infercost.cli import catalog as mod
        case "summary":
            from infercost.cli import summary as mod
        case "tco":
            from infercost.cli import tco as mod
        case "cost":
            from infercost.cli import cost as mod
        case "breakeven":
            from infercost.cli import breakeven as mod
        case "fits":
            from infercost.cli import fits as mod
        case "estimate":
            from infercost.cli import estimate as mod
        case "scenarios":
            from infercost.cli import scenarios as mod
        case "workloads":
            from infercost.cli import workloads as mod
        case "advise":
            from infercost.cli import advise as mod
        case "timeline":
            from infercost.cli import timeline as mod
        case "sensitivity":
            from infercost.cli import sensitivity as mod
        case "import-prices":
            from infercost.cli import import_prices as mod
        case "export":
            from infercost.cli import export as mod
        case "report":
            from infercost.cli import report as mod
        case "import":
            from infercost.cli import import_cmd as mod
        case "import-model":
            from infercost.cli import import_model as mod
        case "import-bench":
            from infercost.cli import import_bench as mod
        case "screenshot":
            from infercost.cli import screenshot as mod
        case _:
            raise KeyError(f"no module for subcommand {name!r}: add it to command_module()")
    return mod


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; exit codes as in :data:`EXIT_CODES_HELP` (0 ok, 1 file, 2 usage, 3 bug)."""
    from infercost.model.errors import CatalogError, FileFormatError, InferCostError, UnknownIdError

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    limit = MAX_VERBOSE_CHARS if getattr(args, "verbose", False) else MAX_ERROR_CHARS

    def _fail(exc: object, code: int) -> int:
        return fail(exc, code, limit)

    try:
        # Everything a command prints may quote a file: escapes and controls are neutralised.
        with contextlib.redirect_stdout(SafeStream(sys.stdout)):
            return int(args._run(args) or EXIT_OK)
    except UnknownIdError as exc:
        return _fail(exc, EXIT_USAGE)
    except (CatalogError, FileFormatError) as exc:
        return _fail(exc, EXIT_ERROR)
    except InferCostError as exc:
        return _fail(exc, EXIT_USAGE)
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        return _fail("not enough memory for this file or request", EXIT_ERROR)
    except RecursionError:
        return _fail("the input is nested too deeply", EXIT_ERROR)
    except Exception as exc:  # a bug: one readable line, the traceback only on request
        if os.environ.get("INFERCOST_DEBUG"):
            raise
        return _fail(f"internal error {type(exc).__name__}: {exc}", EXIT_INTERNAL)


def fail(exc: object, code: int, limit: int = MAX_ERROR_CHARS) -> int:
    """Print a refusal on stderr, shortened to ``limit`` characters (``--verbose``: all)."""
    from infercost.model.guard import cap_message

    text = f"infercost-cli: {exc}"
    if len(text) > limit and limit < MAX_VERBOSE_CHARS:
        text = cap_message(text, limit - 45) + " (--verbose shows it all)"
    else:
        text = cap_message(text, limit)
    print(SafeStream.fit(text, sys.stderr), file=sys.stderr)
    return code


class SafeStream:
    """A text stream that writes only printable text (newlines and tabs kept) that its
    encoding can carry: ANSI/OSC escapes and lone surrogates from a file never reach the
    terminal, and a Latin-1 terminal gets '?' instead of a UnicodeEncodeError."""

    def __init__(self, inner) -> None:
        self._inner = inner

    @staticmethod
    def fit(text: str, stream) -> str:
        from infercost.model.guard import printable

        text = printable(text, multiline=True)
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if encoding.lower().replace("-", "") != "utf8":
            text = text.encode(encoding, "replace").decode(encoding, "replace")
        return text

    def write(self, text: str) -> int:
        return self._inner.write(self.fit(text, self._inner))

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def print_json(obj: object) -> None:
    """Write JSON to stdout the same way for every command (valid, encodable and inert)."""
    from infercost.model.guard import json_text

    sys.stdout.write(json_text(obj, indent=2))
    sys.stdout.write("\n")
