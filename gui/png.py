"""Write a rendered image as a PNG through the one atomic, guarded save
(model/interchange/project_io.py):
a named pipe, a device or a read-only file is refused, never written into or replaced."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QPixmap

from infercost.model.errors import InferCostError
from infercost.model.interchange.project_io import atomic_write_bytes


def save_png(image: QImage | QPixmap, path: str | Path) -> None:
    """Encode ``image`` as PNG in memory, then replace ``path`` atomically with it."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise InferCostError(f"{path}: could not encode the PNG")
    buffer.close()
    atomic_write_bytes(Path(path), bytes(data.data()))
