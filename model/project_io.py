"""Project files (.infercost): versioned JSON, atomic saves, and crash-recovery autosaves."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from infercost.model.errors import FileFormatError, InferCostError
from infercost.model.fileio import envelope, migrate, parse_json, read_file_text, validate
from infercost.model.project import Project

FORMAT = "infercost-project"
SUFFIX = ".infercost"
AUTOSAVE_PREFIX = "autosave-"

# How long a save keeps retrying while another program (Excel, a virus scanner, a sync client
# on Windows) holds the target open, before telling the user what to do.
REPLACE_RETRY_S = 2.0


def project_to_text(project: Project) -> str:
    """The file text of a project: the versioned envelope as indented JSON."""
    return json.dumps(envelope(FORMAT, project), indent=1, ensure_ascii=False, allow_nan=False)


def project_from_text(text: str, origin: str) -> Project:
    """Parse, migrate and validate a project file's text; errors name the file and the entry."""
    return validate(Project, migrate(parse_json(text, origin), FORMAT, origin), origin)


def load_project(path: str | Path) -> Project:
    """Open a project file.

    Raises
    ------
    FileFormatError
        Unreadable, not a project, or written by a newer InferCost.
    CatalogError
        A project whose entries break a rule, each problem named.
    """
    return project_from_text(read_file_text(path), str(path))


def save_project(project: Project, path: str | Path) -> None:
    """Write a project atomically: the old file stays intact until the new one is complete."""
    atomic_write_text(Path(path), project_to_text(project))


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to a temporary file beside ``path``, fsync it, then rename it over ``path``.

    A crash, a full disk or a failed rename leaves the previous file byte-identical and no
    temporary file behind.

    Raises
    ------
    FileFormatError
        Naming the file and what to do (a full disk, no permission, a program holding it).
    """
    atomic_write_bytes(Path(path), text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """:func:`atomic_write_text` for bytes (an exported workbook)."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        raise FileFormatError(str(path), "the folder does not exist") from None
    except OSError as exc:
        raise FileFormatError(str(path), f"cannot write here ({exc.strerror or exc})") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _replace_with_retry(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, InferCostError | KeyboardInterrupt | SystemExit):
            raise
        if isinstance(exc, OSError):
            raise FileFormatError(str(path), f"not saved: {exc.strerror or exc}") from None
        raise
    _fsync_folder(path.parent)


def _replace_with_retry(tmp: Path, path: Path) -> None:
    deadline = time.monotonic() + REPLACE_RETRY_S
    while True:
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if time.monotonic() >= deadline:
                raise FileFormatError(
                    str(path),
                    "not saved: another program is holding the file (close it there, e.g. "
                    "in Excel or a sync client, and save again), or you lack permission",
                ) from None
            time.sleep(0.1)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- autosave --------------------------------------------------------------------------


def autosave_dir() -> Path:
    """The folder for crash-recovery copies, in the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("InferCost", appauthor=False) / "autosave"


@dataclass(frozen=True)
class Autosave:
    """A crash-recovery copy: where it is, which file it was a copy of, when it was written."""

    path: Path
    original: Path | None
    saved_at: float
    pid: int


def write_autosave(project: Project, original: Path | None, folder: Path | None = None) -> Path:
    """Write this process's crash-recovery copy of a modified project (atomically)."""
    folder = folder or autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{AUTOSAVE_PREFIX}{os.getpid()}{SUFFIX}"
    data = envelope(FORMAT, project)
    data["autosave"] = {
        "original": str(original) if original else None,
        "saved_at": time.time(),
        "pid": os.getpid(),
    }
    atomic_write_text(target, json.dumps(data, ensure_ascii=False, allow_nan=False))
    return target


def remove_autosave(folder: Path | None = None) -> None:
    """Delete this process's crash-recovery copy (after a save, or on a clean exit)."""
    folder = folder or autosave_dir()
    with contextlib.suppress(OSError):
        (folder / f"{AUTOSAVE_PREFIX}{os.getpid()}{SUFFIX}").unlink()


def orphaned_autosaves(folder: Path | None = None) -> list[Autosave]:
    """Crash-recovery copies left by processes that are gone, newest first."""
    folder = folder or autosave_dir()
    found: list[Autosave] = []
    for p in folder.glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}") if folder.is_dir() else ():
        try:
            meta = json.loads(p.read_text(encoding="utf-8")).get("autosave", {})
            pid = int(meta.get("pid", -1))
            original = Path(meta["original"]) if meta.get("original") else None
            saved_at = float(meta.get("saved_at", p.stat().st_mtime))
        except (OSError, ValueError, TypeError, AttributeError):
            # Unreadable copies are still offered: the load will say what is wrong.
            pid, original, saved_at = -1, None, 0.0
        if pid == os.getpid() or (pid > 0 and _pid_alive(pid)):
            continue
        found.append(Autosave(p, original, saved_at, pid))
    return sorted(found, key=lambda a: a.saved_at, reverse=True)


def load_autosave(autosave: Autosave) -> Project:
    """Read a crash-recovery copy back as a project."""
    return load_project(autosave.path)


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
