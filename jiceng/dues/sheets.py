"""Dues bases from an Excel sheet: the branch's members with their 交纳类别 and income (the
treasurer downloads the sheet filled with the members' names, fills it and uploads it).

Header row: 姓名 / 所在党组织 / 交纳类别 / 月收入（元） / 每月定额（元） / 起始月份. Reading only:
every row is checked and each problem reported with its Excel row number, in Chinese;
`actions.import_bases` saves every base or none (the roster's all-or-nothing rule). Reductions and
exemptions need an approval and are entered one by one on the member's page.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from jiceng.core import workbook
from jiceng.core.errors import DomainError
from jiceng.core.money import parse_yuan
from jiceng.people.names import text

from .rules import Kind

COLUMNS = ["姓名", "所在党组织", "交纳类别", "月收入（元）", "每月定额（元）", "起始月份"]
REQUIRED = ("姓名", "交纳类别")
MAX_ROWS = 5000
# The categories by their label, and the short words treasurers write.
KINDS = {
    **{str(label): value for value, label in Kind.choices},
    "在职": Kind.SALARY, "农民": Kind.FARMER, "离退休": Kind.RETIREE, "退休": Kind.RETIREE,
    "学生": Kind.STUDENT, "下岗失业": Kind.STUDENT, "低保": Kind.STUDENT, "困难": Kind.HARDSHIP,
}  # fmt: skip


def _text(value: Any) -> str:
    """A cell as text; a date cell as its month (the sheet's 起始月份 column)."""
    return f"{value:%Y-%m}" if isinstance(value, dt.datetime | dt.date) else text(value)


def _month(text: str) -> dt.date | None:
    from .forms import parse_month

    return parse_month(text)


def _fen(text: str, what: str) -> tuple[int | None, str]:
    if not text:
        return None, ""
    try:
        return parse_yuan(text, what=what), ""
    except DomainError as exc:
        return None, exc.message


def read_rows(source: IO[bytes]) -> list[list[Any]]:
    """The first sheet's rows, read within bounds in a child process (an upload is untrusted)."""
    return workbook.first_sheet(source.read())


def parse(raw: list[list[Any]], default_month: dt.date) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows (the first is the header) → bases to set and errors; any error means import nothing."""
    if not raw:
        return [], ["表格是空的"]
    header = [_text(v) for v in raw[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if any(h not in header for h in REQUIRED) or unknown:
        extra = f"；不认识的列：{'、'.join(unknown)}" if unknown else ""
        return [], [f"第1行应为表头：{'、'.join(COLUMNS)}（姓名、交纳类别必填）{extra}"]
    index = {h: i for i, h in enumerate(header) if h}
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {h: _text(values[i]) if i < len(values) else "" for h, i in index.items()}
        if not any(cells.values()):
            continue
        problems = [] if cells["姓名"] else ["姓名不能为空"]
        kind = KINDS.get(cells["交纳类别"])
        if kind is None:
            problems.append(f"交纳类别应为：{'、'.join(str(label) for _, label in Kind.choices)}")
        income, problem = _fen(cells.get("月收入（元）", ""), "月收入")
        problems += [problem] if problem else []
        fixed, problem = _fen(cells.get("每月定额（元）", ""), "每月定额")
        problems += [problem] if problem else []
        month = _month(cells.get("起始月份", "")) if cells.get("起始月份") else default_month
        if month is None:
            problems.append("起始月份格式应为“2024-03”")
        if problems:
            errors.append(f"第{number}行：{'；'.join(problems)}")
            continue
        rows.append({"row": number, "name": cells["姓名"], "org_name": cells.get("所在党组织", ""), "kind": kind,
                     "income": income, "fixed": fixed, "from_month": month})  # fmt: skip
    if len(rows) > MAX_ROWS:
        errors.append(f"一次最多导入{MAX_ROWS}人")
    if not rows and not errors:
        errors.append("表格中没有党员")
    return rows, errors
