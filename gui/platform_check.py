"""Before Qt starts on Linux: name the system libraries the Qt xcb platform plugin cannot find,
with the command that installs them, instead of letting Qt abort ("xcb-cursor0 or
libxcb-cursor0 is needed to load the Qt xcb platform plugin")."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package), for every library libqxcb.so and the Qt
# libraries it loads link against outside the wheel (ldd of PySide6 6.8-6.11's libqxcb.so).
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libz.so.1": ("zlib1g", "zlib"),
}

Runner = Callable[[list[str]], str]


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt would start on the xcb (X11) plugin: Linux, no other QT_QPA_PLATFORM, and
    not a Wayland session (Qt picks its wayland plugin there)."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"))


def xcb_plugin() -> Path | None:
    """PySide6's libqxcb.so, found without importing Qt (None when it is not there)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Qt/plugins/platforms/libqxcb.so"
    return path if path.exists() else None


def _ldd(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False).stdout


def missing_libraries(plugin: Path, run: Runner | None = None) -> list[str]:
    """The sonames ``ldd`` reports "not found" for the plugin, in order, each once ([] when
    ldd itself is missing: then nothing can be said before Qt tries)."""
    try:
        out = (run or _ldd)(["ldd", str(plugin)])
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[str] = []
    for line in out.splitlines():
        name, sep, where = line.strip().partition("=>")
        if sep and where.strip() == "not found" and name.strip() not in found:
            found.append(name.strip())
    return found


def install_hint(missing: list[str]) -> str:
    """One line naming the libraries and the Debian/Ubuntu and Fedora commands that add them."""
    debian = sorted({PACKAGES.get(s, (s, s))[0] for s in missing})
    fedora = sorted({PACKAGES.get(s, (s, s))[1] for s in missing})
    return (
        f"InferCost cannot start its X11 window: the Qt xcb plugin needs {', '.join(missing)}. "
        f"Install them with 'sudo apt install {' '.join(debian)}' (Debian/Ubuntu) or "
        f"'sudo dnf install {' '.join(fedora)}' (Fedora), then start InferCost again."
    )


def check(
    env: Mapping[str, str],
    plugin: Path | None = None,
    run: Runner | None = None,
    platform: str | None = None,
) -> str | None:
    """The message to print and exit with, or None when Qt can start (or when it does not
    start on xcb, or the plugin cannot be found: Qt reports those itself)."""
    if not uses_xcb(env, platform or sys.platform):
        return None
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin, run or _ldd)
    return install_hint(missing) if missing else None


if __name__ == "__main__":
    import os

    message = check(os.environ)
    if message is None and not uses_xcb(os.environ):
        message_ok = "Qt will not start on its xcb plugin here (QT_QPA_PLATFORM or Wayland)."
    else:
        message_ok = "The Qt xcb platform plugin finds every library it needs."
    print(message or message_ok)
    sys.exit(1 if message else 0)
