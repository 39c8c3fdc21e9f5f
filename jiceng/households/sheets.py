"""Households of a grid from an Excel sheet: header row 户主 / 住址 / 家庭人口 / 备注.

Reading only: every row is checked and each problem reported with its Excel row number, in
Chinese; `actions.import_households` saves all rows or none.
"""

from __future__ import annotations

from typing import IO, Any

from jiceng.core import workbook
from jiceng.core.text import clean_text

COLUMNS = {"户主": "head_name", "住址": "address", "家庭人口": "size", "备注": "note"}
LIMITS = {"head_name": 50, "address": 100, "note": 200}
MAX_ROWS = 5000


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip() if value is not None else ""


def _size(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return 1
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 50 else None


def read_rows(source: IO[bytes]) -> list[list[Any]]:
    """The first sheet's rows, read within bounds in a child process (core.workbook): an uploaded
    file is untrusted. Raises WorkbookError with a Chinese message."""
    return workbook.first_sheet(source.read())


def parse(raw: list[list[Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows (the first is the header) → households and errors; any error means import nothing."""
    if not raw:
        return [], ["表格是空的"]
    header = [_text(v) for v in raw[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if "户主" not in header or unknown:
        extra = f"；不认识的列：{'、'.join(unknown)}" if unknown else ""
        return [], [f"第1行应为表头：户主、住址、家庭人口、备注（户主必填）{extra}"]
    index = {COLUMNS[h]: i for i, h in enumerate(header) if h}
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in enumerate(raw[1:], start=2):
        cells = {key: values[i] if i < len(values) else None for key, i in index.items()}
        if not any(_text(v) for v in cells.values()):
            continue
        row = {key: _text(cells.get(key)) for key in ("head_name", "address", "note")}
        problems = [] if row["head_name"] else ["户主不能为空"]
        problems += [f"{label}过长（最多{LIMITS[key]}字）" for label, key in COLUMNS.items()
                     if key in LIMITS and len(row[key]) > LIMITS[key]]  # fmt: skip
        size = _size(cells.get("size"))
        if size is None:
            problems.append("家庭人口应为1至50之间的整数")
        key = (row["head_name"], row["address"])
        if row["head_name"] and key in seen:
            problems.append(f"与第{seen[key]}行重复（户主和住址相同）")
        seen.setdefault(key, number)
        if problems:
            errors.append(f"第{number}行：{'；'.join(problems)}")
        else:
            rows.append({**row, "size": size})
    if len(rows) > MAX_ROWS:
        errors.append(f"一次最多导入{MAX_ROWS}户")
    if not rows and not errors:
        errors.append("表格中没有农户")
    return rows, errors
