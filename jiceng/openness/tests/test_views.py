"""The pages: the form (typed lines, Excel import, refusals on the form), the public board and its
sections, the township board, the archive, the A4 poster and board, the dashboard, the API's board."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import pdf_text
from jiceng.ledgers import actions as ledger_actions
from jiceng.ledgers.tests.factories import make_item
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.rules import Kind, Route
from jiceng.meetings.tests.factories import held_meeting
from jiceng.notices.tests.factories import running_now
from jiceng.openness import actions
from jiceng.openness.models import Publication, Status
from jiceng.openness.tests.factories import draft

D = dt.date


def statement_xlsx(rows: list[list[Any]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows or [["收支", "项目", "金额（元）"], ["收入", "村集体资源发包", 12000.5], ["支出", "村道维修", "8,000"],
                        ["收入合计", "", 12000.5], ["支出合计", "", 8000]]:  # fmt: skip
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _this_month() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today.replace(day=1), today


def _published(org: Any, title: str, **kw: Any) -> Publication:
    start, today = _this_month()
    pub = draft(org, title=title, start=start, end=today, **kw)
    return actions.publish(SYSTEM, pub, on=today)


def _form(**extra: Any) -> dict[str, Any]:
    start, today = _this_month()
    return {"kind": "finance:statement", "title": "本月财务收支", "period_start": start, "period_end": today,
            "body": "现予公布", "days": 30, "income_total": "12,000.50", "expense_total": "8000", **extra}  # fmt: skip


def test_typed_lines_that_do_not_add_up_stay_on_the_form(tree: Any, personas: dict[str, Any]) -> None:
    client = client_for(personas["village_secretary"])
    page = client.post(reverse("openness:new"), _form(lines="收入，发包收入，12000.00\n支出，村道维修，8000"))
    assert page.status_code == 400
    html = page.content.decode()
    assert "收入明细合计 12,000.00 元，与填写的收入合计 12,000.50 元不一致，请核对" in html and "村道维修" in html
    assert Publication.objects.count() == 0
    done = client.post(reverse("openness:new"), _form(lines="收入，发包收入，12000.50\n支出，村道维修，8000"))
    pub = Publication.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("openness:detail", args=[pub.pk])
    assert (pub.income_total, pub.expense_total, pub.status) == (1_200_050, 800_000, Status.DRAFT)


def test_a_statement_imported_from_excel(tree: Any, personas: dict[str, Any]) -> None:
    client = client_for(personas["village_secretary"])
    upload = SimpleUploadedFile("收支.xlsx", statement_xlsx())
    done = client.post(reverse("openness:new"), {**_form(income_total="", expense_total=""), "statement": upload})
    assert done.status_code == 302
    pub = Publication.objects.get()
    assert [(ln.item, ln.amount) for ln in pub.lines.all()] == [("村道维修", 800_000), ("村集体资源发包", 1_200_050)]
    assert (pub.income_total, pub.expense_total) == (1_200_050, 800_000)
    wrong = SimpleUploadedFile("收支.xlsx", statement_xlsx())
    page = client.post(reverse("openness:new"), {**_form(income_total="12000"), "statement": wrong})
    assert page.status_code == 400 and "表格中的收入合计与填写的收入合计不一致" in page.content.decode()
    assert Publication.objects.count() == 1


def test_publishing_from_the_detail_page_refuses_a_future_date(tree: Any, personas: dict[str, Any]) -> None:
    pub = draft(tree.east1, section="village", category="affairs", start=_this_month()[0], end=_this_month()[1])
    client = client_for(personas["village_secretary"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(reverse("openness:publish", args=[pub.pk]), {"on": tomorrow})
    assert page.status_code == 400 and "公开日期不能晚于今天" in page.content.decode()
    assert Publication.objects.get(pk=pub.pk).status == Status.DRAFT
    assert client.post(reverse("openness:publish", args=[pub.pk]), {}).status_code == 302
    assert Publication.objects.get(pk=pub.pk).status == Status.PUBLISHED


def test_the_board_shows_every_section_and_nothing_of_other_villages(
    tree: Any, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    _published(tree.east1, "东一村本月财务收支")
    _published(tree.east2, "东二村本月财务收支")
    old = draft(tree.east1, title="去年的财务收支", start=D(2025, 1, 1), end=D(2025, 1, 31))
    actions.publish(SYSTEM, old, on=D(2025, 2, 5))  # taken down after its 30 days
    notice = running_now(tree.east1)
    item = make_item(tree.east1, concerned_name="孙七", description="孙七家屋顶漏雨")
    officer = personas["township_officer"]
    ledger_actions.move_item(officer, item, "assigned", assignee=officer)
    ledger_actions.move_item(officer, item, "resolved", resolution="已为孙七修缮")
    ledger_actions.publish_item(officer, item, "孙某家屋顶漏雨问题已解决")
    meeting = held_meeting(tree.east, Kind.REGULAR, timezone.localdate() - dt.timedelta(days=2))
    issue = meeting_actions.raise_issue(SYSTEM, meeting, text="东一村反映村道路灯损坏", route=Route.SPECIAL_MEETING,
                                        owner="周书记", organization=tree.east1)  # fmt: skip
    meeting_actions.resolve_issue(SYSTEM, issue, "已更换路灯12盏", on=timezone.localdate())
    url = reverse("openness:board", args=[tree.east1.pk])
    with django_assert_max_num_queries(
        8
    ):  # the org, one query per section (assessments too), the 例会 section's privacy names
        html = Client().get(url).content.decode()
    titles = re.findall(r'<b class="pub-title">([^<]+)</b>', html)
    assert titles == ["东一村本月财务收支"]
    assert notice.title in html and reverse("notices:public", args=[notice.pk]) in html and "提出异议" in html
    assert "已更换路灯12盏" in html and "责任人 周书记" in html
    assert "孙某家屋顶漏雨问题已解决" in html and "孙七" not in html
    assert len(html.encode()) < 100_000  # the first load on a phone (no framework CSS on public pages)
    township = Client().get(reverse("openness:board", args=[tree.east.pk])).content.decode()
    assert re.findall(r'<b class="pub-title">([^<]+)</b>', township) == ["东一村本月财务收支", "东二村本月财务收支"]
    assert 'id="village-boards"' in township and "已更换路灯12盏" in township
    assert Client().get(reverse("openness:board", args=[tree.county.pk])).status_code == 404
    assert Client().get(reverse("openness:board", args=[tree.group.pk])).status_code == 404


def test_past_boards_stay_readable_by_month(tree: Any) -> None:
    old = draft(tree.east1, title="2025年1月财务收支", start=D(2025, 1, 1), end=D(2025, 1, 31))
    actions.publish(SYSTEM, old, on=D(2025, 2, 5))
    archive = Client().get(reverse("openness:archive", args=[tree.east1.pk])).content.decode()
    assert reverse("openness:board_month", args=[tree.east1.pk, "2025-02"]) in archive
    month = Client().get(reverse("openness:board_month", args=[tree.east1.pk, "2025-02"])).content.decode()
    assert "2025年1月财务收支" in month and "2025年2月" in month
    assert "2025年1月财务收支" not in Client().get(reverse("openness:board", args=[tree.east1.pk])).content.decode()
    for wrong in ("2025-13", "abcd", "2999-01"):
        assert Client().get(reverse("openness:board_month", args=[tree.east1.pk, wrong])).status_code == 404


def test_one_publication_shows_its_statement(tree: Any) -> None:
    pub = _published(tree.east1, "本月财务收支")
    html = Client().get(reverse("openness:publication", args=[pub.pk])).content.decode()
    assert "村集体资源发包收入" in html and "42,000.00" in html and "23,000.00" in html
    drafted = draft(tree.east1)
    assert Client().get(reverse("openness:publication", args=[drafted.pk])).status_code == 404


def test_the_qr_poster_and_the_printable_board(tree: Any) -> None:
    _published(tree.east1, "本月财务收支")
    poster = Client().get(reverse("openness:poster", args=[tree.east1.pk]))
    text = pdf_text(poster.content)
    assert poster["Content-Type"] == "application/pdf" and "东一村" in text
    assert f"/openness/board/{tree.east1.pk}/" in text.replace("\n", "")
    board = pdf_text(Client().get(reverse("openness:board_pdf", args=[tree.east1.pk])).content)
    assert "本月财务收支" in board and "42,000.00" in board


def test_the_dashboard_lists_who_is_late(tree: Any, personas: dict[str, Any]) -> None:
    year = timezone.localdate().year - 1
    page = client_for(personas["township_officer"]).get(reverse("openness:dashboard"), {"year": year})
    html = page.content.decode()
    assert page.status_code == 200 and "东一村党支部" in html and "西一村党支部" not in html
    # nothing published last year: 12 months + 4 + 4 quarters missing for each of the two villages
    assert f"逾期或未公开：{2 * 20} 项" in html


def test_the_public_board_as_json(tree: Any) -> None:
    pub = _published(tree.east1, "本月财务收支")
    data = Client().get(reverse("api-v1:public_board", args=[tree.east1.pk])).json()
    assert [p["title"] for p in data["publications"]] == ["本月财务收支"]
    assert data["publications"][0]["income_total"] == 4_200_000 and data["poster_url"].endswith("poster.pdf")
    assert data["publications"][0]["public_url"] == reverse("openness:publication", args=[pub.pk])
    assert Client().get(reverse("api-v1:public_board", args=[tree.county.pk])).status_code == 404


def test_the_old_board_urls_lead_to_the_one_public_page(tree: Any) -> None:
    target = reverse("openness:board", args=[tree.east1.pk])
    assert Client().get(reverse("notices:board", args=[tree.east1.pk]))["Location"] == target
    assert Client().get(reverse("ledgers:public", args=[tree.east1.pk]))["Location"] == target


def test_a_matter_is_registered_by_the_village_or_by_an_officer_for_a_village(tree: Any, personas: dict) -> None:
    from jiceng.openness.models import Procedure

    data = {"kind": "zizhi", "title": "村内主干道路灯安装", "started_on": timezone.localdate()}
    done = client_for(personas["village_secretary"]).post(reverse("openness:procedures"), data)
    assert done.status_code == 302 and Procedure.objects.get().organization == tree.east1
    officer = client_for(personas["township_officer"])
    refused = officer.post(reverse("openness:procedures"), data)  # no village chosen: the township itself
    assert refused.status_code == 400 and "决策程序事项应由村党组织登记" in refused.content.decode()
    assert officer.post(reverse("openness:procedures"), {**data, "org": tree.east2.pk}).status_code == 302
    assert list(Procedure.objects.values_list("organization__name", flat=True).order_by("pk")) == [
        "东一村党支部", "东二村党支部"
    ]  # fmt: skip
    assert officer.post(reverse("openness:procedures"), {**data, "org": tree.west1.pk}).status_code == 404
    assert Procedure.objects.count() == 2


def test_above_a_township_the_dashboard_counts_per_township(tree: Any, personas: dict[str, Any]) -> None:
    year = timezone.localdate().year - 1
    _published(tree.east1, "本月财务收支")  # this year's: last year stays all missing
    client = client_for(personas["county_officer"])
    html = client.get(reverse("openness:dashboard"), {"year": year}).content.decode()
    table = html[html.index('id="areas"') : html.index("</table>", html.index('id="areas"'))]
    cells = [re.findall(r"<td[^>]*>(?:<a [^>]*>)?([^<]*)", row) for row in table.split("<tr>")[2:]]
    # 东镇 two villages, 西镇 one; 20 periods each (12 months, 4 + 4 quarters), none published last year
    expected = [["东镇党委", "2", "0", "0", "40", "0", "40"], ["西镇党委", "1", "0", "0", "20", "0", "20"]]
    assert cells == expected
    assert 'id="compliance"' not in html and "逾期或未公开：60 项" in html
    east = client.get(reverse("openness:dashboard"), {"year": year, "org": tree.east.pk}).content.decode()
    assert 'id="compliance"' in east and 'id="areas"' not in east and "东一村党支部" in east


def test_the_add_button_shows_only_where_it_leads_to_a_form(tree: Any, personas: dict[str, Any]) -> None:
    """The county has no board of its own: its list offers the villages' form, not a refused page."""
    new = reverse("openness:new")
    for persona, shown in (("county_officer", False), ("township_officer", True), ("village_secretary", True)):
        client = client_for(personas[persona])
        assert (f'href="{new}"' in client.get(reverse("openness:index")).content.decode()) is shown, persona
        assert client.get(new).status_code == (200 if shown else 403), persona
