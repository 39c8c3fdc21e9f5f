"""The development pages: the township's list, one file with its refusals, the printed checklist."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from jiceng.core.testing import pdf_text
from jiceng.development import actions

from .factories import SYSTEM, D, applicant, full_members, open_file, walk

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_file_page_shows_the_early_move_refused_with_its_article(tree: Any, personas: dict[str, Any]) -> None:
    file = open_file(tree.east1, applied_on=D(2026, 10, 8))
    actions.move(SYSTEM, file, "talked", on=D(2026, 10, 20), note="谈话")
    actions.move(SYSTEM, file, "activist", on=D(2026, 11, 2), contacts=[full_members(tree.east1, 1)[0].pk])
    page = _client(personas["village_secretary"]).get(reverse("development:detail", args=[file.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "确定为发展对象" in html
    assert (
        "暂不能办理：“确定为发展对象”须在“确定为入党积极分子”（2026-11-02）满1年后办理，最早为2027-11-02（《中国共产党发展党员工作细则》第十三条）"
        in html
    )
    assert "补录，晚" in html


NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # the list says what falls due "this month"


def test_the_township_list_shows_the_funnel_and_what_is_overdue(tree: Any, personas: dict[str, Any]) -> None:
    walk(open_file(tree.east1), "activist")
    open_file(tree.east1, person=applicant(tree.east1, "周新"), applied_on=D(2026, 11, 20), today=D(2026, 12, 2))
    client = _client(personas["township_officer"])
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        html = client.get(reverse("development:index")).content.decode()
    assert "入党积极分子定期考察 2023-10-10" in html and "已超期" in html
    assert "本月到期：谈话期限 2026-12-20" in html
    assert "东一村党支部" in html


def test_the_funnel_exports_to_excel_by_village_and_file(tree: Any, personas: dict[str, Any]) -> None:
    from python_calamine import CalamineWorkbook

    walk(open_file(tree.east1), "activist")
    open_file(tree.east1, person=applicant(tree.east1, "周新"), applied_on=D(2026, 11, 20), today=D(2026, 12, 2))
    full_members(tree.east2)
    open_file(tree.east2, person=applicant(tree.east2, "吴东二"), applied_on=D(2026, 11, 25), today=D(2026, 12, 2))
    client = _client(personas["township_officer"])
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        response = client.get(reverse("development:export"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.get_sheet_by_name("各阶段人数").to_python() == [
        ["党组织", "入党申请人", "入党积极分子", "发展对象", "预备党员", "合计"],
        ["东一村党支部", 1.0, 1.0, 0.0, 0.0, 2.0],
        ["东二村党支部", 1.0, 0.0, 0.0, 0.0, 1.0],
        ["合计", 2.0, 1.0, 0.0, 0.0, 3.0],
    ]
    files = book.get_sheet_by_name("档案").to_python()
    assert [row[:4] for row in files[1:]] == [
        ["李小青", "东一村党支部", "入党积极分子", "确定为入党积极分子"],
        ["周新", "东一村党支部", "入党申请人", "递交入党申请书"],
        ["吴东二", "东二村党支部", "入党申请人", "递交入党申请书"],
    ]
    assert files[2][7] == "谈话期限 2026-12-20"


def test_the_checklist_pdf_lists_every_date(tree: Any, personas: dict[str, Any]) -> None:
    file = walk(open_file(tree.east1), "full")
    response = _client(personas["township_officer"]).get(reverse("development:pdf", args=[file.pk]))
    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    for day in ("2023-03-01", "2023-03-20", "2023-04-10", "2024-04-10", "2024-07-01", "2025-07-01", "2025-07-20"):
        assert day in text
    assert "发展党员工作档案清单" in text and "李小青" in text


def test_the_notice_page_names_the_file(tree: Any, personas: dict[str, Any]) -> None:
    from jiceng.notices.models import Notice

    file = walk(open_file(tree.east1), "notice")
    notice = Notice.objects.get(subject_ref=f"development.file:{file.pk}")
    html = _client(personas["township_officer"]).get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert f'<a href="{reverse("development:detail", args=[file.pk])}">李小青的发展党员档案</a>' in html
    assert "发展对象公示" in html
