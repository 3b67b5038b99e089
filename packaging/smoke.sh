#!/usr/bin/env bash
# Smoke-test a built app folder offscreen: `infercost --selftest` (every view painted, every
# CLI subcommand run once) and `infercost-cli --help`; then report its size and cold start.
# Usage: packaging/smoke.sh dist/infercost [VENV_BIN]   (VENV_BIN: compare its cold start)
set -euo pipefail
app=$(cd "${1:?usage: smoke.sh APP_FOLDER [VENV_BIN]}" && pwd)
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"   # outside the source tree: nothing may be found there by accident
"$app/infercost" --selftest
"$app/infercost-cli" --help >/dev/null
"$app/infercost-cli" catalog >/dev/null
size=$(du -sm "$app" | cut -f1)
echo "app folder: $app, ${size} MB"
# Cold start to a painted window: `infercost-cli screenshot` starts Python and Qt, builds the
# main window on the default catalog, paints it and writes a PNG. CPU time (user + system) and
# wall time, best of 3, beside the same command from a venv when one is given: CPU time is what
# a busy shared machine inflates least.
cold() {
    python3 - "$1" "$work/window.png" <<'PY'
import resource, subprocess, sys, time
best_cpu = best_wall = float("inf")
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "screenshot", sys.argv[2], "--view", "main"],
                   check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
print(f"{best_cpu * 1e3:.0f} ms CPU, {best_wall * 1e3:.0f} ms wall")
PY
}
echo "cold start to a painted window (infercost-cli screenshot, best of 3): frozen $(cold "$app/infercost-cli")"
if [ -n "${2:-}" ]; then
    echo "cold start to a painted window (infercost-cli screenshot, best of 3): venv   $(cold "$2/infercost-cli")"
fi
