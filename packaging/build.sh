#!/usr/bin/env bash
# Build the standalone app folder (PyInstaller onedir) into dist/infercost, then smoke-test it.
# Usage: packaging/build.sh [PYTHON]   (PYTHON makes the build venv; default python3)
#
# PyInstaller freezes what a regular (not editable) install put in site-packages: an editable
# install finds infercost through an import hook PyInstaller cannot follow. So the build uses
# its own venv, build/package-venv, with the project installed from this checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=${1:-python3}
venv=$root/build/package-venv
cd "$root"
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet 'pyinstaller>=6.10' "$root"
# The same version again: pip keeps an installed 0.1.0, so replace it with this checkout.
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$root"
"$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$root/dist" --workpath "$root/build/pyinstaller" packaging/infercost.spec
"$root/packaging/smoke.sh" "$root/dist/infercost" "$venv/bin"
