"""infercost-cli subcommands, one module each, found by discovery.

Each module defines ``NAME`` (the subcommand), ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``. Modules import Qt only inside ``run`` when they render.
"""
