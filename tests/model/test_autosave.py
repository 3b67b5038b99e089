"""Crash-recovery copies: ownership by lock, not pid; damaged copies moved aside, never fatal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infercost.model.errors import FileFormatError
from infercost.model.interchange import autosave
from infercost.model.interchange.autosave import find_autosaves, orphaned_autosaves, write_autosave
from infercost.model.interchange.project_io import load_project

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def project():
    return load_project(DATA / "project-v1.infercost")


def _orphan(folder: Path, project, name: str, **meta) -> Path:
    written = write_autosave(project, Path("/x/orig.infercost"), folder)
    data = json.loads(written.read_text())
    data["autosave"].update(meta)
    p = folder / name
    p.write_text(json.dumps(data))
    autosave.remove_autosave(folder)
    return p


def test_a_copy_whose_pid_is_now_another_live_process_is_still_offered(project, tmp_path):
    # The parent process is alive, yet it never held this copy's lock: offer it.
    p = _orphan(tmp_path, project, "autosave-old.infercost", pid=os.getppid())
    assert [a.path for a in orphaned_autosaves(tmp_path)] == [p]


def test_a_copy_locked_by_a_live_instance_is_hidden(project, tmp_path):
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from infercost.model.interchange import autosave
        from infercost.model.interchange.project_io import load_project
        p = load_project({str(DATA / "project-v1.infercost")!r})
        autosave.write_autosave(p, None, Path({str(tmp_path)!r}))
        print("ready", flush=True)
        sys.stdin.readline()
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as other:
        try:
            assert other.stdout.readline().strip() == "ready"
            assert len(list(tmp_path.glob("autosave-*.infercost"))) == 1
            assert orphaned_autosaves(tmp_path) == []  # its owner is running
        finally:
            other.kill()  # a crash: the OS drops the lock, the copy stays
            other.wait()
    found = orphaned_autosaves(tmp_path)
    assert len(found) == 1 and load_project(found[0].path) == project


@pytest.mark.parametrize(
    "meta",
    [{"pid": 1e400}, {"pid": 10**20}, {"saved_at": 1e300}, {"saved_at": float("nan")}],
    ids=["pid-1e400", "pid-20-digits", "saved_at-1e300", "saved_at-nan"],
)
def test_absurd_metadata_never_raises(project, tmp_path, meta):
    p = _orphan(tmp_path, project, "autosave-bad.infercost")
    text = p.read_text()
    key, value = next(iter(meta.items()))
    raw = {1e400: "1e400", 10**20: str(10**20), 1e300: "1e300"}.get(value, "NaN")
    text = text.replace(f'"{key}": ', f'"{key}": {raw}, "_old_{key}": ', 1)
    p.write_text(text)
    found = find_autosaves(tmp_path)
    assert len(found.orphans) + len(found.moved_aside) == 1
    for a in found.orphans:
        assert 0 <= a.saved_at <= autosave.MAX_TIMESTAMP and a.pid >= -1


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b"not json", b'{"autosave": 1}', b"\xff\xfe"],
    ids=["deep", "not-json", "no-meta", "not-utf8"],
)
def test_a_damaged_copy_is_moved_aside_and_reported(tmp_path, content):
    p = tmp_path / "autosave-9.infercost"
    p.write_bytes(content)
    found = find_autosaves(tmp_path)
    assert found.orphans == []
    [(moved, why)] = found.moved_aside
    assert not p.exists() and moved.exists() and moved.name.endswith(".damaged")
    assert str(p) in why and len(why) <= 300
    assert find_autosaves(tmp_path).moved_aside == []  # reported once


@pytest.mark.skipif(os.name != "posix", reason="FIFO")
def test_a_fifo_in_the_autosave_folder_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "autosave-1.infercost")
    found = find_autosaves(tmp_path)
    assert "named pipe" in found.moved_aside[0][1]


def test_a_claimed_copy_is_not_offered_twice(project, tmp_path):
    p = _orphan(tmp_path, project, "autosave-old.infercost")
    [found] = orphaned_autosaves(tmp_path)
    assert autosave.claim(found)
    assert orphaned_autosaves(tmp_path) == []  # held while this instance offers it
    autosave.release(found)
    assert [a.path for a in orphaned_autosaves(tmp_path)] == [p]
    assert autosave.claim(found)
    autosave.discard_autosave(found)
    assert not p.exists() and orphaned_autosaves(tmp_path) == []


def test_an_unwritable_autosave_folder_is_a_clean_error(project, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(FileFormatError):
        write_autosave(project, None, blocker / "autosave")
    with pytest.raises(FileFormatError, match="lock"):
        autosave._hold_lock(blocker / "x.lock")


@pytest.fixture
def no_hang():
    """Fail, rather than hang the suite, when a call blocks (an open() on a FIFO would)."""
    import signal

    def stop(*_):
        raise TimeoutError("blocked on a special file")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(os.name != "posix", reason="FIFO")
def test_a_fifo_under_a_lock_name_never_hangs_start_up(project, tmp_path, no_hang):
    p = _orphan(tmp_path, project, "autosave-old.infercost")
    os.mkfifo(tmp_path / "autosave-old.infercost.lock")
    os.mkfifo(tmp_path / "autosave-other.infercost.lock")  # a lock with no copy
    [found] = orphaned_autosaves(tmp_path)  # no live instance can hold a pipe: offered
    assert found.path == p
    assert autosave.claim(found) is False  # the pipe is not a lock this instance can take
    assert write_autosave(project, None, tmp_path).exists()  # our own copy is unaffected
    autosave.remove_autosave(tmp_path)


def test_temp_files_of_killed_saves_are_removed_at_start(project, tmp_path):
    left = tmp_path / ".autosave-1.infercost.infercost-ab12cd_9.tmp"
    left.write_text("half-written")
    find_autosaves(tmp_path)  # what start-up calls
    assert not left.exists()
