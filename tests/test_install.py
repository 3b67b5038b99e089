"""The built wheel works outside the source tree: build the wheel and the sdist, install the
wheel with its dependencies into a fresh venv in a temporary folder, then run the installed
``infercost --selftest`` and every ``infercost-cli`` subcommand (``--help`` and a real run).

An editable install (what ``make test`` otherwise uses) cannot catch a package missing from
the wheel; this can. Slow (about a minute: pip installs from its warm cache), so it is
marked, but ``make test`` runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from infercost import cli
from infercost.cli.examples import examples

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(argv: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        argv, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout
    )


def _check(result: subprocess.CompletedProcess, what: str) -> None:
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, f"{what} exited {result.returncode}:\n{output}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(venv bin folder, work folder): the wheel installed into a new venv outside the tree."""
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    # Builds the sdist, then the wheel from the unpacked sdist: a file missing from the sdist
    # breaks the wheel too.
    built = _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], tmp)
    _check(built, "python -m build")
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    mapped = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    for package, folder in mapped["package-dir"].items():
        for source in (ROOT / folder).rglob("*.py"):
            inside = source.relative_to(ROOT / folder).as_posix()
            wheel_path = f"{package.replace('.', '/')}/{inside}"
            assert wheel_path in names, f"{folder}/{inside} is missing from the wheel"
    assert "infercost/resources/default_catalog.json" in names
    with tarfile.open(sdist) as tar:
        assert any(n.endswith("/gui/breakeven/view.py") for n in tar.getnames())

    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], tmp, 600)
    _check(pip, "pip install of the wheel")
    work = tmp / "work"
    work.mkdir()
    return bin_dir, work


def test_installed_package_is_the_wheel_not_the_source(installed):
    bin_dir, work = installed
    where = _run(
        [str(bin_dir / "python"), "-c", "import infercost.gui; print(infercost.gui.__file__)"],
        work,
    )
    _check(where, "import infercost.gui")
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent)


def test_installed_selftest(installed):
    bin_dir, work = installed
    result = _run([str(bin_dir / "infercost"), "--selftest"], work)
    _check(result, "infercost --selftest")
    assert "selftest ok" in result.stdout


def test_installed_cli_every_subcommand(installed):
    bin_dir, work = installed
    exe = str(bin_dir / "infercost-cli")
    _check(_run([exe, "--help"], work), "infercost-cli --help")
    runs = examples(work)
    assert set(runs) == set(cli.SUBCOMMANDS), "every subcommand needs an example"
    for name, argv in runs.items():
        help_run = _run([exe, name, "--help"], work)
        _check(help_run, f"infercost-cli {name} --help")
        assert "usage: infercost-cli" in help_run.stdout
        _check(_run([exe, *argv], work), f"infercost-cli {' '.join(argv)}")
