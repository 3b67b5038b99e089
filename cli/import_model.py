"""infercost-cli import-model: an LLM's architecture from a config.json or a GGUF header."""

from __future__ import annotations

import argparse

from infercost.cli import args as c


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        metavar="FILE",
        help="A Hugging Face config.json (dense, GQA, MoE, MLA, sliding window) or a .gguf "
        "model file (only its header is read, never the weights)",
    )
    p.add_argument(
        "--id",
        dest="llm_id",
        metavar="ID",
        help="Catalog id for the LLM (default: from the model's name; an existing id is updated)",
    )
    c.add_output_arguments(p)


def run(args: argparse.Namespace) -> int:
    import re

    from infercost.model.catalog.base import SLUG_PATTERN
    from infercost.model.errors import InferCostError
    from infercost.model.interchange.model_import import read_model_import

    if args.llm_id is not None and not re.fullmatch(SLUG_PATTERN, args.llm_id):
        raise InferCostError(
            f"--id '{args.llm_id[:60]}': use lower-case letters, digits and . _ / + - only"
        )
    project = c.load_source(args)
    pv = read_model_import(args.file, project.catalog, args.llm_id)
    from infercost.cli import import_cmd as report

    return report.write_and_report(args, project, pv)
