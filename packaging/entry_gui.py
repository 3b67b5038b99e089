"""Frozen app entry point for ``infercost`` (the window; ``--selftest`` checks the bundle)."""

import sys

from infercost.gui.app import main

sys.exit(main())
