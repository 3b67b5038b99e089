"""infercost-cli import-prices: dry run by default, merged project with --out, clean errors."""

import json
from pathlib import Path

import pytest

from infercost import cli
from infercost.model.catalog.defaults import default_project
from infercost.model.interchange.project_io import load_project, save_project

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "openrouter-models-sample.json"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_dry_run_reports_and_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "import-prices", str(SAMPLE))
    assert code == 0
    assert "3 offers read; 3 added, 0 replaced" in out
    assert "4 entries skipped" in out
    assert "Nothing written" in out
    assert list(tmp_path.iterdir()) == []


def test_out_writes_a_project_the_app_can_open(capsys, tmp_path):
    code, _, _ = run(capsys, "import-prices", str(SAMPLE), "--out", str(tmp_path / "p"))
    assert code == 0
    project = load_project(tmp_path / "p.infercost")
    assert project.catalog.offer("openrouter/openai/gpt-4o").output_usd_per_mtok == 10.0
    assert len(project.scenarios) == len(default_project().scenarios)


def test_json_lists_every_skip_and_keep_existing(capsys, tmp_path):
    base = tmp_path / "base.infercost"
    save_project(default_project(), base)
    run(capsys, "import-prices", str(SAMPLE), "--project", str(base), "--out", str(base))
    code, out, _ = run(
        capsys, "import-prices", str(SAMPLE), "--project", str(base), "--keep-existing", "--json"
    )
    report = json.loads(out)
    assert code == 0
    assert report["added"] == [] and report["replaced"] == []
    assert sorted(report["kept"]) == sorted(
        [
            "openrouter/openai/gpt-4o",
            "openrouter/meta-llama/llama-3.3-70b-instruct-free",
            "openrouter/deepseek/deepseek-chat",
        ]
    )
    reasons = {s["key"]: s["reason"] for s in report["skipped"]}
    assert "variable pricing" in reasons["openrouter/auto"]
    assert report["written"] is None


@pytest.mark.parametrize(
    ("content", "needle"),
    [("{oops", "not valid JSON"), ('{"data": {}}', '"data" list'), ("", "not valid JSON")],
)
def test_broken_price_file_is_a_clean_error(capsys, tmp_path, content, needle):
    bad = tmp_path / "prices.json"
    bad.write_text(content)
    out_file = tmp_path / "out.infercost"
    code, _, err = run(capsys, "import-prices", str(bad), "--out", str(out_file))
    assert code == 1
    assert needle in err and str(bad) in err
    assert not out_file.exists()


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["import-prices", str(SAMPLE), "--format", "csv"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
