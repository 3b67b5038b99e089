"""Project files: round trip, golden v1 file, newer-version refusal, atomic saves, autosaves."""

import json
import os
import sys
from pathlib import Path

import pytest

from infercost.model.catalog.fileio import CURRENT_VERSION, default_catalog
from infercost.model.catalog.project import Project
from infercost.model.errors import CatalogError, FileFormatError
from infercost.model.interchange import autosave, project_io
from infercost.model.interchange.autosave import orphaned_autosaves, remove_autosave, write_autosave
from infercost.model.interchange.project_io import load_project, project_to_text, save_project

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def project() -> Project:
    return load_project(DATA / "project-v1.infercost")


def test_golden_v1_file_loads_with_its_figures(project):
    assert project.name == "Golden v1: chat assistant"
    assert project.catalog.offer("openai/gpt-4o-mini").input_usd_per_mtok == 0.15
    assert project.catalog.build("rtx-5090-rig").amortization_years == 3
    assert project.workload("chat").monthly_tokens == 2.5e8
    assert [o.label for o in project.scenario("api-vs-5090").options][-1] == "RTX 5090 rig"


def test_round_trip_is_identical(project, tmp_path):
    path = tmp_path / "a.infercost"
    save_project(project, path)
    again = load_project(path)
    assert again == project
    assert project_to_text(again) == path.read_text(encoding="utf-8")


def test_default_catalog_project_round_trips(tmp_path):
    p = Project(name="Default", catalog=default_catalog())
    save_project(p, tmp_path / "d.infercost")
    assert load_project(tmp_path / "d.infercost") == p


def test_newer_version_is_refused_with_a_message(tmp_path):
    data = json.loads((DATA / "project-v1.infercost").read_text())
    data["schema_version"] = 99
    path = tmp_path / "new.infercost"
    path.write_text(json.dumps(data))
    with pytest.raises(
        FileFormatError, match=r"newer InferCost \(schema version 99.*Update InferCost"
    ):
        load_project(path)


def test_a_catalog_file_is_not_a_project(tmp_path):
    path = tmp_path / "c.infercost"
    path.write_text(json.dumps({"format": "infercost-catalog", "schema_version": 1, "catalog": {}}))
    with pytest.raises(FileFormatError, match="not an infercost-project file"):
        load_project(path)


def test_bad_entry_is_named(tmp_path):
    data = json.loads((DATA / "project-v1.infercost").read_text())
    data["project"]["catalog"]["api_offers"][0]["input_usd_per_mtok"] = -3
    path = tmp_path / "bad.infercost"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError, match=r"api_offers\[0\] 'openai/gpt-4o' > input_usd_per_mtok"):
        load_project(path)


@pytest.mark.parametrize("fail_at", ["fsync", "replace"])
def test_failed_save_leaves_the_old_file_byte_identical(project, tmp_path, monkeypatch, fail_at):
    path = tmp_path / "p.infercost"
    save_project(project, path)
    old = path.read_bytes()
    changed = project.model_copy(update={"name": "Changed"})

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(project_io.os, fail_at, boom)
    with pytest.raises(FileFormatError, match="not saved: No space left on device"):
        save_project(changed, path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.infercost"]  # no temp file left


def test_held_file_is_retried_then_explained(project, tmp_path, monkeypatch):
    path = tmp_path / "p.infercost"
    save_project(project, path)
    old = path.read_bytes()
    calls = []

    def held(*_a):
        calls.append(1)
        raise PermissionError(13, "held by another program")

    monkeypatch.setattr(project_io, "REPLACE_RETRY_S", 0.25)
    monkeypatch.setattr(project_io.os, "replace", held)
    with pytest.raises(FileFormatError, match="another program is holding the file"):
        save_project(project.model_copy(update={"name": "X"}), path)
    assert len(calls) >= 2
    assert path.read_bytes() == old


def test_missing_folder_is_a_clear_error(project, tmp_path):
    with pytest.raises(FileFormatError, match="the folder does not exist"):
        save_project(project, tmp_path / "nope" / "p.infercost")


def test_autosave_is_only_offered_when_its_process_is_gone(project, tmp_path):
    written = write_autosave(project, Path("/somewhere/orig.infercost"), tmp_path)
    assert load_project(written) == project
    assert orphaned_autosaves(tmp_path) == []  # ours: this process is alive
    # A copy left by a process that no longer exists (pid far above any pid_max).
    data = json.loads(written.read_text())
    data["autosave"]["pid"] = 2**22 + 12345
    orphan = tmp_path / "autosave-4206649.infercost"
    orphan.write_text(json.dumps(data))
    found = orphaned_autosaves(tmp_path)
    assert [a.path for a in found] == [orphan]
    assert found[0].original == Path("/somewhere/orig.infercost")
    assert load_project(found[0].path) == project
    remove_autosave(tmp_path)
    assert not written.exists()
    assert orphan.exists()


def test_autosave_dir_is_in_the_user_data_folder():
    d = autosave.autosave_dir()
    assert d.name == "autosave"
    assert "InferCost" in str(d) or "infercost" in str(d).lower()
    assert os.path.isabs(d)


def test_golden_v2_file_loads_with_quality_facts_and_figures():
    # Version 2 added quality tiers, a scenario's quality needed and matrix facts, and the
    # source document's figures; version-1 files migrate unchanged (their defaults).
    p = load_project(DATA / "project-v2.infercost")
    s = p.scenario("seed-3-local")
    assert s.quality_needed == "fast-cheap" and s.single_developer
    assert s.document_figures[-1].document_text == "~250M tokens/month"
    assert p.catalog.offer("openai/gpt-4o-mini").quality_tier == "good-general"
    assert p.catalog.llm("qwen2.5-14b").quality_tier == "fast-cheap"
    from infercost.model.costing.advisor import advise

    assert advise(p, "seed-3-local").rule.id == "single-developer"


def test_v1_files_migrate_to_the_current_version(project, tmp_path):
    save_project(project, tmp_path / "v.infercost")
    assert (
        json.loads((tmp_path / "v.infercost").read_text())["schema_version"]
        == CURRENT_VERSION["infercost-project"]
    )


posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symlinks")


@posix_only
def test_saving_keeps_the_files_mode(project, tmp_path):
    path = tmp_path / "shared.infercost"
    save_project(project, path)
    path.chmod(0o664)
    save_project(project.model_copy(update={"name": "Again"}), path)
    assert path.stat().st_mode & 0o777 == 0o664
    assert load_project(path).name == "Again"


@posix_only
def test_a_new_file_follows_the_umask(project, tmp_path):
    old = os.umask(0o027)
    try:
        save_project(project, tmp_path / "new.infercost")
    finally:
        os.umask(old)
    assert (tmp_path / "new.infercost").stat().st_mode & 0o777 == 0o640


@posix_only
def test_saving_through_a_symlink_writes_its_target(project, tmp_path):
    real = tmp_path / "real" / "p.infercost"
    real.parent.mkdir()
    save_project(project, real)
    link = tmp_path / "link.infercost"
    link.symlink_to(real)
    save_project(project.model_copy(update={"name": "Via link"}), link)
    assert link.is_symlink()
    assert load_project(real).name == "Via link"
    assert list(tmp_path.glob(".*.tmp")) == [] and list(real.parent.glob(".*.tmp")) == []


def test_stale_temp_files_of_ours_are_removed_on_save(project, tmp_path):
    path = tmp_path / "p.infercost"
    stale = tmp_path / ".p.infercost.ab12cd_9.tmp"  # as an older InferCost named ours
    fresh = tmp_path / ".p.infercost.zz12cd_9.tmp"  # maybe another save in progress
    foreign = tmp_path / ".other.infercost.ab12cd_9.tmp"
    for f in (stale, fresh, foreign):
        f.write_text("half-written")
    old = project_io.time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    save_project(project, path)
    assert not stale.exists()
    assert fresh.exists() and foreign.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_temp_files_a_killed_save_left_are_removed_at_once_in_the_whole_folder(project, tmp_path):
    import fcntl

    dead = tmp_path / ".other.xlsx.infercost-ab12cd_9.tmp"  # any target: ours by the mark
    live = tmp_path / ".p.infercost.infercost-zz12cd_9.tmp"
    not_ours = tmp_path / ".p.infercost.xx.tmp"
    for f in (dead, live, not_ours):
        f.write_text("half-written")
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a save in progress in another process
        save_project(project, tmp_path / "p.infercost")
        assert not dead.exists() and live.exists() and not_ours.exists()
    assert project_io.remove_stale_temps(tmp_path) == 1 and not live.exists()


def test_a_lone_surrogate_never_crashes_a_save_and_is_refused_cleanly(project, tmp_path):
    path = tmp_path / "s.infercost"
    save_project(project.model_copy(update={"name": "odd \ud800 name"}), path)
    path.read_bytes().decode("utf-8")  # written as a JSON escape: valid UTF-8
    with pytest.raises(CatalogError, match=r"name: .*unicode"):
        load_project(path)


def test_a_byte_order_mark_is_accepted(project, tmp_path):
    path = tmp_path / "bom.infercost"
    path.write_bytes(b"\xef\xbb\xbf" + project_to_text(project).encode())
    assert load_project(path) == project


def test_v2_files_that_left_the_old_defaults_unset_keep_their_meaning(tmp_path):
    """Version 3 changed three defaults (utilization 0.7, energy by idle + load, power at the
    wall); a version-2 file that relied on the old ones (1, "build", "gpu") still means them."""
    data = json.loads((DATA / "project-v2.infercost").read_text())
    assert data["schema_version"] == 2
    payload = data["project"]
    del payload["catalog"]["builds"][0]["power_scope"]
    rig = payload["scenarios"][0]["options"][1]["option"]
    assert rig["kind"] == "owned"
    del rig["utilization"], rig["energy_basis"]
    (tmp_path / "old.infercost").write_text(json.dumps(data))
    p = load_project(tmp_path / "old.infercost")
    opt = p.scenario("seed-3-local").options[1].option
    assert (opt.utilization, opt.energy_basis, opt.use_own_figure) == (1.0, "build", False)
    assert p.catalog.build("rtx-5090-rig").power_scope == "gpu"
    # A file written now states the new defaults explicitly and reads back the same.
    save_project(p, tmp_path / "new.infercost")
    again = load_project(tmp_path / "new.infercost")
    assert again == p


def test_new_options_and_builds_take_the_honest_defaults():
    from infercost.model.catalog.build import Build
    from infercost.model.catalog.scenario import OwnedOption, RentalOption

    assert RentalOption(rental_id="r").utilization == 0.7
    owned = OwnedOption(build_id="b")
    assert (owned.utilization, owned.energy_basis, owned.use_own_figure) == (0.7, "volume", False)
    assert Build(id="b", name="B").power_scope == "system"


def test_a_v2_catalog_build_without_a_power_scope_keeps_gpu_power():
    from infercost.model.catalog.fileio import catalog_from_dict

    data = json.loads((DATA / "project-v2.infercost").read_text())
    catalog = data["project"]["catalog"]
    del catalog["builds"][0]["power_scope"]
    cat = catalog_from_dict({"format": "infercost-catalog", "schema_version": 2,
                             "catalog": catalog})  # fmt: skip
    assert cat.build("rtx-5090-rig").power_scope == "gpu"
