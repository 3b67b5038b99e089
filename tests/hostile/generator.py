"""The hostile-file generator (issue 16): every class of file that once crashed, hung,
exhausted memory or was misread, and variants of each. A case is a file name, a writer and
what must happen: a clean refusal with these words, or a clean import (with these rejections
or notes). Large files are written once per session, sparse or streamed, in a temporary
folder; ``make_all(folder)`` writes the whole set."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import MAX_SCENARIO_OPTIONS
from infercost.model.interchange.excel_guard import MAX_CELLS, MAX_ROWS, MAX_SHARED_STRINGS
from infercost.model.interchange.project_io import project_to_text
from tests.hostile.xlsx import (
    Formula,
    RawNumber,
    Sheet,
    offers_sheet,
    set_version_needed,
    write_xlsx,
)


@dataclass(frozen=True)
class Case:
    """One hostile file: ``refused`` words of the refusal (None: it imports or opens),
    ``rejected``/``notes`` words that the import preview must show."""

    name: str
    kind: str  # project, workbook, csv, prices
    write: Callable[[Path], None]
    refused: tuple[str, ...] | None = None
    rejected: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    posix_only: bool = False

    @property
    def filename(self) -> str:
        suffix = {"project": ".infercost", "workbook": ".xlsx", "csv": ".csv", "prices": ".json"}
        return self.name + suffix[self.kind]


def _project() -> dict:
    return json.loads(project_to_text(default_project()))


def _dump(p: Path, data: dict) -> None:
    p.write_text(json.dumps(data), encoding="utf-8")


# --- projects ------------------------------------------------------------------------------


def _trailing_project_key(p: Path) -> None:
    text = json.dumps(_project(), indent=1)
    p.write_text(text[:-2] + ',\n "project": {"name": "x"}\n}', encoding="utf-8")


def _repeated_price_key(p: Path) -> None:
    text = json.dumps(_project(), indent=1)
    p.write_text(
        text.replace(
            '"input_usd_per_mtok": 2.5', '"input_usd_per_mtok": 2.5, "input_usd_per_mtok": 0', 1
        ),
        encoding="utf-8",
    )


def _with_scenario(**changes) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        data = _project()
        data["project"]["scenarios"][0].update(changes)
        _dump(p, data)

    return write


def _many_options(n: int) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        data = _project()
        scenario = data["project"]["scenarios"][0]
        first = scenario["options"][0]
        scenario["options"] = [{**first, "label": f"Option {i}"} for i in range(n)]
        scenario["document_figures"] = []
        _dump(p, data)

    return write


def _big_build(gpus: int) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        data = _project()
        cat = data["project"]["catalog"]
        gpu = cat["gpus"][0]["id"]
        build = dict(cat["builds"][0], id="huge-cluster", name="Huge cluster")
        build["lines"] = [{"item_id": gpu, "quantity": gpus}]
        cat["builds"].append(build)
        _dump(p, data)

    return write


def _free_twins(p: Path) -> None:
    """Two options that both cost $0 (two :free OpenRouter models)."""
    data = _project()
    cat = data["project"]["catalog"]
    base = cat["api_offers"][0]
    for i in (1, 2):
        cat["api_offers"].append(
            {**base, "id": f"openrouter/free-{i}", "input_usd_per_mtok": 0,
             "output_usd_per_mtok": 0, "cached_input_usd_per_mtok": None}
        )  # fmt: skip
    scenario = data["project"]["scenarios"][0]
    scenario["options"] = [
        {"label": f"Free {i}", "option": {"kind": "api", "offer_id": f"openrouter/free-{i}"}}
        for i in (1, 2)
    ]
    scenario["document_figures"] = []
    _dump(p, data)


def _price_underflow(p: Path) -> None:
    text = json.dumps(_project(), indent=1)
    p.write_text(text.replace('"input_usd_per_mtok": 2.5', '"input_usd_per_mtok": 1e-400', 1))


PROJECTS = [
    Case("trailing-project-key", "project", _trailing_project_key, ("'project' appears twice",)),
    Case("repeated-price-key", "project", _repeated_price_key, ("input_usd_per_mtok", "twice")),
    Case("price-1e-400", "project", _price_underflow, ("1e-400", "too small")),
    *(
        Case(f"flag-{word}", "project", _with_scenario(privacy_critical=value), ("boolean",))
        for word, value in (("0", 0), ("1", 1), ("no", "no"), ("off", "off"), ("y", "y"))
    ),
    Case("flag-true", "project", _with_scenario(privacy_critical=True)),
    Case("gpus-1025", "project", _big_build(1025), ("huge-cluster", "1,025 GPUs", "1,024")),
    Case("gpus-100000", "project", _big_build(100_000), ("huge-cluster", "at most 1,024")),
    Case("gpus-1024", "project", _big_build(1024)),
    Case("two-free-options", "project", _free_twins),
    Case(f"options-{MAX_SCENARIO_OPTIONS}", "project", _many_options(MAX_SCENARIO_OPTIONS)),
    Case("options-2000", "project", _many_options(2000), ("options", f"{MAX_SCENARIO_OPTIONS}")),
]

# --- workbooks -----------------------------------------------------------------------------


def _book(*sheets: Sheet, **kw) -> Callable[[Path], None]:
    return lambda p: write_xlsx(p, list(sheets), **kw) and None


def _version_10(p: Path) -> None:
    write_xlsx(p, [offers_sheet([["Acme", "m", 1.0, 2.0]])])
    set_version_needed(p, "xl/worksheets/sheet1.xml", 100)


def _huge_mimetype(p: Path) -> None:
    """A small zip whose first member claims to unpack to 4 GB (a 6.4 GB read before)."""
    write_xlsx(p, [offers_sheet([["Acme", "m", 1.0, 2.0]])])
    with (
        zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("mimetype", "w", force_zip64=True) as fh,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(64):  # 64 MB of zeros compress ~1000:1
            fh.write(block)


def _wide(rows: int, cols: int, dimension: bool = True) -> Callable[[Path], None]:
    header = ["Provider", "Model", "Input $/1M", "Output $/1M"] + [f"x{i}" for i in range(cols - 4)]
    dim = f"A1:{_letters(cols)}{rows + 1}" if dimension else None
    return _book(Sheet("API offers", [header], extra_rows=rows, extra_cols=cols, dimension=dim))


def _letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _big_shared_strings(p: Path) -> None:
    n = MAX_SHARED_STRINGS // 40 + 10_000
    items = "".join(f"<si><t>a shared string, number {i:09d}</t></si>" for i in range(n))
    xml = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    write_xlsx(p, [offers_sheet([["Acme", "m", 1.0, 2.0]])], strings_xml=xml.encode())


def _encrypted_member(p: Path) -> None:
    write_xlsx(p, [offers_sheet([["Acme", "m", 1.0, 2.0]])])
    data = bytearray(p.read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 8] |= 1  # the central directory's "encrypted" flag of the first member
    p.write_bytes(bytes(data))


def _many_sheets(p: Path) -> None:
    write_xlsx(p, [Sheet(f"S{i}", [["a"]]) for i in range(201)])


COMMA_CELLS = ("2,5", "0,50", "1.000,50", "1,0,0,0", "1,000")

WORKBOOKS = [
    Case("zip-version-10", "workbook", _version_10, ("damaged", "zip file version 10.0")),
    Case("zip-encrypted-member", "workbook", _encrypted_member, ("encrypted",)),
    Case("huge-mimetype", "workbook", _huge_mimetype, ("mimetype", "compressed")),
    Case(
        "rows-200k",
        "workbook",
        _wide(200_000, 4),
        (f"more than {MAX_ROWS:,} rows",),
    ),
    Case("rows-200k-no-dimension", "workbook", _wide(200_000, 4, False), ("rows",)),
    Case("cells-50k-by-60", "workbook", _wide(50_000, 60), ("cells", f"{MAX_CELLS:,}")),
    Case("rows-at-the-limit", "workbook", _wide(MAX_ROWS - 10, MAX_CELLS // MAX_ROWS)),
    Case("shared-strings-over-limit", "workbook", _big_shared_strings, ("sharedStrings.xml",)),
    Case("sheets-201", "workbook", _many_sheets, ("201 sheets",)),
    Case(
        "comma-decimals",
        "workbook",
        _book(offers_sheet([["Acme", f"m{i}", c, "1"] for i, c in enumerate(COMMA_CELLS)])),
        rejected=("API offers!C2", "API offers!C6", "comma"),
    ),
    Case(
        "array-formula-without-value",
        "workbook",
        _book(
            Sheet(
                "API offers",
                [
                    ["Provider", "Model", "Input $/1M", "Output $/1M", "Cached input $/1M"],
                    ["Acme", "m", 1.0, 2.0, Formula("=SUM(C2:D2)", array=True)],
                ],
            )
        ),
        rejected=("API offers!E2", "formula without a saved value"),
    ),
    Case(
        "hidden-sheet",
        "workbook",
        _book(
            offers_sheet([["Acme", "m", 1.0, 2.0]]),
            offers_sheet([["Acme", "h", 1.0, 2.0]], title="Offers", state="hidden"),
        ),
        notes=("'Offers' is hidden",),
    ),
    Case(
        "number-1e-400",
        "workbook",
        _book(
            offers_sheet([["Acme", "m", RawNumber("1e-400"), 2.0], ["Acme", "t", "1e-400", 2.0]])
        ),
        rejected=("API offers!C2", "API offers!C3", "too small"),
    ),
    Case(
        "booleans",
        "workbook",
        _book(
            Sheet(
                "LLMs",
                [
                    ["ID", "Name", "Tied embeddings"],
                    ["a", "A", "yes"],
                    ["b", "B", 1],
                    ["c", "C", True],
                ],
            )
        ),
        rejected=("LLMs!C2", "LLMs!C3", "TRUE or FALSE"),
    ),
]

# --- CSV and price lists -------------------------------------------------------------------

CSV_HEAD = (
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n"
)


def _csv_lines(n: int) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(CSV_HEAD)
            line = "gpu_8x_h100,H100,8,208,1800,23.92,us-east-1,,\n"
            for start in range(0, n, 10_000):
                fh.write(line * min(10_000, n - start))

    return write


def _csv_comma_price(p: Path) -> None:
    p.write_text(CSV_HEAD + 'gpu_1x_h100,H100,1,26,200,"2,49",us-east-1,,\n', encoding="utf-8")


PRICES = [
    Case(
        "litellm-duplicate-key",
        "prices",
        lambda p: p.write_text(
            '{"m": {"mode": "chat", "input_cost_per_token": 1e-6,\n'
            '"input_cost_per_token": 0, "output_cost_per_token": 2e-6}}'
        ),
        ("line 2", "'input_cost_per_token' appears twice"),
    ),
    Case(
        "openrouter-two-free",
        "prices",
        lambda p: p.write_text(
            json.dumps(
                {
                    "data": [
                        {"id": f"a/free-{i}:free", "pricing": {"prompt": "0", "completion": "0"}}
                        for i in (1, 2)
                    ]
                }
            )
        ),
    ),
    Case("csv-comma-price", "csv", _csv_comma_price, rejected=("line 2", "Price")),
    Case("csv-46-mb", "csv", _csv_lines(1_000_000), ("at most 16.0 MB",)),
    Case("csv-200k-lines", "csv", _csv_lines(200_000), ("more than 100,000 lines",)),
    Case("csv-at-the-limit", "csv", _csv_lines(90_000)),
]


def _fifo(p: Path) -> None:
    os.mkfifo(p)


SPECIAL = [
    Case("fifo-workbook", "workbook", _fifo, ("named pipe",), posix_only=True),
    Case("fifo-csv", "csv", _fifo, ("named pipe",), posix_only=True),
]

CASES: list[Case] = [*PROJECTS, *WORKBOOKS, *PRICES, *SPECIAL]
BY_NAME = {c.name: c for c in CASES}


def make(folder: Path, case: Case) -> Path:
    """Write ``case`` into ``folder`` once (a second call reuses the file)."""
    path = folder / case.filename
    if not os.path.lexists(path):
        case.write(path)
    return path


def make_all(folder: Path) -> dict[str, Path]:
    """Every case's file in ``folder``; POSIX-only cases are left out elsewhere."""
    return {c.name: make(folder, c) for c in CASES if os.name == "posix" or not c.posix_only}
