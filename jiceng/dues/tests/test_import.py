"""Dues bases from Excel: the branch's list downloaded, filled and uploaded; every row checked by
the form's rules; one bad row and nothing is written (the roster's all-or-nothing rule)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from jiceng.dues.models import DuesBase
from jiceng.people.tests.factories import make_person

from .factories import D, member

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "所在党组织", "交纳类别", "月收入（元）", "每月定额（元）", "起始月份"]


def xlsx(*rows: list[Any]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("党费基数.xlsx", out.getvalue())


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_filled_list_sets_every_base(tree: Any, personas: dict[str, Any]) -> None:
    member(tree.east1, "王红")  # 4 000 元 since January 2024
    make_person(tree.east1, "李明")
    make_person(tree.east1, "赵农")
    client = client_of(personas["village_secretary"])
    listed = client.get(reverse("dues:bases_template", args=[tree.east1.pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(listed.content)).get_sheet_by_index(0).to_python()
    assert rows[0] == HEADER
    assert {r[0]: r[2:4] for r in rows[1:] if r[0] in ("王红", "李明")} == {
        "王红": ["在职（按月工资收入）", "4000.00"], "李明": ["", ""]}  # fmt: skip
    done = client.post(reverse("dues:import_bases", args=[tree.east1.pk]), {"file": xlsx(
        ["王红", "东一村党支部", "在职", 6000, "", "2024-07"],
        ["李明", "", "离退休", "3,500.50", "", "2024-07"],
        ["赵农", "", "农民", "", "0.5", "2024-07"],
    )})  # fmt: skip
    assert done.status_code == 302 and done["Location"] == reverse("dues:sheet", args=[tree.east1.pk])
    got = {(b.person.name, b.from_month, b.kind, b.income, b.fixed, b.due.amount)
           for b in DuesBase.objects.filter(from_month=D(2024, 7, 1)).select_related("person")}  # fmt: skip
    assert got == {("王红", D(2024, 7, 1), "salary", 600_000, None, 9_000),  # 1.5 %
                   ("李明", D(2024, 7, 1), "retiree", 350_050, None, 1_750),  # 0.5 % of 3 500.50
                   ("赵农", D(2024, 7, 1), "farmer", None, 50, 50)}  # fmt: skip


def test_one_bad_row_and_nothing_is_written(tree: Any, personas: dict[str, Any]) -> None:
    member(tree.east1, "王红")
    make_person(tree.east1, "赵农")
    before = list(DuesBase.objects.values_list("pk", "income"))
    page = client_of(personas["township_officer"]).post(reverse("dues:import_bases", args=[tree.east1.pk]), {
        "file": xlsx(["王红", "", "在职", 6000, "", "2024-07"],
                     ["赵农", "", "农民", "", "5", "2024-07"],
                     ["钱无", "", "在职", 3000, "", "2024-07"],
                     ["王红", "", "党员", "", "", "2024-07"])})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 400 and "未导入，请改正以下问题" in html
    assert "第5行：交纳类别应为：在职（按月工资收入）、农民党员、离退休、学生、下岗失业、领取低保、生活困难" in html
    assert list(DuesBase.objects.values_list("pk", "income")) == before
    page = client_of(personas["township_officer"]).post(reverse("dues:import_bases", args=[tree.east1.pk]), {
        "file": xlsx(["王红", "", "在职", 6000, "", "2024-07"],
                     ["赵农", "", "农民", "", "5", "2024-07"],
                     ["钱无", "", "在职", 3000, "", "2024-07"])})  # fmt: skip
    html = page.content.decode()
    assert "第3行：农民党员每月交纳0.20元至1.00元" in html
    assert "第4行：没有名为“钱无”的本支部党员" in html
    assert list(DuesBase.objects.values_list("pk", "income")) == before  # 王红's row was undone too
