"""A ledger as printed: Excel (title, numbered rows, per-type fields) and an A4 PDF."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from jiceng.core.actor import display_name
from jiceng.core.exports import append_row, attachment
from jiceng.core.text import clean_text

from .models import LedgerItem, LedgerType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 10000  # a printed ledger is per village or township; wider lists are narrowed first
HEADERS = ["序号", "收集日期", "来源", "所属组织", "当事人/农户", "反映人", "问题描述", "类别", "承办人",
           "办理期限", "已采取措施", "办理状态", "处理结果", "解决日期", "已公开"]  # fmt: skip


def title_for(ltype: LedgerType | None, scope: str) -> str:
    return f"{scope}{ltype.name if ltype else '台账'}"


def item_cells(number: int, item: LedgerItem) -> list[Any]:
    reporter = "匿名" if item.anonymous else item.reporter_name
    assignee = display_name(item.assignee) if item.assignee else ""
    return [number, item.collected_on, item.get_source_display(), item.organization.name, item.concerned_name,
            reporter, item.description, item.category, assignee, item.deadline, "、".join(item.measures),
            item.state_label, item.resolution, item.resolved_on, "是" if item.published else ""]  # fmt: skip


def extra_fields(ltype: LedgerType | None) -> list[dict[str, str]]:
    return list(ltype.fields) if ltype else []


def workbook(title: str, ltype: LedgerType | None, items: Iterable[LedgerItem]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    fields = extra_fields(ltype)
    headers = [*HEADERS, *(f["label"] for f in fields)]
    book = Workbook()
    sheet = book.active
    sheet.title = clean_text(ltype.name if ltype else "台账")[:30]
    append_row(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for cell in append_row(sheet, headers):
        cell.font = Font(bold=True)
    count = 0
    for count, item in enumerate(items, start=1):
        row = [*item_cells(count, item), *(item.extra.get(f["key"], "") for f in fields)]
        for cell in append_row(sheet, row):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if count >= MAX_ROWS:
            sheet.append([f"仅导出前 {MAX_ROWS} 条，请按村或时间缩小范围后再导出"])
            break
    for letter, width in zip("ABCDEFGHIJKLMNO", (6, 12, 8, 14, 12, 10, 40, 10, 10, 12, 16, 10, 30, 12, 6), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    return attachment(content, filename)
