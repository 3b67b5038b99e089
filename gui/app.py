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


def main(argv: Sequence[str] | None = None) -> int:
    """Launch the app; a project file given on the command line is opened."""
    argv = list(sys.argv if argv is None else argv)
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
    window = MainWindow(settings)
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
