"""The start-up check for the Qt xcb plugin's system libraries, with ldd's output faked."""

from pathlib import Path

from infercost.gui import app, platform_check
from infercost.gui.platform_check import check, missing_libraries, uses_xcb

PLUGIN = Path("/x/PySide6/Qt/plugins/platforms/libqxcb.so")

LDD_MISSING_CURSOR = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => /lib/x86_64-linux-gnu/libxcb-icccm.so.4 (0x00007f2)
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-cursor.so.0 => not found
"""
LDD_ALL_FOUND = "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f3)\n"


def fake_ldd(output: str):
    calls = []

    def run(argv):
        calls.append(argv)
        return output

    run.calls = calls
    return run


def test_each_missing_library_is_named_once_in_order():
    run = fake_ldd(LDD_MISSING_CURSOR)
    assert missing_libraries(PLUGIN, run) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]
    assert run.calls == [["ldd", str(PLUGIN)]]


def test_the_message_is_one_line_with_debian_and_fedora_packages():
    msg = check({"DISPLAY": ":0"}, PLUGIN, fake_ldd(LDD_MISSING_CURSOR), "linux")
    assert msg is not None and "\n" not in msg
    assert "libxcb-cursor.so.0, libxkbcommon-x11.so.0" in msg
    assert "sudo apt install libxcb-cursor0 libxkbcommon-x11-0" in msg
    assert "sudo dnf install libxkbcommon-x11 xcb-util-cursor" in msg


def test_nothing_to_say_when_everything_is_found_or_ldd_is_missing():
    assert check({"DISPLAY": ":0"}, PLUGIN, fake_ldd(LDD_ALL_FOUND), "linux") is None

    def no_ldd(argv):
        raise FileNotFoundError("ldd")

    assert check({"DISPLAY": ":0"}, PLUGIN, no_ldd, "linux") is None


def test_only_when_qt_would_start_on_xcb():
    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "darwin")
    run = fake_ldd(LDD_MISSING_CURSOR)
    assert check({"QT_QPA_PLATFORM": "offscreen"}, PLUGIN, run, "linux") is None
    assert run.calls == []  # ldd is not even run


def test_the_app_prints_the_line_and_exits_non_zero_before_qt(monkeypatch, capsys):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(platform_check, "xcb_plugin", lambda: PLUGIN)
    monkeypatch.setattr(platform_check, "_ldd", lambda argv: LDD_MISSING_CURSOR)
    monkeypatch.setattr(platform_check.sys, "platform", "linux")

    def no_qt(argv):
        raise AssertionError("Qt must not start")

    monkeypatch.setattr(app, "make_app", no_qt)
    assert app.main(["infercost"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("InferCost cannot start its X11 window") and err.count("\n") == 1


def test_the_real_plugin_is_found_where_the_wheel_puts_it():
    plugin = platform_check.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
