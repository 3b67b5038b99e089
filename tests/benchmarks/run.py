"""Run every benchmark module (tests/benchmarks/bench_*.py) in its own process and print figures.

Each module's ``main()`` prints lines of ``name: figure unit (target ...)``. Separate processes
keep one benchmark's memory and warm caches out of the next one's figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.stem}", flush=True)
        rc = subprocess.call([sys.executable, str(script)])
        if rc != 0:
            print(f"   {script.name} exited with {rc}", flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
