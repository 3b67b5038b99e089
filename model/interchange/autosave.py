"""Crash-recovery copies: written while a document is modified, owned through a lock held by
the app instance (never a reusable pid), and read back so that a damaged copy never blocks
start-up: it is moved aside and reported."""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from infercost.model.catalog.fileio import envelope
from infercost.model.catalog.project import Project
from infercost.model.errors import FileFormatError, InferCostError
from infercost.model.guard import (
    cap_message,
    json_text,
    open_regular,
    parse_json_bounded,
    read_bounded,
)
from infercost.model.interchange.project_io import (
    FORMAT,
    SUFFIX,
    atomic_write_text,
    load_project,
    remove_stale_temps,
)

AUTOSAVE_PREFIX = "autosave-"
LOCK_SUFFIX = ".lock"
DAMAGED_SUFFIX = ".damaged"
# A crash-recovery copy is a project file; the same ceiling applies.
MAX_AUTOSAVE_BYTES = 200 * 1024 * 1024
# saved_at later than this (the year 2286) is not a time this copy was written.
MAX_TIMESTAMP = 1e10

# One token per app instance: the file names of a crashed instance never collide with ours,
# even when the OS gives us the pid it had.
_INSTANCE = f"{os.getpid()}-{secrets.token_hex(4)}"
_held: dict[Path, IO[bytes]] = {}


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


@dataclass(frozen=True)
class Recovery:
    """What the autosave folder holds for this instance to offer, and what it moved aside."""

    orphans: list[Autosave] = field(default_factory=list)
    moved_aside: list[tuple[Path, str]] = field(default_factory=list)


def own_autosave_path(folder: Path | None = None) -> Path:
    """This instance's crash-recovery copy."""
    return (folder or autosave_dir()) / f"{AUTOSAVE_PREFIX}{_INSTANCE}{SUFFIX}"


def _lock_path(autosave: Path) -> Path:
    return autosave.with_name(autosave.name + LOCK_SUFFIX)


def write_autosave(project: Project, original: Path | None, folder: Path | None = None) -> Path:
    """Write this instance's crash-recovery copy of a modified project (atomically).

    The copy's lock file is locked first and held until :func:`remove_autosave`, so another
    instance can tell this copy is in use; the OS releases the lock when the process dies.
    """
    target = own_autosave_path(folder)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileFormatError(str(target.parent), f"cannot create: {exc.strerror or exc}") from None
    _hold_lock(_lock_path(target))
    data = envelope(FORMAT, project)
    data["autosave"] = {
        "original": str(original) if original else None,
        "saved_at": time.time(),
        "pid": os.getpid(),
    }
    atomic_write_text(target, json_text(data, indent=None))
    return target


def remove_autosave(folder: Path | None = None) -> None:
    """Delete this instance's crash-recovery copy (after a save, or on a clean exit)."""
    target = own_autosave_path(folder)
    with contextlib.suppress(OSError):
        target.unlink()
    lock = _lock_path(target)
    handle = _held.pop(lock, None)
    if handle is not None:
        with contextlib.suppress(OSError):
            lock.unlink()
        handle.close()


def find_autosaves(folder: Path | None = None) -> Recovery:
    """Crash-recovery copies no running instance holds, newest first.

    A copy whose lock no live instance holds is an orphan, whatever pid it records (pids are
    reused). A copy that cannot be read (not a regular file, too large, not JSON, nested too
    deeply, absurd metadata) is renamed to ``NAME.damaged`` and listed in ``moved_aside``
    with the reason, so it is reported once and never blocks a start.
    """
    folder = folder or autosave_dir()
    recovery = Recovery()
    remove_stale_temps(folder)  # at start: what saves killed mid-write left here
    try:
        candidates = sorted(folder.glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}")) if folder.is_dir() else []
    except OSError:
        return recovery
    own = own_autosave_path(folder)
    for p in candidates:
        if p == own or _in_use(_lock_path(p)):
            continue
        try:
            recovery.orphans.append(_read_meta(p))
        except InferCostError as exc:
            recovery.moved_aside.append((move_aside(p), cap_message(str(exc), 300)))
    recovery.orphans.sort(key=lambda a: a.saved_at, reverse=True)
    return recovery


def orphaned_autosaves(folder: Path | None = None) -> list[Autosave]:
    """The readable crash-recovery copies of instances that are gone, newest first."""
    return find_autosaves(folder).orphans


def load_autosave(autosave: Autosave) -> Project:
    """Read a crash-recovery copy back as a project (FileFormatError or CatalogError)."""
    return load_project(autosave.path)


def claim(autosave: Autosave) -> bool:
    """Lock an orphaned copy while this instance offers it, so that two instances started
    after a crash never both restore it. False when another instance holds it now."""
    lock = _lock_path(autosave.path)
    try:
        _hold_lock(lock)
    except (InferCostError, OSError):
        return False
    return True


def release(autosave: Autosave) -> None:
    """Give up the claim on a copy that stays for later."""
    handle = _held.pop(_lock_path(autosave.path), None)
    if handle is not None:
        handle.close()


def discard_autosave(autosave: Autosave) -> None:
    """Delete an orphaned copy and its lock file."""
    for p in (autosave.path, _lock_path(autosave.path)):
        with contextlib.suppress(OSError):
            p.unlink()
    release(autosave)


def move_aside(path: Path) -> Path:
    """Rename a damaged copy out of the way (``NAME.damaged``); returns where it went."""
    target = path.with_name(path.name + DAMAGED_SUFFIX)
    n = 2
    while target.exists():
        target, n = path.with_name(f"{path.name}{DAMAGED_SUFFIX}-{n}"), n + 1
    try:
        os.replace(path, target)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()  # cannot rename: deleting is the only way not to fail every start
        return path
    with contextlib.suppress(OSError):
        _lock_path(path).unlink()
    return target


def _read_meta(p: Path) -> Autosave:
    data = parse_json_bounded(
        read_bounded(p, max_bytes=MAX_AUTOSAVE_BYTES, what="crash-recovery copy"), source=str(p)
    )
    meta = data.get("autosave") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        raise FileFormatError(str(p), "not a crash-recovery copy (no 'autosave' object)")
    return Autosave(p, _original(meta.get("original")), _saved_at(meta, p), _pid(meta.get("pid")))


def _original(value: Any) -> Path | None:
    if isinstance(value, str) and 0 < len(value) <= 4096 and "\0" not in value:
        return Path(value)
    return None


def _saved_at(meta: dict[str, Any], p: Path) -> float:
    value = meta.get("saved_at")
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= MAX_TIMESTAMP
    ):
        return float(value)
    try:  # an absurd time is replaced by when the file was last written
        return min(max(p.stat().st_mtime, 0.0), MAX_TIMESTAMP)
    except OSError:
        return 0.0


def _pid(value: Any) -> int:
    # Only shown to people; ownership is decided by the lock.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    return -1


# --- locks --------------------------------------------------------------------------------
# flock (POSIX) and msvcrt.locking (Windows) are released by the OS when the process dies,
# which is what QLockFile emulates with a pid plus a host name; the model stays Qt-free.


def _hold_lock(lock: Path) -> None:
    if lock in _held:
        return
    # Non-blocking and regular files only: a FIFO under a lock name never hangs a start.
    fd = open_regular(lock, what="crash-recovery lock", write=True)
    handle = os.fdopen(fd, "a+b")
    if not _try_lock(handle):
        handle.close()
        raise FileFormatError(str(lock), "another InferCost holds this crash-recovery lock")
    _held[lock] = handle


def _in_use(lock: Path) -> bool:
    """True when a live instance holds the lock of this copy."""
    if lock in _held:
        return True
    if not os.path.lexists(lock):
        return False  # no lock file: a copy from an older InferCost, or its owner is gone
    try:
        handle = os.fdopen(open_regular(lock, what="crash-recovery lock"), "rb")
    except InferCostError:
        # A pipe, a folder or an unreadable file under the lock name: no instance of ours
        # holds it; the copy is read (and moved aside when damaged) like any orphan.
        return False
    with handle:
        if _try_lock(handle):
            _unlock(handle)
            return False
        return True


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
