"""Save-as names: the .infercost extension is added whenever the typed name lacks it."""

from pathlib import Path

import pytest

from infercost.gui.dialogs import with_project_suffix


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("/tmp/plan", "/tmp/plan.infercost"),
        ("/tmp/plan v1.5", "/tmp/plan v1.5.infercost"),
        ("/tmp/plan.json", "/tmp/plan.json.infercost"),
        ("/tmp/plan.infercost", "/tmp/plan.infercost"),
        ("/tmp/PLAN.INFERCOST", "/tmp/PLAN.INFERCOST"),
    ],
)
def test_save_as_always_ends_in_the_project_extension(typed, saved):
    assert with_project_suffix(typed) == Path(saved)


def test_save_as_suggests_a_file_name_not_a_folder(window, monkeypatch, tmp_path):
    from infercost.gui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "save_path", lambda _parent, start: asked.append(start))
    window.settings.last_dir = str(tmp_path)
    window.doc.project.name = "A/B test: 70B?"
    assert window.save_as() is False
    assert Path(asked[0]) == tmp_path / "A-B test- 70B-.infercost"
