"""Pages: the public board and notice (no login, CSRF, no HTML, no objector's data), the officers'
list and detail with the handling, the A4 notice, the county settings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.notices import actions
from jiceng.notices.models import Notice, NoticeSettings, Objection
from jiceng.notices.tests.factories import FakeSubject, object_to, publish, travel

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 10, 8)  # within the 国庆 公示 (30 September – 12 October)
MARKUP = '<script>alert("x")</script><b>粗体</b>'


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with travel(TODAY):
        yield


@pytest.fixture
def notice(tree: Any) -> Notice:
    return publish(tree.east1)


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post_objection(client: Client, notice: Notice, **data: str) -> Any:
    return client.post(reverse("notices:public", args=[notice.pk]), {"text": "请核实", **data})


# ---------------------------------------------------------------- public pages


def test_the_public_notice_needs_no_login_and_carries_a_csrf_form(notice: Notice) -> None:
    page = client_for().get(reverse("notices:public", args=[notice.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert "发展对象公示" in html and "2026年9月30日至2026年10月12日（5个工作日）" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'maxlength="2000"' in html


def test_an_objection_without_the_csrf_token_is_refused(notice: Notice) -> None:
    client = Client(enforce_csrf_checks=True)
    assert post_objection(client, notice).status_code == 403
    assert Objection.objects.count() == 0
    page = client.get(reverse("notices:public", args=[notice.pk]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    done = post_objection(client, notice, csrfmiddlewaretoken=token[1])
    assert done.status_code == 200 and "异议已提交" in done.content.decode()
    assert Objection.objects.count() == 1


def test_the_receipt_code_shown_once_finds_the_answer(notice: Notice, personas: dict) -> None:
    page = post_objection(client_for(), notice, text=MARKUP)
    code = re.search(r'id="receipt-code">([A-Z0-9-]+)<', page.content.decode())
    assert code is not None
    objection = Objection.objects.get()
    officer = personas["township_officer"]
    actions.move_objection(officer, objection, "investigating")
    actions.move_objection(officer, objection, "dismissed", answer=f"经核实不属实{MARKUP}")
    found = client_for().post(reverse("notices:receipt"), {"code": code[1].lower()}).content.decode()
    assert "异议不成立" in found and "经核实不属实" in found
    assert "<script>" not in found and "&lt;script&gt;" in found
    missing = client_for().post(reverse("notices:receipt"), {"code": "AAAAA-AAAAA"}).content.decode()
    assert "没有找到该回执码对应的异议" in missing


def test_objection_text_is_never_rendered_as_html(notice: Notice, personas: dict) -> None:
    post_objection(client_for(), notice, text=MARKUP, name="<i>王</i>")
    html = client_for(personas["township_officer"]).get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;粗体&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<b>粗体" not in html and "&lt;i&gt;王&lt;/i&gt;" in html
    assert Objection.objects.get().text == MARKUP  # kept as typed, escaped when shown


def test_an_objection_over_2000_characters_is_refused_on_the_page(notice: Notice) -> None:
    page = post_objection(client_for(), notice, text="意" * 2001)
    html = page.content.decode()
    assert page.status_code == 422 and "异议内容不能超过2000字（现有2001字），请精简后再提交" in html
    assert "意" * 2001 in html  # what was typed stays on the page
    assert Objection.objects.count() == 0


def test_the_sixth_objection_from_one_address_within_an_hour_is_refused(notice: Notice) -> None:
    client = client_for()
    for i in range(5):
        assert post_objection(client, notice, text=f"第{i + 1}条").status_code == 200
    page = post_objection(client, notice, text="第6条")
    assert page.status_code == 422 and "同一网络地址一小时内最多提交5条异议" in page.content.decode()
    assert Objection.objects.count() == 5
    other = client.post(reverse("notices:public", args=[notice.pk]), {"text": "另一台手机"}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 200 and Objection.objects.count() == 6


def test_behind_a_proxy_the_limit_counts_each_sender_by_the_proxys_header(notice: Notice, settings: Any) -> None:
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client, url = client_for(), reverse("notices:public", args=[notice.pk])
    for i in range(5):  # five villagers behind the same proxy (REMOTE_ADDR is the proxy's)
        sent = client.post(url, {"text": f"第{i + 1}条"}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=f"10.2.0.{i + 1}")
        assert sent.status_code == 200
    assert client.post(url, {"text": "第6条"}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.2.0.9").status_code == 200
    refused = [
        client.post(url, {"text": f"再{i}"}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.2.0.1") for i in range(5)
    ]
    assert [r.status_code for r in refused] == [200, 200, 200, 200, 422]  # 10.2.0.1 sent its sixth
    assert Objection.objects.count() == 10


def test_objectors_name_and_contact_appear_to_officers_only(tree: Any, notice: Notice, personas: dict) -> None:
    post_objection(client_for(), notice, text="候选人不符合条件", name="王小明", contact="13912345678")
    public_pages = [reverse("notices:public", args=[notice.pk]), reverse("notices:board", args=[tree.east1.pk]),
                    reverse("ledgers:public", args=[tree.east1.pk])]  # fmt: skip
    for url in public_pages:  # the board URLs redirect to the village's 公开栏 (openness), which shows the 公示
        html = client_for().get(url, follow=True).content.decode()
        assert "发展对象公示" in html and "王小明" not in html and "13912345678" not in html
    detail = reverse("notices:detail", args=[notice.pk])
    officer = client_for(personas["township_officer"]).get(detail).content.decode()
    assert "王小明" in officer and "13912345678" in officer and "候选人不符合条件" in officer
    secretary = client_for(personas["village_secretary"]).get(detail).content.decode()
    assert (
        "王小明" not in secretary
        and "候选人不符合条件" not in secretary
        and "共收到异议 1 件，未处理完毕 1 件" in secretary
    )


def test_the_board_shows_the_notices_in_progress_only(tree: Any, notice: Notice, personas: dict,
                                                      django_assert_max_num_queries: Any) -> None:  # fmt: skip
    publish(tree.east1, subject=FakeSubject(2), title="尚未开始的公示", starts_on=D(2026, 10, 12))
    publish(tree.east1, subject=FakeSubject(3), title="已结束的公示", starts_on=D(2026, 9, 1), today=D(2026, 9, 1))
    withdrawn = publish(tree.east1, subject=FakeSubject(4), title="已撤回的公示")
    actions.withdraw_notice(personas["township_officer"], withdrawn, "有误")
    publish(tree.east1, subject=FakeSubject(5), title="乡镇公示", board="township")
    board = client_for().get(reverse("notices:board", args=[tree.east1.pk]))
    assert board.status_code == 302 and board["Location"] == reverse("openness:board", args=[tree.east1.pk])
    with django_assert_max_num_queries(
        7
    ):  # the whole 公开栏: org, publications, notices, ledgers, 例会, 评议, 考核 (no issues)
        html = client_for().get(board["Location"]).content.decode()
    titles = re.findall(r"<b>([^<]+)</b>", html)
    assert titles == ["发展对象公示"]
    township = client_for().get(reverse("notices:board", args=[tree.east.pk]), follow=True).content.decode()
    assert re.findall(r"<b>([^<]+)</b>", township) == ["乡镇公示"]
    assert "已撤回" in client_for().get(reverse("notices:public", args=[withdrawn.pk])).content.decode()
    assert (
        client_for().get(reverse("notices:public", args=[Notice.objects.get(title="尚未开始的公示").pk])).status_code
        == 404
    )


def test_an_ended_notice_stays_readable_without_the_form(tree: Any) -> None:
    ended = publish(tree.east1, starts_on=D(2026, 9, 1), today=D(2026, 9, 1))
    html = client_for().get(reverse("notices:public", args=[ended.pk])).content.decode()
    assert "公示期已结束，不再受理异议" in html and "objection-form" not in html
    page = post_objection(client_for(), ended)
    assert page.status_code == 422 and "公示期已于2026-09-07结束" in page.content.decode()


def test_the_ledgers_public_page_includes_the_notices(tree: Any, notice: Notice) -> None:
    html = client_for().get(reverse("ledgers:public", args=[tree.east1.pk]), follow=True).content.decode()
    assert 'id="notice-board"' in html and reverse("notices:public", args=[notice.pk]) in html


# ---------------------------------------------------------------- officers' pages


def test_handling_on_the_detail_page(notice: Notice, personas: dict) -> None:
    objection = object_to(notice, day=TODAY).objection
    client = client_for(personas["township_officer"])
    url = reverse("notices:move", args=[objection.pk])
    assert client.post(url, {"target": "investigating", "on": "2026-10-08"}).status_code == 302
    refused = client.post(url, {"target": "dismissed", "on": "2026-10-08"})
    assert refused.status_code == 400 and "“异议不成立”需要填写：答复意见" in refused.content.decode()
    done = client.post(url, {"target": "dismissed", "answer": "经核实不属实", "on": "2026-10-08"})
    assert done.status_code == 302 and done["Location"].endswith(f"#objection-{objection.pk}")
    stored = Objection.objects.get(pk=objection.pk)
    assert (stored.state, stored.answer, stored.answered_on) == ("dismissed", "经核实不属实", TODAY)
    html = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "2026-10-08 east_officer 异议不成立：经核实不属实" in html
    assert "公示期为2026-09-30至2026-10-12，期满后（2026-10-13起）才能办理下一环节" in html


def test_decision_and_withdrawal_on_the_page(tree: Any, personas: dict) -> None:
    client = client_for(personas["township_officer"])
    with travel(D(2026, 9, 30)):
        notice = publish(tree.east1)
        objection = object_to(notice).objection
        actions.move_objection(personas["township_officer"], objection, "investigating")
        actions.move_objection(personas["township_officer"], objection, "upheld", answer="属实")
    with travel(D(2026, 10, 13)):
        url = reverse("notices:decide", args=[notice.pk])
        assert client.post(url, {"decision": "continue"}).status_code == 400
        assert client.post(url, {"decision": "continue", "note": "已更正，不影响"}).status_code == 302
        html = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "异议成立，经研究不影响（2026-10-13，east_officer）：已更正，不影响" in html
    other = publish(tree.east1, subject=FakeSubject(8))
    assert client.post(reverse("notices:withdraw", args=[other.pk]), {"reason": "写错"}).status_code == 302
    assert Notice.objects.get(pk=other.pk).withdrawn_reason == "写错"


def test_an_objection_received_by_phone_is_recorded_on_the_page(notice: Notice, personas: dict) -> None:
    client = client_for(personas["township_officer"])
    url = reverse("notices:record", args=[notice.pk])
    bad = client.post(url, {"channel": "phone", "received_on": "2026-10-08", "text": ""})
    assert bad.status_code == 400 and "请填写异议内容" in bad.content.decode()
    done = client.post(url, {"channel": "phone", "received_on": "2026-10-08", "text": "电话反映情况"}, follow=True)
    assert "已登记异议，回执码" in done.content.decode() and "电话" in done.content.decode()
    assert Objection.objects.get().channel == "phone"


def test_the_index_lists_the_subtree_with_filters(tree: Any, notice: Notice, personas: dict,
                                                  django_assert_max_num_queries: Any) -> None:  # fmt: skip
    publish(tree.east1, subject=FakeSubject(3), title="九月的公示", starts_on=D(2026, 9, 1), today=D(2026, 9, 1))
    publish(tree.west1, subject=FakeSubject(4), title="西一村公示")
    client = client_for(personas["township_officer"])
    with django_assert_max_num_queries(8):
        running = client.get(reverse("notices:index")).content.decode()
    assert "发展对象公示" in running and "九月的公示" not in running and "西一村公示" not in running
    ended = client.get(reverse("notices:index"), {"show": "ended"}).content.decode()
    assert "九月的公示" in ended and "发展对象公示" not in ended and "无异议" in ended
    found = client.get(reverse("notices:index"), {"show": "all", "q": "九月"}).content.decode()
    assert "九月的公示" in found and "发展对象公示" not in found


def test_the_a4_notice_has_the_period_and_the_qr_link(notice: Notice, personas: dict) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    page = client_for(personas["village_secretary"]).get(reverse("notices:pdf", args=[notice.pk]))
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(page.content)).pages).replace("\n", "")
    assert "发展对象公示" in text and "2026年9月30日至2026年10月12日（5个工作日）" in text
    assert f"/notices/public/{notice.pk}/" in text


def test_county_settings_page(tree: Any, personas: dict) -> None:
    client = client_for(personas["county_officer"])
    assert "默认公示期" in client.get(reverse("notices:settings")).content.decode()
    bad = client.post(reverse("notices:settings"), {"days": "0"})
    assert "公示期不能少于1个工作日" in bad.content.decode() and NoticeSettings.objects.count() == 0
    assert client.post(reverse("notices:settings"), {"days": "7", "hotline": "12380"}).status_code == 302
    assert NoticeSettings.objects.get().days == 7
    assert client_for(personas["township_officer"]).get(reverse("notices:settings")).status_code == 404


def test_the_subject_is_shown_by_name_where_its_app_says_so(tree: Any, personas: dict) -> None:
    about_org = publish(tree.east1, subject=tree.east1)
    html = client_for(personas["township_officer"]).get(reverse("notices:detail", args=[about_org.pk])).content.decode()
    assert f'<a href="{reverse("reports:dashboard", args=[tree.east1.pk])}">东一村党支部</a>' in html
    other = client_for(personas["township_officer"]).get(reverse("notices:detail", args=[publish(tree.east2).pk]))
    page = other.content.decode()
    # No app registered this kind (and no such model): its number, never the machine ref or step key
    assert '公示事项</dt><dd class="col-8 col-md-4">其他记录（编号 7）</dd>' in page
    assert "elsewhere" not in page


def test_the_step_of_a_case_is_shown_by_its_label(tree: Any, personas: dict) -> None:
    from jiceng.core.engine import ref_of
    from jiceng.notices.subjects import step_label

    case = object_to(publish(tree.east1)).objection  # an objection is a case of the engine
    assert step_label(ref_of(case), "investigating") == "核实中"
    assert step_label("elsewhere.record:7", "notice") == ""  # not a case: no step shown
