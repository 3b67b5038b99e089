"""Import GPU rentals from a SkyPilot catalog CSV (``skypilot-catalog`` ``vms.csv`` files).

Columns: ``InstanceType, AcceleratorName, AcceleratorCount, vCPUs, MemoryGiB, Price, Region,
GpuInfo, SpotPrice`` (in any order). One rental per instance type and accelerator: the regions'
on-demand prices become the low-high range, the cheapest spot price the discounted price.
Accelerator names are mapped to catalog GPUs where they match (``A100-80GB`` -> ``a100-80gb``,
``H100`` on ``gpu_1x_h100_sxm5`` -> ``h100-sxm``); the others are reported, not guessed.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

from pydantic import ValidationError

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import DiscountKind, GpuRental, PriceBasis
from infercost.model.errors import FileFormatError
from infercost.model.guard import NumberError, cap_text, decode_text, read_bounded, strict_number
from infercost.model.interchange.excel_cells import clean_text
from infercost.model.interchange.import_preview import Candidate, ImportBatch, Rejection
from infercost.model.interchange.importers import slugify

# A provider's SkyPilot vms.csv holds a few thousand lines (~1 MB); these limits keep the
# largest accepted file to a few seconds and well under 1 GB, and refuse more at once.
MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_LINES = 100_000
REQUIRED = ("InstanceType", "AcceleratorName", "AcceleratorCount", "Price")
_ALNUM = re.compile(r"[^a-z0-9]+")
_FORM = re.compile(r"(sxm\d?|pcie|nvl)$")
_PROVIDER = re.compile(r"(?:^|-)([a-z0-9]+)-vms$")


def is_skypilot_header(line: str) -> bool:
    cols = {c.strip() for c in line.split(",")}
    return all(c in cols for c in REQUIRED)


def read_skypilot(
    path: str | Path, catalog: Catalog, provider: str | None = None, progress=None
) -> ImportBatch:
    """Candidate rentals of a SkyPilot CSV, each unmatched GPU and bad row reported by line.
    ``progress(line, lines)`` is called every few thousand lines and may raise Cancelled."""
    name = str(path)
    data = read_bounded(path, max_bytes=MAX_CSV_BYTES, what="price list")
    lines = data.count(b"\n")
    if lines > MAX_LINES:
        raise FileFormatError(
            name, f"holds more than {MAX_LINES:,} lines; InferCost imports at most {MAX_LINES:,}"
        )
    text = decode_text(data, source=name)
    del data
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileFormatError(name, "is empty") from None
    except csv.Error as exc:
        raise FileFormatError(name, f"not a CSV file ({exc})") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileFormatError(
            name, f"is not a SkyPilot catalog CSV: no {', '.join(missing)} column"
        )
    col = {h: i for i, h in enumerate(header)}
    stem = Path(name).stem.lower()
    m = _PROVIDER.search(stem)
    provider = provider or (m.group(1) if m else slugify(stem))
    batch = ImportBatch(name, "skypilot")
    groups: dict[tuple[str, str], dict] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if line > MAX_LINES:
                batch.rejected.append(
                    Rejection(f"line {line}", f"lines past {MAX_LINES:,} not read")
                )
                break
            _row(row, line, col, groups, batch)
            if progress is not None and line % 5000 == 0:
                progress(line, lines)
    except csv.Error as exc:
        raise FileFormatError(name, f"line {reader.line_num}: {exc}") from None
    gpus = gpu_matcher(catalog)
    unmatched: dict[str, int] = {}
    for (itype, accel), g in groups.items():
        gpu_id = gpus(accel, g["gpu_info"], itype)
        where = f"line {g['line']} ({cap_text(itype, 50)})"
        if gpu_id is None:
            unmatched[accel] = unmatched.get(accel, 0) + 1
            batch.rejected.append(
                Rejection(where, f"GPU {cap_text(accel, 40)} is not in the catalog's GPUs")
            )
            continue
        try:
            rental = GpuRental(
                id=slugify(f"{provider}/{itype}"),
                provider=provider,
                gpu_id=gpu_id,
                gpus_per_instance=g["count"],
                price_basis=PriceBasis.INSTANCE_HOUR,
                on_demand_low_usd_per_hour=min(g["prices"]),
                on_demand_high_usd_per_hour=max(g["prices"]),
                discounted_usd_per_hour=min(g["spot"]) if g["spot"] else None,
                discount_kind=DiscountKind.SPOT if g["spot"] else DiscountKind.NONE,
                source=f"{Path(name).name} (SkyPilot catalog, {len(g['regions'])} regions)",
                as_of="imported",
                notes=f"{accel} x{g['count']}; regions: {', '.join(sorted(g['regions']))[:900]}",
            )
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            batch.rejected.append(
                Rejection(where, f"{err['loc'][0] if err['loc'] else ''}: {err['msg']}")
            )
            continue
        batch.candidates.append(Candidate("gpu_rentals", rental, where))
    for accel, n in sorted(unmatched.items()):
        batch.notes.append(
            f"GPU {cap_text(accel, 40)} ({n} instance types) matches no catalog GPU: add it to "
            "GPUs (or give it that id) and import again"
        )
    return batch


def _row(row: list[str], line: int, col: dict[str, int], groups: dict, batch: ImportBatch) -> None:
    def get(name: str) -> str:
        i = col.get(name)
        return clean_text(row[i]).strip() if i is not None and i < len(row) else ""

    itype, accel = get("InstanceType"), get("AcceleratorName")
    where = f"line {line}"
    if not itype:
        batch.rejected.append(Rejection(where, "no InstanceType"))
        return
    if not accel:
        return  # a CPU-only instance: not a GPU rental (counted in the notes)
    try:
        count = strict_number(get("AcceleratorCount"), where="AcceleratorCount")
        price = strict_number(get("Price"), where="Price") if get("Price") else None
        spot = strict_number(get("SpotPrice"), where="SpotPrice") if get("SpotPrice") else None
    except NumberError as exc:
        batch.rejected.append(Rejection(where, str(exc)))
        return
    if not count.is_integer() or count < 1:
        batch.rejected.append(
            Rejection(where, f"AcceleratorCount {count:g} is not a whole GPU count")
        )
        return
    if price is None:
        batch.rejected.append(Rejection(where, f"{cap_text(itype, 40)}: no on-demand Price"))
        return
    if price < 0 or (spot is not None and spot < 0):
        batch.rejected.append(Rejection(where, "a negative price"))
        return
    g = groups.setdefault(
        (itype, accel),
        {
            "line": line,
            "count": int(count),
            "prices": [],
            "spot": [],
            "regions": set(),
            "gpu_info": get("GpuInfo"),
        },
    )
    g["prices"].append(price)
    if spot is not None:
        g["spot"].append(spot)
    region = get("Region")
    if region:
        g["regions"].add(region[:40])


def _norm(text: str) -> str:
    return _ALNUM.sub("", text.lower()).removeprefix("nvidia")


def gpu_matcher(catalog: Catalog):
    """accelerator name, GpuInfo, instance type -> catalog GPU id, or None."""
    known: dict[str, str] = {}
    for g in catalog.gpus:
        for key in (_norm(g.id), _norm(g.name)):
            known.setdefault(key, g.id)

    def match(accel: str, gpu_info: str, itype: str) -> str | None:
        names = [accel]
        info = _info_name(gpu_info)
        if info:
            names.append(info)
        form = re.search(r"(sxm\d?|pcie|nvl)", itype.lower())
        if form:
            names.append(f"{accel}{form.group(1)}")
        for n in names:
            key = _norm(n)
            for k in (key, _FORM.sub("", key), re.sub(r"sxm\d$", "sxm", key)):
                if k in known:
                    return known[k]
        return None

    return match


def _info_name(gpu_info: str) -> str | None:
    """The GPU name in SkyPilot's GpuInfo (a Python literal), read without evaluating it."""
    if not gpu_info or len(gpu_info) > 2000:
        return None
    try:
        data = ast.literal_eval(gpu_info)
        return str(data["Gpus"][0]["Name"])
    except (ValueError, SyntaxError, KeyError, IndexError, TypeError, MemoryError, RecursionError):
        return None
