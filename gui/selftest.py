"""``infercost --selftest``: prove an installed or frozen app works, offscreen, in one process.

Loads the default catalog, builds and paints every view and every tab inside it, opens the
About box and the guide, then runs every ``infercost-cli`` subcommand once (the examples in
``infercost.cli.examples``). Prints one line and returns 0, or one line naming the step
that failed and why and returns 1. Nothing the user owns is read or written: settings and
output files live in a temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path


class SelftestFailure(Exception):
    """A step of the self-test failed; the message is the one line shown."""


def run() -> int:
    """Run the self-test; 0 when every step passed, else 1 (after printing the reason)."""
    # Offscreen always: the self-test runs on build machines and CI without a display, and
    # must not flash windows on a desktop. Set before Qt is imported.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    # An exception in a Qt slot or event handler (a lazy view that cannot import its module)
    # is printed by PySide6 through sys.excepthook and does not propagate: record it.
    previous_hook = sys.excepthook
    sys.excepthook = _record
    try:
        with tempfile.TemporaryDirectory(prefix="infercost-selftest-") as tmp:
            views, tabs = _gui(Path(tmp))
            commands = _cli(Path(tmp))
    except SelftestFailure as exc:
        print(f"infercost selftest FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # any other error is a failure too, reported in one line
        print(f"infercost selftest FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        sys.excepthook = previous_hook
    elapsed = time.perf_counter() - started
    print(
        f"infercost selftest ok: {views} views and {tabs} tabs painted, "
        f"{commands} CLI commands run ({elapsed:.1f} s)"
    )
    return 0


def _gui(tmp: Path) -> tuple[int, int]:
    """Build the main window on the default catalog and paint every view and tab."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QTabWidget

    from infercost.gui import theme
    from infercost.gui.app import make_app, quiet_offscreen_notice
    from infercost.gui.main_window import MainWindow
    from infercost.gui.settings import Settings
    from infercost.model.catalog.catalog import SECTIONS

    quiet_offscreen_notice()
    app = make_app(["infercost", "--selftest"])
    theme.apply_theme(app, "light")
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    window.autosave_timer.stop()
    if not window.doc.project.catalog.gpus:
        raise SelftestFailure("the default catalog loaded with no GPUs")
    window.resize(1280, 800)
    window.show()
    painted = 0
    for index in range(window.tabs.count()):
        title = window.tabs.tabText(index)
        window.tabs.setCurrentIndex(index)
        _settle(app)
        view = window.tabs.widget(index)
        _check_raised(title)
        if getattr(view, "view", 0) is None:  # a LazyView that did not build its view
            raise SelftestFailure(f"{title}: the view was not built")
        if view is window.catalog_editor:
            for section in SECTIONS:
                window.catalog_editor.show_section(section)
                painted += _paint(app, window, f"Catalog / {section}")
        for inner in view.findChildren(QTabWidget):
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                painted += _paint(app, window, f"{title} / {inner.tabText(sub)}")
        painted += _paint(app, window, title)
    dialog = window.about()
    painted += _paint(app, dialog, "About")
    dialog.close()
    guide = window.show_guide()
    if "Every input and its unit" not in guide.browser.toPlainText():
        raise SelftestFailure("the guide has no inputs section")
    painted += _paint(app, guide, "Guide")
    guide.close()
    views = window.tabs.count()
    window.stack.setClean()
    window.close()
    window.deleteLater()
    _settle(app)
    return views, painted


_RAISED: list[BaseException] = []


def _record(exc_type, exc, tb) -> None:
    _RAISED.append(exc)


def _check_raised(what: str) -> None:
    if _RAISED:
        exc = _RAISED.pop(0)
        _RAISED.clear()
        raise SelftestFailure(f"{what}: {type(exc).__name__}: {exc}")


def _settle(app) -> None:
    """Let lazy views build and one-frame throttles fire."""
    from PySide6.QtCore import QEventLoop, QTimer

    for _ in range(3):
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
        app.processEvents()


def _paint(app, widget, what: str) -> int:
    _settle(app)
    _check_raised(what)
    image = widget.grab().toImage()
    _check_raised(what)
    if image.isNull() or image.width() < 100 or image.height() < 100:
        raise SelftestFailure(f"{what}: nothing was painted")
    return 1


def _cli(tmp: Path) -> int:
    """Run every CLI subcommand once, in this process; a non-zero exit is a failure."""
    from infercost import cli
    from infercost.cli.examples import examples

    runs = examples(tmp)
    missing = set(cli.SUBCOMMANDS) - set(runs)
    if missing:
        raise SelftestFailure(f"no self-test example for: {', '.join(sorted(missing))}")
    for name, argv in runs.items():
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse refusing the example's arguments
                code = exc.code if isinstance(exc.code, int) else 2
        if code != 0:
            reason = (err.getvalue().strip() or out.getvalue().strip()).splitlines()
            raise SelftestFailure(
                f"infercost-cli {name} exited with {code}: {reason[-1] if reason else ''}"
            )
    return len(runs)


if __name__ == "__main__":
    sys.exit(run())
