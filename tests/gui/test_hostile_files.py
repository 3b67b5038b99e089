"""Hostile files (issue #8), generated here, through every path that reads one: the CLI
commands that take a project or a price file, and the GUI's open, import and restore. Each
ends in a clean result or a clean refusal naming the file (and the place), in bounded time
and memory, with no traceback and the open document intact."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from infercost import cli
from infercost.gui import dialogs
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.fileio import MAX_FILE_BYTES
from infercost.model.edits.commands import SetField
from infercost.model.interchange import autosave
from infercost.model.interchange.project_io import project_to_text

POSIX = os.name == "posix"
MAX_SECONDS = 20
MAX_RSS_BYTES = 1.5e9
ESC = "\x1b"
EVIL = "evil\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://x\x1b\\name\x9b31m"


def _project_dict() -> dict:
    return json.loads(project_to_text(default_project()))


def _with_offer(**changes) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        data = _project_dict()
        data["project"]["catalog"]["api_offers"][0].update(changes)
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return write


def _with_llm(**changes) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        data = _project_dict()
        data["project"]["catalog"]["llms"][0].update(changes)
        p.write_text(json.dumps(data), encoding="utf-8")

    return write


def _raw(text: str | bytes) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        p.write_bytes(text if isinstance(text, bytes) else text.encode())

    return write


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _dev_zero(p: Path) -> None:
    p.symlink_to("/dev/zero")


def _folder(p: Path) -> None:
    p.mkdir()


def _sparse_too_big(p: Path) -> None:
    with open(p, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)


def _floats_199mb(p: Path) -> None:
    with open(p, "wb") as fh:
        fh.write(b"[")
        chunk = b"1.5," * (1 << 20)
        for _ in range(47):  # 47 x 4 MiB = 197 MB of floats
            fh.write(chunk)
        fh.write(b"1.5]")


def _bom(p: Path) -> None:
    p.write_bytes(b"\xef\xbb\xbf" + project_to_text(default_project()).encode())


def _with_400_digit_price(p: Path) -> None:
    text = json.dumps(_project_dict())
    p.write_text(
        text.replace('"input_usd_per_mtok": 2.5', '"input_usd_per_mtok": 1' + "0" * 400, 1)
    )


def _nan_price(p: Path) -> None:
    text = json.dumps(_project_dict(), indent=1)
    p.write_text(text.replace('"input_usd_per_mtok": 2.5', '"input_usd_per_mtok": NaN', 1))


def _newer(p: Path) -> None:
    data = _project_dict()
    data["schema_version"] = 99
    p.write_text(json.dumps(data))


# name -> (writer, words the refusal must contain; None: the file loads)
PROJECTS: dict[str, tuple[Callable[[Path], None], tuple[str, ...] | None]] = {
    "fifo": (_fifo, ("named pipe",)),
    "symlink-to-dev-zero": (_dev_zero, ("device",)),
    "folder": (_folder, ("folder",)),
    "over-200-mb": (_sparse_too_big, ("at most",)),
    "199-mb-of-floats": (_floats_199mb, ("more than 5,000,000 values",)),
    "nested-100k": (_raw(b"[" * 100_000 + b"]" * 100_000), ("line 1", "nested more than 64")),
    "nan": (_nan_price, ("NaN is not a number",)),
    "int-400-digits": (_with_400_digit_price, ("line 1", "too large")),
    "bool-price": (_with_offer(input_usd_per_mtok=True), ("input_usd_per_mtok", "boolean")),
    "bool-layers": (_with_llm(layers=True), ("layers", "boolean")),
    "underscore-price": (_with_offer(input_usd_per_mtok="1_0"), ("input_usd_per_mtok",)),
    "arabic-digits": (_with_offer(input_usd_per_mtok="١٢"), ("input_usd_per_mtok",)),
    "price-1e308": (_with_offer(input_usd_per_mtok=1e308), ("less than or equal",)),
    "notes-190-mb": (_with_offer(notes="n" * 190_000_000), ("notes", "4000 characters")),
    "not-utf8": (_raw(b'{"format": "\xff"}'), ("not UTF-8",)),
    "broken-json": (_raw(b'{"format":\n "infercost-project",,}'), ("line 2", "not valid JSON")),
    "newer-schema": (_newer, ("newer InferCost",)),
    "byte-order-mark": (_bom, None),
    "escapes-in-names": (_with_offer(provider=EVIL, llm_name=EVIL), None),
}

POSIX_ONLY = {"fifo", "symlink-to-dev-zero"}


def _make(tmp_path: Path, name: str, writer) -> Path:
    if name in POSIX_ONLY and not POSIX:
        pytest.skip("POSIX special file")
    path = tmp_path / f"{name}.infercost"
    writer(path)
    return path


class _Budget:
    """Wall time of one case and the process's peak memory."""

    def __enter__(self):
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        assert time.monotonic() - self.start < MAX_SECONDS
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < MAX_RSS_BYTES


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    with _Budget():
        code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert ESC not in out + err and "\x9b" not in out + err
    assert len(err) <= cli.MAX_ERROR_CHARS + 100
    return code, out, err


def _refused(code: int, err: str, path: Path, words) -> None:
    assert code == cli.EXIT_ERROR, err
    assert str(path) in err
    for word in words:
        assert word in err


# --- the CLI ----------------------------------------------------------------------------------

PROJECT_COMMANDS = (
    ("catalog",),
    ("catalog", "api_offers"),
    ("tco", "rtx-5090-rig"),
    ("cost", "--scenario", "seed-1-startup"),
    ("breakeven", "--scenario", "seed-3-local"),
)


@pytest.mark.parametrize("name", PROJECTS)
def test_cli_commands_refuse_or_read_hostile_projects(capsys, tmp_path, name):
    writer, words = PROJECTS[name]
    path = _make(tmp_path, name, writer)
    commands = PROJECT_COMMANDS if words is None else PROJECT_COMMANDS[:1]
    for command in commands:
        code, _out, err = _cli(capsys, *command, "--project", str(path))
        if words is None:
            assert code == cli.EXIT_OK, err
        else:
            _refused(code, err, path, words)
    # import-prices takes a project too, and must refuse it the same way
    price = tmp_path / "prices.json"
    price.write_text(
        json.dumps(
            {"m": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}
        )
    )
    code, _, err = _cli(capsys, "import-prices", str(price), "--project", str(path))
    if words is None:
        assert code == cli.EXIT_OK, err
    else:
        _refused(code, err, path, words)


# Refused by the guard itself, whatever the file claims to be: the same for --catalog.
GUARD_LEVEL = (
    "fifo",
    "symlink-to-dev-zero",
    "folder",
    "over-200-mb",
    "nested-100k",
    "nan",
    "int-400-digits",
    "not-utf8",
    "broken-json",
)


@pytest.mark.parametrize("name", GUARD_LEVEL)
def test_cli_catalog_files_go_through_the_same_guard(capsys, tmp_path, name):
    writer, words = PROJECTS[name]
    path = _make(tmp_path, name, writer)
    estimate = ["estimate", "--gpu", "h100-sxm", "--llm", "llama-3.3-70b", "--quant", "fp8"]
    for command in (["catalog"], estimate):
        code, _, err = _cli(capsys, *command, "--catalog", str(path))
        _refused(code, err, path, words)


@pytest.mark.parametrize("name", ["fifo", "nested-100k", "bool-price", "notes-190-mb"])
def test_cli_screenshot_refuses_hostile_projects_before_any_window(capsys, qapp, tmp_path, name):
    from PySide6.QtWidgets import QApplication

    writer, words = PROJECTS[name]
    path = _make(tmp_path, name, writer)
    before = set(QApplication.topLevelWidgets())
    code, _, err = _cli(capsys, "screenshot", str(tmp_path / "x.png"), "--project", str(path))
    _refused(code, err, path, words)
    assert set(QApplication.topLevelWidgets()) == before and not (tmp_path / "x.png").exists()


def test_escapes_in_names_never_reach_the_terminal(capsys, tmp_path):
    path = _make(tmp_path, "escapes", PROJECTS["escapes-in-names"][0])
    code, out, _ = _cli(capsys, "catalog", "api_offers", "--project", str(path))
    assert code == 0 and "evil" in out and "name" in out
    code, out, _ = _cli(capsys, "catalog", "openai/gpt-4o", "--project", str(path), "--json")
    assert code == 0 and json.loads(out)["entry"]["provider"] == EVIL  # escaped, not lost


def _price(tmp_path: Path, data, name: str = "prices.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return p


def _entry(**fields) -> dict:
    return {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, **fields}


def test_price_file_with_hostile_entries_imports_the_rest(capsys, tmp_path):
    lite = {
        "good": _entry(),
        "list-mode": _entry(mode=["chat"]),
        "dict-mode": _entry(mode={"chat": 1}),
        "underscore": _entry(input_cost_per_token="1_0"),
        "arabic": _entry(input_cost_per_token="١٢"),
        "bool": _entry(input_cost_per_token=True),
        "surrogate-\ud800-key": _entry(input_cost_per_token="x"),
        EVIL: _entry(output_cost_per_token=[1]),
        "huge-mode": _entry(mode="m" * 5_000_000),
        "dear": _entry(input_cost_per_token=0.002),  # $2,000/Mtok: imported, flagged
        "absurd": _entry(input_cost_per_token=1e300),
    }
    path = _price(tmp_path, lite)
    code, out, _ = _cli(capsys, "import-prices", str(path), "--skipped")
    assert code == 0 and "2 offers read" in out and "1 imported with an unusual price" in out
    assert "surrogate-\ufffd-key" in out and "evil" in out and len(out) < 5_000
    code, out, _ = _cli(capsys, "import-prices", str(path), "--json")
    report = json.loads(out)
    assert len(report["skipped"]) == 9 and "dear" in report["flagged"][0]["id"]
    assert {"surrogate-\ud800-key", EVIL} <= {s["key"] for s in report["skipped"]}


def test_openrouter_strings_are_strict(capsys, tmp_path):
    rows = [
        {"id": "a/ok", "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
        {"id": "a/underscore", "pricing": {"prompt": "1_0", "completion": "0"}},
        {"id": "a/padded", "pricing": {"prompt": " 1 ", "completion": "0"}},
    ]
    code, out, _ = _cli(capsys, "import-prices", str(_price(tmp_path, {"data": rows})), "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == ["openrouter/a/ok"]
    assert {s["key"] for s in report["skipped"]} == {"a/underscore", "a/padded"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fifo", ("named pipe",)),
        ("symlink-to-dev-zero", ("device",)),
        ("nested-100k", ("nested",)),
        ("int-400-digits", ("too large",)),
        ("199-mb-of-floats", ("values",)),
    ],
)
def test_hostile_price_files_are_refused(capsys, tmp_path, name, words):
    writer = PROJECTS[name][0]
    if name == "int-400-digits":
        writer = _raw('{"m": {"mode": "chat", "input_cost_per_token": 1' + "0" * 400 + "}}")
    path = _make(tmp_path, name, writer)
    code, _, err = _cli(capsys, "import-prices", str(path))
    _refused(code, err, path, words)


def test_exit_codes_are_the_same_for_every_command(capsys, tmp_path):
    missing = str(tmp_path / "missing.infercost")
    for command in (*PROJECT_COMMANDS, ("import-prices", missing)):
        code, _, err = _cli(capsys, *command, "--project", missing)
        assert code == cli.EXIT_ERROR and "no such file" in err
    with pytest.raises(SystemExit) as info:
        cli.main(["cost", "--volume", "lots"])
    assert info.value.code == cli.EXIT_USAGE
    capsys.readouterr()
    code, _, _ = _cli(capsys, "tco", "no-such-build")
    assert code == cli.EXIT_USAGE
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "exit codes: 0 success; 1 a file was refused" in capsys.readouterr().out.replace(
        "\n", " "
    ).replace("  ", " ")


@pytest.mark.skipif(not POSIX, reason="ru_maxrss of one child")
def test_a_valid_195_mb_project_loads_within_the_memory_budget(tmp_path):
    data = _project_dict()
    offer = data["project"]["catalog"]["api_offers"][0]
    offers = list(data["project"]["catalog"]["api_offers"])
    for i in range(42_000):  # 42,000 offers with 4,000-character notes: ~195 MB
        offers.append({**offer, "id": f"bulk/offer-{i}", "notes": "n" * 3_990})
    data["project"]["catalog"]["api_offers"] = offers
    path = tmp_path / "big.infercost"
    path.write_text(json.dumps(data), encoding="utf-8")
    del data, offers
    assert 190e6 < path.stat().st_size < MAX_FILE_BYTES
    start = time.monotonic()
    child = subprocess.run(
        [sys.executable, "-m", "infercost.cli", "catalog", "--project", str(path)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-500:]
    assert f"{len(default_project().catalog.api_offers) + 42_000}".encode() in child.stdout
    assert time.monotonic() - start < MAX_SECONDS
    # The peak of the largest child so far: if that is within budget, this one is.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 < MAX_RSS_BYTES


# --- the GUI: open, import, restore ----------------------------------------------------------


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text: shown.append((title, text))
    )
    return shown


@pytest.fixture
def reports(monkeypatch):
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        dialogs,
        "show_report",
        lambda parent, title, text, details="": shown.append((title, text, details)),
    )
    return shown


def _unsaved_edit(window) -> None:
    window.stack.push_command(SetField(window.doc, "api_offers", 0, "input_usd_per_mtok", 7.25))


def _intact(window) -> None:
    assert window.doc.project.catalog.api_offers[0].input_usd_per_mtok == 7.25
    assert not window.stack.isClean() and window.isWindowModified()
    assert QGuiApplication.overrideCursor() is None


@pytest.mark.parametrize("name", PROJECTS)
def test_gui_open_refuses_hostile_projects_and_keeps_the_unsaved_work(
    window, monkeypatch, tmp_path, errors, name
):
    writer, words = PROJECTS[name]
    path = _make(tmp_path, name, writer)
    _unsaved_edit(window)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, doc: "discard")
    with _Budget():
        opened = window.open(path)
    if words is None:
        assert opened and not errors and window.doc.path == path
        return
    assert not opened
    [(title, text)] = errors
    assert title == "Cannot open project" and str(path) in text and len(text) < 5_000
    for word in words:
        assert word in text
    _intact(window)


def test_gui_import_of_hostile_price_files(window, tmp_path, errors, reports):
    _unsaved_edit(window)
    nested = _make(tmp_path, "nested-100k", PROJECTS["nested-100k"][0])
    big_int = tmp_path / "int.json"
    big_int.write_text('{"m": {"mode": "chat", "input_cost_per_token": 1' + "0" * 400 + "}}")
    for path in (nested, big_int, tmp_path / "missing.json"):
        with _Budget():
            assert not _import(window, path)
        assert str(path) in errors[-1][1]
        _intact(window)
    assert len(errors) == 3
    mixed = _price(
        tmp_path,
        {
            "list-mode": _entry(mode=["x"]),
            EVIL: _entry(output_cost_per_token=[1]),
            "ok": _entry(),
            "dear": _entry(input_cost_per_token=0.002),
        },
    )
    assert _import(window, mixed)
    _title, text, details = reports[-1]
    assert "2 offers read" in text and "unusually high" in text
    assert ESC not in text + details and "\x9b" not in details
    assert "list-mode" in details and "evil" in details
    window.stack.undo()  # the import is one step; the unsaved edit is still there
    _intact(window)


def _import(window, path: Path) -> bool:
    from infercost.gui.price_import import import_prices

    return import_prices(window, path)


DAMAGED_AUTOSAVES = {
    "pid-1e400": lambda t: t.replace('"pid": 1', '"pid": 1e400, "x": 1', 1),
    "pid-20-digits": lambda t: t.replace('"pid": 1', '"pid": 12345678901234567890, "x": 1', 1),
    "saved-at-1e300": lambda t: t.replace('"saved_at": 1', '"saved_at": 1e300, "x": 1', 1),
    "saved-at-nan": lambda t: t.replace('"saved_at": 1', '"saved_at": NaN, "x": 1', 1),
    "nested-100k": lambda t: "[" * 100_000 + "]" * 100_000,
    "price-true": lambda t: t.replace('"input_usd_per_mtok": 2.5', '"input_usd_per_mtok": true', 1),
}


# Absurd metadata in an otherwise good copy is replaced (pid unknown, time from the file).
RESTORABLE = {"pid-20-digits", "saved-at-1e300"}


@pytest.mark.parametrize("name", DAMAGED_AUTOSAVES)
def test_gui_restore_never_blocks_start_up(window, monkeypatch, tmp_path, errors, name):
    folder = autosave.autosave_dir()
    folder.mkdir(parents=True)
    data = json.loads(project_to_text(default_project()))
    data["autosave"] = {"original": None, "saved_at": 1_700_000_000.0, "pid": 12345}
    bad = folder / "autosave-crashed.infercost"
    bad.write_text(DAMAGED_AUTOSAVES[name](json.dumps(data)), encoding="utf-8")
    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, found: "restore")
    _unsaved_edit(window)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, doc: "discard")
    with _Budget():
        restored = window.offer_restore()
    if name in RESTORABLE:
        assert restored and not errors and not bad.exists()
        assert window.doc.project.catalog.api_offers[0].input_usd_per_mtok == 2.5
        return
    assert restored is False
    assert not bad.exists() and list(folder.glob("*.damaged"))
    [(_title, text)] = errors[-1:]
    assert "moved aside" in text and str(bad) in text
    _intact(window)
    errors.clear()
    assert window.offer_restore() is False and not errors  # reported once, then gone


@pytest.mark.skipif(not POSIX, reason="FIFO")
def test_gui_restore_with_a_fifo_in_the_autosave_folder(window, errors):
    folder = autosave.autosave_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "autosave-1.infercost")
    with _Budget():
        assert window.offer_restore() is False
    assert "named pipe" in errors[0][1]


def test_the_app_starts_with_a_damaged_autosave_and_a_file_argument(
    qapp, monkeypatch, tmp_path, errors
):
    from infercost.gui import app
    from infercost.gui.main_window import MainWindow

    folder = autosave.autosave_dir()
    folder.mkdir(parents=True)
    (folder / "autosave-9.infercost").write_text('{"autosave": {"pid": 1e400}}')
    project = tmp_path / "p.infercost"
    project.write_text(project_to_text(default_project()))
    windows: list[MainWindow] = []
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    monkeypatch.setattr(app, "excepthook", sys.excepthook)  # the test's recorder stays in place
    monkeypatch.setattr(MainWindow, "show", lambda self: windows.append(self))
    assert app.main(["infercost", str(project)]) == 0
    [window] = windows
    assert window.doc.path == project and "moved aside" in errors[0][1]
    window.stack.setClean()
    window.close()
    window.deleteLater()


def test_recovery_is_offered_when_the_app_starts_with_a_file(qapp, monkeypatch, tmp_path):
    from infercost.gui import app
    from infercost.gui.main_window import MainWindow

    folder = autosave.autosave_dir()
    folder.mkdir(parents=True)
    data = json.loads(project_to_text(default_project()))
    data["project"]["catalog"]["api_offers"][0]["input_usd_per_mtok"] = 6.75
    data["autosave"] = {"original": None, "saved_at": 1_700_000_000.0, "pid": os.getppid()}
    (folder / "autosave-crashed.infercost").write_text(json.dumps(data))
    project = tmp_path / "double-clicked.infercost"
    project.write_text(project_to_text(default_project()))
    asked = []
    monkeypatch.setattr(
        dialogs, "ask_restore", lambda parent, found: asked.append(found) or "restore"
    )
    windows: list[MainWindow] = []
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    monkeypatch.setattr(app, "excepthook", sys.excepthook)
    monkeypatch.setattr(MainWindow, "show", lambda self: windows.append(self))
    assert app.main(["infercost", str(project)]) == 0
    [window] = windows
    # A live process has the recorded pid, but no instance holds the copy's lock: offered.
    assert len(asked) == 1
    assert window.doc.project.catalog.api_offers[0].input_usd_per_mtok == 6.75
    assert window.isWindowModified()
    window.stack.setClean()
    window.close()
    window.deleteLater()
