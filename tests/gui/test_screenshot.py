"""``infercost-cli screenshot`` renders a view offscreen to a PNG and refuses bad arguments."""

from PySide6.QtGui import QImage

from infercost import cli
from infercost.gui import theme


def test_screenshot_writes_a_png_of_the_requested_size(tmp_path, qapp):
    out = tmp_path / "shot.png"
    try:
        assert (
            cli.main(["screenshot", str(out), "--view", "catalog/gpus", "--size", "900x560"]) == 0
        )
    finally:
        theme.apply_theme(qapp, "light")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 560)


def test_bad_view_and_size_are_refused(tmp_path, capsys):
    assert cli.main(["screenshot", str(tmp_path / "x.png"), "--view", "nope"]) == 2
    assert "unknown view 'nope'" in capsys.readouterr().err
    assert cli.main(["screenshot", str(tmp_path / "x.png"), "--size", "big"]) == 2
    assert "--size must look like 1400x820" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_screenshot_of_the_scenarios_view_with_a_project_and_theme(tmp_path, qapp, capsys):
    from infercost.model.catalog.defaults import default_project
    from infercost.model.interchange.project_io import save_project

    project = tmp_path / "p.infercost"
    save_project(default_project(), project)
    out = tmp_path / "scenarios.png"
    argv = ["screenshot", str(out), "--view", "scenarios/figures", "--project", str(project),
            "--theme", "dark", "--select", "seed-3-local", "--size", "1000x600"]  # fmt: skip
    try:
        assert cli.main(argv) == 0
    finally:
        theme.apply_theme(qapp, "light")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 600)
    assert cli.main(["screenshot", str(out), "--view", "scenarios", "--select", "nope"]) == 2
    assert "Unknown scenario 'nope'" in capsys.readouterr().err


def test_screenshot_of_the_breakeven_view_in_the_dark_scheme(tmp_path, qapp):
    out = tmp_path / "be.png"
    args = ["screenshot", str(out), "--view", "breakeven", "--select", "seed-3-local"]
    try:
        assert cli.main([*args, "--theme", "dark", "--size", "1000x700"]) == 0
    finally:
        theme.apply_theme(qapp, "light")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # The chart's dark background fills the middle of the window.
    assert image.pixelColor(500, 300).lightness() < 80


def test_screenshot_of_an_unknown_scenario_is_refused(tmp_path, capsys, qapp):
    args = ["screenshot", str(tmp_path / "x.png"), "--view", "breakeven", "--select", "nope"]
    try:
        assert cli.main(args) != 0
    finally:
        theme.apply_theme(qapp, "light")
    assert "no scenario 'nope'" in capsys.readouterr().err
