"""Every exported spreadsheet and CSV cell goes through here.

- Text never becomes a formula. openpyxl turns any string starting with `=` into a live formula;
  a name such as `=HYPERLINK(...)` or `-1+1` typed into a form would run in the officer's Excel.
  Strings are written as text cells (and marked "quote prefix" when they start with a formula
  character, so editing the cell in Excel keeps it text); the value itself is unchanged, so a
  roster exported and imported again keeps every name exactly. CSV has no cell types: a text
  starting with a formula character gets a leading apostrophe (the usual spreadsheet convention).
- Control characters never reach the file (spreadsheets cannot hold them: one U+000B made a whole
  township's export fail), whatever was stored before input cleaning existed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

from .text import clean_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a spreadsheet reads as the start of a formula (ASCII and full-width, tab and CR).
FORMULA_START = tuple("=+-@\t\r＝＋－＠")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def _style(cell: Any, value: Any) -> Any:
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
        if is_formula_like(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def cell_value(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def text_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for a write-only sheet."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for raw in values:
        value = cell_value(raw)
        cells.append(_style(WriteOnlyCell(sheet, value=value), value))
    return cells


def append_rows(sheet: Any, rows: Iterable[Sequence[Any]]) -> None:
    """Append rows to a write-only sheet: text as text, dates as yyyy-mm-dd."""
    for row in rows:
        sheet.append(text_cells(sheet, row))


def append_row(sheet: Any, values: Sequence[Any]) -> list[Any]:
    """Append one row to an ordinary (not write-only) sheet; returns its cells."""
    sheet.append([cell_value(v) for v in values])
    cells = list(sheet[sheet.max_row])
    for cell in cells:
        _style(cell, cell.value)
    return cells


def set_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    value = cell_value(value)
    return _style(sheet.cell(row=row, column=column, value=value), value)


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(clean_text(filename))}"
    return response


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A one-sheet workbook download."""
    return workbook_response(filename, [(title, headers, rows)])


def workbook_response(
    filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> HttpResponse:
    """A workbook download of several sheets, each (title, headers, rows)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(clean_text(title)[:31])
        append_rows(sheet, [headers])
        append_rows(sheet, rows)
    out = io.BytesIO()
    book.save(out)
    return attachment(out.getvalue(), filename)


def csv_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if is_formula_like(value) else value


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()
