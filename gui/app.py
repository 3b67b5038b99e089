"""The desktop app's entry point (``infercost``): Qt set-up, theme, main window, crash recovery."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

ORGANIZATION = "InferCost"
APP_NAME = "InferCost"


def excepthook(exc_type, exc, tb) -> None:
    """Report an unexpected error instead of letting it escape into Qt (which would abort)."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    print(text, file=sys.stderr)
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            "Unexpected error",
            f"InferCost hit an unexpected error: {exc}\n\nYour work is autosaved; "
            "please report this with the details below.\n\n" + text[-2000:],
        )


def make_app(argv: Sequence[str]):
    """The QApplication with the names QSettings and the data folders use."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    if QApplication.instance() is None:
        # Fractional scale factors (125%, 150%) pass through instead of rounding to 1x or 2x;
        # Qt accepts this only before the application object exists.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication(list(argv))
    QGuiApplication.setDesktopFileName("io.infercost.InferCost")
    return app


def quiet_offscreen_notice() -> None:
    """Drop the offscreen plugin's harmless propagateSizeHints notice; keep every other message."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        if "propagateSizeHints" in message or "does not support raise()" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            import sys

            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Launch the app; a project file given on the command line is opened.

    ``--selftest`` instead builds and paints every view offscreen, runs every CLI subcommand
    once and exits 0, or 1 with the reason (gui/selftest.py).
    """
    argv = list(sys.argv if argv is None else argv)
    if "--selftest" in argv[1:]:
        from infercost.gui import selftest

        return selftest.run()
    import os

    from infercost.gui.platform_check import check

    problem = check(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    app = make_app(argv)
    sys.excepthook = excepthook

    from infercost.gui import theme
    from infercost.gui.main_window import MainWindow
    from infercost.gui.settings import Settings

    settings = Settings()
    theme.apply_theme(app, settings.theme)  # type: ignore[arg-type]
    first_run = settings.window_state.isEmpty()
    window = MainWindow(settings)
    if first_run:
        window.land_on_answer()
    window.show()
    files = [a for a in argv[1:] if not a.startswith("-")]
    if files:
        window.open(Path(files[0]))
    # After a crash the unsaved edits are offered however the app was started: a user who
    # double-clicks a project must see them too.
    window.offer_restore()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
