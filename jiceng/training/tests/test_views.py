"""Training pages: the form's refusals in Chinese, a person's sources, the shortfall list and its Excel."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.meetings.rules import Kind
from jiceng.people.tests.factories import make_person
from jiceng.training.models import Session

from .factories import D, held, secretary, session

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_session_without_participants_is_refused_on_the_form(tree: Any, personas: dict[str, Any]) -> None:
    data = {"org": tree.east1.pk, "title": "冬训", "kind": "concentrated", "starts_on": "2024-03-05", "unit": "day",
            "amount": "1"}  # fmt: skip
    response = _client(personas["village_secretary"]).post(reverse("training:new"), data)
    assert response.status_code == 400
    assert "请至少选择一名参训人员" in response.content.decode()
    assert Session.objects.count() == 0


def test_the_form_offers_the_organizers_people(tree: Any, personas: dict[str, Any]) -> None:
    make_person(tree.east1, "东一党员")
    make_person(tree.east2, "东二党员")
    page = _client(personas["township_officer"]).get(reverse("training:new"), {"org": tree.east1.pk}).content.decode()
    assert "东一党员（东一村党支部）" in page and "东二党员" not in page


def test_a_county_officer_picks_the_organization_first(tree: Any, personas: dict[str, Any]) -> None:
    session(tree.east1, [make_person(tree.east1)], starts_on=D(2024, 3, 5))
    page = _client(personas["county_officer"]).get(reverse("training:index"), {"year": "2024"}).content.decode()
    assert "请先选择要查看的党组织" in page
    assert "东镇党委" in page and "培训1次，培训1人次" in page and "西镇党委" in page


def test_the_list_shows_a_late_entry(tree: Any, personas: dict[str, Any]) -> None:
    s = session(tree.east1, [make_person(tree.east1)], starts_on=D(2024, 3, 5))
    page = _client(personas["village_secretary"]).get(reverse("training:index"), {"year": "2024"}).content.decode()
    assert f"补录（录入于{timezone.localdate(s.created_at):%Y-%m-%d}）" in page
    detail = _client(personas["member"]).get(reverse("training:detail", args=[s.pk])).content.decode()
    assert "每人计8.0学时" in detail and "补录，晚" in detail


def test_the_persons_page_lists_each_source(tree: Any, personas: dict[str, Any]) -> None:
    person = make_person(tree.east1, "甲党员")
    session(tree.east, [person], amount=2, starts_on=D(2024, 3, 5), ends_on=D(2024, 3, 6), title="春训")
    held(tree.east1, D(2024, 4, 20), Kind.LESSON)
    page = _client(personas["member"]).get(reverse("training:person", args=[person.pk]), {"year": "2024"})
    text = page.content.decode()
    assert "已完成 <b>18.0</b> 学时，应达 32 学时" in text and "尚差 14.0 学时" in text
    assert "春训" in text and "培训登记" in text and "党课 · 东一村党支部 · 来自会议记录" in text
    assert "《中国共产党党员教育管理工作条例》第十四条" in text


def test_the_shortfall_list_and_its_excel(tree: Any, personas: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    done, short = make_person(tree.east1, "够学时"), secretary(make_person(tree.east1, "=王书记"))
    session(tree.east, [done, short], amount=4, starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 7))
    client = _client(personas["township_officer"])
    page = client.get(reverse("training:shortfall", args=[tree.east.pk]), {"year": "2024"}).content.decode()
    assert "党员2人，学时不足1人。" in page and "尚差24.0学时" in page and "够学时" not in page
    response = client.get(reverse("training:shortfall_export", args=[tree.east.pk]), {"year": "2024"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("所在党组织", "姓名", "人员类别", "身份", "应达学时", "已完成学时", "尚差学时"),
                    ("东一村党支部", "=王书记", "正式党员", "书记、班子成员", 56, 32, 24)]  # fmt: skip


def test_marking_a_meeting_from_the_list(tree: Any, personas: dict[str, Any]) -> None:
    person = make_person(tree.east1, "甲党员")
    meeting = held(tree.east1, D(2024, 5, 10), Kind.PARTY_CONGRESS)
    client = _client(personas["village_secretary"])
    assert "学习党章" in client.get(reverse("training:index")).content.decode()
    client.post(reverse("training:credit", args=[meeting.pk]), {"hours": "2.5"})
    from jiceng.training import queries

    assert queries.hours_of(person, D(2024, 1, 1), D(2024, 12, 31), kinds=None).hours == Decimal("2.5")


def test_the_menu_marks_training(tree: Any, personas: dict[str, Any]) -> None:
    import re

    body = _client(personas["township_officer"]).get(reverse("training:shortfall", args=[tree.east.pk])).content
    found = re.findall(r'<a class="nav-link active" aria-current="page" href="[^"]*">([^<]+)</a>', body.decode())
    assert found == ["培训"]


def test_a_sign_in_sheet_names_the_participants_all_or_none(tree: Any, personas: dict[str, Any]) -> None:

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    def sheet(*names: tuple[str, str]) -> SimpleUploadedFile:
        book = Workbook()
        ws = book.active
        assert ws is not None
        ws.append(["序号", "姓名", "所在党组织", "签名"])  # a sign-in sheet as it is: other columns ignored
        for i, (name, org) in enumerate(names, 1):
            ws.append([i, name, org, ""])
        out = io.BytesIO()
        book.save(out)
        return SimpleUploadedFile("签到表.xlsx", out.getvalue())

    make_person(tree.east1, "甲党员")
    make_person(tree.east1, "乙党员")
    make_person(tree.east2, "乙党员")
    client = Client()
    client.force_login(personas["township_officer"])
    url = f"{reverse('training:new')}?org={tree.east.pk}"
    body = {"title": "冬训", "kind": "concentrated", "starts_on": "2024-03-05", "unit": "day", "amount": "1"}
    refused = client.post(url, {**body, "sign_in": sheet(("甲党员", ""), ("乙党员", ""), ("丙党员", ""))})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "第3行：有2名本组织人员叫“乙党员”，请在“所在党组织”列写明所在党组织" in html
    assert "第4行：没有名为“丙党员”的本组织人员" in html
    assert Session.objects.count() == 0
    done = client.post(url, {**body, "sign_in": sheet(("甲党员", ""), ("乙党员", "东二村党支部"))})
    session = Session.objects.get()
    assert done.status_code == 302
    assert sorted(session.participants.values_list("person__name", "person__organization__name")) == [
        ("乙党员", "东二村党支部"), ("甲党员", "东一村党支部")]  # fmt: skip
