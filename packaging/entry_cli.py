"""Frozen app entry point for ``infercost-cli`` (the command line, same as the pip install)."""

import sys

from infercost.cli import main

sys.exit(main())
