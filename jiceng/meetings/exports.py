"""The compliance workbook: branches behind, per-person attendance rates, 例会 figures (for the assessment)."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import HttpResponse

from jiceng.core.exports import XLSX, append_rows
from jiceng.organizations.models import Organization

from . import services
from .rules import Kind, Period

PERIOD_LABELS = dict(Period.choices)


def compliance_workbook(org: Organization, year: int) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("会议频次")
    sheet.append(
        ["党组织", "上级组织", "正式党员", "会议类别", "要求", "已评周期", "达标周期", "本年已开", "未达标周期"]
    )
    append_rows(sheet, (
        [row.name, row.parent_name, row.full_members, Kind(k.kind).label,
         f"{PERIOD_LABELS[k.period]}{k.required}次", k.owed, k.met, k.held, "、".join(k.behind)]
        for row in services.compliance(org, year) for k in row.kinds
    ))  # fmt: skip
    people = book.create_sheet("个人参会率")
    people.append(["姓名", "所在党组织", "应参加", "实参加", "请假", "参会率%"])
    append_rows(people, ([r["name"], r["organization"], r["invited"], r["attended"], r["excused"], r["rate"]]
                         for r in services.attendance_rates(org, year)))  # fmt: skip
    if org.kind == "township_committee":
        regular = book.create_sheet("例会")
        regular.append(["村党组织", "应参会人次", "实参会人次", "参会率%", "汇报次数", "汇报质量均分（4分制）"])
        append_rows(regular, ([f["organization"], f["invited"], f["attended"], f["rate"], f["reports"], f["quality"]]
                              for f in services.regular_meeting_figures(org, year)))  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'会议考核-{org.name}-{year}.xlsx')}"
    return response
