"""``infercost --selftest`` names what failed in one line and exits 1 (the passing run is
exercised on the installed wheel by tests/test_install.py and on the frozen app by
packaging/smoke.sh)."""

import pytest

from infercost import cli
from infercost.cli import examples as cli_examples
from infercost.gui import selftest
from infercost.gui.main_window import MainWindow


def test_every_subcommand_has_a_module_a_bundler_sees_and_an_example(tmp_path):
    runs = cli_examples.examples(tmp_path)
    assert list(runs) == list(cli.SUBCOMMANDS)
    for name, argv in runs.items():
        assert argv[0] == name
        assert callable(cli.command_module(name).run)
    with pytest.raises(KeyError, match="add it to command_module"):
        cli.command_module("no-such-command")


def test_a_view_that_cannot_build_fails_the_selftest(monkeypatch, capsys):
    def broken(self):
        raise ModuleNotFoundError("No module named 'infercost.gui.breakeven'")

    monkeypatch.setattr(MainWindow, "_make_breakeven_view", broken)
    monkeypatch.setattr(selftest, "_cli", lambda tmp: 0)
    assert selftest.run() == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "infercost selftest FAILED: Break-even: ModuleNotFoundError: "
        "No module named 'infercost.gui.breakeven'"
    )


def test_a_failing_subcommand_fails_the_selftest(monkeypatch, capsys):
    monkeypatch.setattr(selftest, "_gui", lambda tmp: (0, 0))
    good = cli_examples.examples

    def with_a_bad_id(folder):
        runs = good(folder)
        runs["tco"] = ["tco", "no-such-build"]
        return runs

    monkeypatch.setattr(cli_examples, "examples", with_a_bad_id)
    assert selftest.run() == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("infercost selftest FAILED: infercost-cli tco exited with 2:")
    assert "no-such-build" in err[0]


def test_missing_example_fails_the_selftest(monkeypatch, capsys):
    monkeypatch.setattr(selftest, "_gui", lambda tmp: (0, 0))
    monkeypatch.setitem(cli.SUBCOMMANDS, "brand-new", "a subcommand added without an example")
    assert selftest.run() == 1
    assert "no self-test example for: brand-new" in capsys.readouterr().err
