"""Run CLI commands each in a forked child with an address-space cap and a timeout.

``python -m tests.hostile.cli_worker`` reads a JSON list of argument lists on stdin and writes
one JSON result per command: exit code (or the signal), stderr, wall seconds and the child's
peak resident memory. The worker imports the CLI once; each command then costs a fork, so
the whole hostile set runs in seconds, every file under its own 1 GB cap (RLIMIT_AS)."""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import tempfile
import time

MEMORY_CAP = 1 << 30
TIMEOUT_S = 60.0


def _child(argv: list[str], out_fd: int, err_fd: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = os.fdopen(2, "w", encoding="utf-8", closefd=False)
    from infercost import cli

    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:  # a traceback escaped: the test reports it
        import traceback

        traceback.print_exception(exc)
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run_one(argv: list[str]) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                _child(argv, out.fileno(), err.fileno())
            finally:
                os._exit(98)
        status, usage, killed = 0, None, False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > TIMEOUT_S:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                killed = True
                break
            time.sleep(0.01)
        seconds = time.monotonic() - start
        err.seek(0)
        out.seek(0)
        return {
            "argv": argv,
            "code": os.waitstatus_to_exitcode(status),
            "timed_out": killed,
            "seconds": seconds,
            "max_rss": usage.ru_maxrss * 1024,
            "stderr": err.read().decode("utf-8", "replace"),
            "stdout": out.read(50_000_000).decode("utf-8", "replace"),
        }


def main() -> None:
    commands = json.load(sys.stdin)
    # Everything the commands import, imported once before the forks.
    import infercost.cli
    import infercost.model.interchange.excel_import
    import infercost.model.interchange.import_file  # noqa: F401

    for argv in commands:
        print(json.dumps(run_one(argv)), flush=True)


if __name__ == "__main__":
    main()
