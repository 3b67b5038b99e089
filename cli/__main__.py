"""``python -m infercost.cli``: the same as the ``infercost-cli`` command."""

import sys

from infercost.cli import main

sys.exit(main())
