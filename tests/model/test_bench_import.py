"""Issue 18: bring your own measurements (llama-bench, benchmark-serving) and calibration."""

import csv
import json
from pathlib import Path

import pytest

from infercost import cli
from infercost.model.catalog.fileio import default_catalog
from infercost.model.errors import FileFormatError
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.interchange.bench_import import Overrides, read_bench
from infercost.model.interchange.calibration import calibrate, predicted
from infercost.model.interchange.project_io import load_project

BENCH = Path(__file__).parent.parent / "data" / "bench"
LLAMA_JSON = BENCH / "llama-bench-rtx4090.json"

# llama-bench's default output (padding trimmed); the combined test is refused.
MARKDOWN = """\
| model | size | params | backend | ngl | test | t/s |
| --- | ---: | ---: | --- | --: | ---: | ---: |
| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | pp1024 | 6898.71 ± 12.00 |
| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | tg1024 | 127.74 ± 0.20 |
| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | pp512+tg128 | 999.00 ± 1.00 |

build: e7b4d0d (2963)
"""


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def test_llama_bench_json_is_tied_to_catalog_ids(cat):
    read = read_bench(LLAMA_JSON, cat)
    assert read.kind == "llama-bench JSON" and len(read.points) == 4
    p = read.points[1]
    assert (p.gpu_id, p.llm_id, p.quant_id, p.phase) == (
        "rtx-4090",
        "llama-3.1-8b",
        "q4_k_m",
        "decode",
    )
    assert (p.tokens_per_s, p.concurrency, p.context_tokens, p.engine_id) == (
        127.74,
        1,
        512,
        "llama.cpp",
    )
    assert read.points[2].quant_id == "f16" and read.points[2].phase == "prefill"


def test_markdown_and_csv_give_the_same_points(cat, tmp_path):
    md = tmp_path / "bench.md"
    md.write_text(MARKDOWN)
    read = read_bench(md, cat, Overrides(gpu_id="rtx-4090"))
    assert [(p.phase, p.tokens_per_s) for p in read.points] == [
        ("prefill", 6898.71),
        ("decode", 127.74),
    ]
    assert read.rejected[0][1] == "test 'pp512+tg128' is not ppN or tgN"
    rows = json.loads(LLAMA_JSON.read_text())
    out = tmp_path / "bench.csv"
    with out.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    from_csv = read_bench(out, cat)
    assert [p.tokens_per_s for p in from_csv.points] == [
        p.tokens_per_s for p in read_bench(LLAMA_JSON, cat).points
    ]


def test_markdown_without_a_gpu_asks_for_one(cat, tmp_path):
    md = tmp_path / "bench.md"
    md.write_text(MARKDOWN)
    with pytest.raises(FileFormatError, match="give --gpu"):
        read_bench(md, cat)


def test_serving_records_decode_from_time_per_token(cat):
    read = read_bench(
        BENCH / "vllm-serving-h100.jsonl", cat, Overrides(gpu_id="h100-sxm", quant_id="bf16")
    )
    assert [round(p.tokens_per_s, 1) for p in read.points] == [154.3, 607.0]
    assert [p.concurrency for p in read.points] == [1, 4]
    assert read.points[0].llm_id == "llama-3.1-8b" and read.points[0].engine_id == "vllm"


def test_calibration_fits_the_bandwidth_share_and_lowers_the_decode_error(cat):
    read = read_bench(LLAMA_JSON, cat)
    (cal,) = calibrate(cat, read.points)
    assert cal.gpu_id == "rtx-4090" and 0.6 < cal.mem_efficiency_after < 0.95
    decode = [r for r in cal.rows if r.point.phase == "decode"]
    # The fit puts the decode points' median log error at zero: one above, one below.
    assert sorted(r.error_after_pct > 0 for r in decode) == [False, True]
    assert max(abs(r.error_after_pct) for r in decode) < max(
        abs(r.error_before_pct) for r in decode
    )
    # The fitted share is a physical input: the GPU with it gives the fitted estimate.
    g = cat.gpu("rtx-4090").model_copy(update={"mem_efficiency": cal.mem_efficiency_after})
    c2 = cat.model_copy(update={"gpus": [g if x.id == g.id else x for x in cat.gpus]})
    assert predicted(c2, decode[0].point) == pytest.approx(decode[0].estimate_after)


def test_import_bench_cli_prints_the_error_table_and_writes(capsys, tmp_path):
    out = tmp_path / "calibrated"
    code = cli.main(["import-bench", str(LLAMA_JSON), "--out", str(out)])
    text, err = capsys.readouterr()
    assert code == 0, err
    assert "rtx-4090: decode reaches 0." in text and "median / worst error:" in text
    assert "tg1024             1     512     127.7" in text
    project = load_project(out.with_suffix(".infercost"))
    assert project.catalog.gpu("rtx-4090").mem_efficiency is not None
    # The estimate now uses the imported measurement for that exact configuration.
    req = EstimateRequest(
        gpu_id="rtx-4090", llm_id="llama-3.1-8b", quant_id="q4_k_m", context_tokens=512
    )
    est = estimate(project.catalog, req)
    assert est.decode_source == "measured" and est.typical.decode_tokens_per_s == 127.74


def test_import_bench_refusals(capsys, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    assert cli.main(["import-bench", str(bad)]) == 1
    assert "neither llama-bench output" in capsys.readouterr().err
    assert cli.main(["import-bench", str(LLAMA_JSON), "--gpu", "rtx-9999"]) == 1
    assert "Unknown GPU 'rtx-9999'" in capsys.readouterr().err
