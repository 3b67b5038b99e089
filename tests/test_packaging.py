"""Desktop integration files agree with the package and pass the freedesktop validators."""

import configparser
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"
APP_ID = "io.infercost.InferCost"


def _desktop() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in .desktop files
    parser.read(PKG / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_gui_script():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    entry = _desktop()
    assert entry["Exec"].split()[0] in scripts
    assert entry["Categories"] == "Office;Finance;"
    assert entry["Icon"] == APP_ID
    assert (PKG / f"{APP_ID}.svg").read_bytes() == (
        ROOT / "resources" / "infercost.svg"
    ).read_bytes()


def test_mime_type_matches_desktop_entry():
    mime = (PKG / f"{APP_ID}.mime.xml").read_text()
    mime_type = _desktop()["MimeType"].rstrip(";")
    assert f'type="{mime_type}"' in mime
    assert 'pattern="*.infercost"' in mime


@pytest.mark.parametrize(
    ("tool", "args", "name"),
    [
        ("desktop-file-validate", [], f"{APP_ID}.desktop"),
        ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml"),
    ],
)
def test_freedesktop_validators(tool, args, name):
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (Debian: desktop-file-utils / appstream)")
    result = subprocess.run([exe, *args, str(PKG / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
