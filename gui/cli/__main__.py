"""``python -m infercost.gui.cli``: the same as the ``infercost-cli`` command."""

import sys

from infercost.gui.cli import main

sys.exit(main())
