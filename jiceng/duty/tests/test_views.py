"""Duty pages: the village page with rota, log and gaps; the 值班牌 PDF; the log form's refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import pdf_text
from jiceng.duty import actions
from jiceng.duty.models import DutyEntry

from .factories import D, cadre

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_village_page_shows_the_rota_the_log_and_the_gaps(tree: Any, personas: dict[str, Any]) -> None:
    a = cadre(tree.east1, "张书记")
    actions.set_day(SYSTEM, tree.east1, 0, [a.pk])
    actions.log_entry(SYSTEM, tree.east1, on=D(2026, 10, 12), person=a.pk, callers="村民反映排水沟堵塞")
    page = _client(personas["township_officer"]).get(reverse("duty:village", args=[tree.east1.pk]),
                                                     {"month": "2026-10"}).content.decode()  # fmt: skip
    assert '<th style="width:6em">星期一</th><td>张书记</td>' in page
    assert "村民反映排水沟堵塞" in page
    assert "排了值班但没有日志的工作日：10月19日、10月26日（共2天）" in page


def test_the_board_pdf_names_each_day(tree: Any, personas: dict[str, Any]) -> None:
    a, b = cadre(tree.east1, "张书记"), cadre(tree.east1, "李主任")
    actions.set_day(SYSTEM, tree.east1, 0, [a.pk, b.pk])
    response = _client(personas["member"]).get(reverse("duty:board", args=[tree.east1.pk]))
    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "东一村党支部值班牌\n星期 值班干部\n星期一 李主任、张书记\n星期二 —" in text


def test_a_secretary_reaches_the_own_village_and_the_form_refuses_in_chinese(
    tree: Any, personas: dict[str, Any]
) -> None:
    a = cadre(tree.east1, "张书记")
    client = _client(personas["village_secretary"])
    assert client.get(reverse("duty:index"))["Location"] == reverse("duty:village", args=[tree.east1.pk])
    response = client.post(reverse("duty:new_entry", args=[tree.east1.pk]), {"on": "2026-10-12", "person": a.pk})
    assert response.status_code == 400
    assert "请填写来访来电群众及事项（没有来访的填“无”）" in response.content.decode()
    assert DutyEntry.objects.count() == 0


def test_a_referred_matter_becomes_a_ledger_item_in_one_step(tree: Any, personas: dict[str, Any]) -> None:
    from jiceng.ledgers.models import LedgerItem
    from jiceng.ledgers.tests.factories import template

    a = cadre(tree.east1, "张书记")
    entry = actions.log_entry(SYSTEM, tree.east1, on=D(2026, 10, 12), person=a.pk, callers="村民反映排水沟堵塞",
                              referred="排水沟堵塞，转村委会清理")  # fmt: skip
    client = _client(personas["village_secretary"])
    url = reverse("duty:village", args=[tree.east1.pk])
    link = reverse("ledgers:from_duty_entry", args=[entry.pk])
    assert f'href="{link}">转入台账</a>' in client.get(url, {"month": "2026-10"}).content.decode()
    done = client.post(link, {"ledger_type": template("livelihood").pk})
    item = LedgerItem.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("ledgers:item_detail", args=[item.pk])
    assert (item.description, item.get_source_display(), item.collected_on) == ("排水沟堵塞，转村委会清理", "值班",
                                                                             D(2026, 10, 12))  # fmt: skip
    page = client.get(url, {"month": "2026-10"}).content.decode()
    assert f"台账事项 #{item.pk}</a>" in page and f'href="{link}"' not in page
    assert client.get(link).status_code == 302 and LedgerItem.objects.count() == 1  # a second click opens the item


def test_the_month_log_exports_entries_with_both_dates_and_the_gaps(tree: Any, personas: dict[str, Any]) -> None:
    import io

    from openpyxl import load_workbook

    a = cadre(tree.east1, "张书记")
    actions.set_day(SYSTEM, tree.east1, 0, [a.pk])
    entry = actions.log_entry(SYSTEM, tree.east1, on=D(2026, 10, 12), person=a.pk, callers="村民反映排水沟堵塞",
                              handled="已联系清理")  # fmt: skip
    DutyEntry.objects.filter(pk=entry.pk).update(created_at=dt.datetime(2026, 10, 20, 2, 0, tzinfo=dt.UTC))
    response = _client(personas["township_officer"]).get(reverse("duty:log_xlsx", args=[tree.east1.pk]),
                                                         {"month": "2026-10"})  # fmt: skip
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    log = [[c for c in row] for row in book["值班日志"].iter_rows(values_only=True)]
    assert log == [
        ["值班日期", "星期", "值班干部", "来访来电群众及事项", "办理情况", "转交事项", "台账事项编号", "录入日期", "录入人", "补录"],
        [dt.datetime(2026, 10, 12), "星期一", "张书记", "村民反映排水沟堵塞", "已联系清理", None, None,
         dt.datetime(2026, 10, 20), "系统", "补录"],
    ]  # fmt: skip
    gaps = list(book["未记日志的值班日"].iter_rows(values_only=True))
    assert gaps == [("日期", "星期"), (dt.datetime(2026, 10, 19), "星期一"), (dt.datetime(2026, 10, 26), "星期一")]
