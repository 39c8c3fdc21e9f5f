"""发展党员 end to end (issue 13): an applicant from the written application (March 2025) to a
confirmed member (June 2027), walked through the pages by the village secretary and the township
officer with the app's clock moved from day to day. The 公示 receives an objection from the
village's public page (no login) that the officer handles; both 支部大会 are recorded in the
meetings app and linked, not entered again; the printed file lists the date of every step.
People, the branch's full members and the 介绍人 come from factories: they are not the point."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest

from jiceng.core.testing import pdf_text
from jiceng.development.models import File
from jiceng.development.tests.factories import applicant, full_members
from jiceng.meetings.models import Meeting
from jiceng.notices.models import Notice, Objection
from jiceng.notices.tests.factories import at
from jiceng.people.models import Person
from jiceng.people.rules import Category

from .conftest import VIEWPORTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


class Clock:
    """The app's clock (timezone.now, hence localdate, in the test and the live server thread),
    moved forward from day to day: 10 o'clock on the day set last."""

    def __init__(self) -> None:
        self.patcher: Any = None
        self.day = D(2000, 1, 1)
        self.logins: dict[str, dt.date] = {}

    def set(self, day: dt.date) -> None:
        self.stop()
        self.day = day
        self.patcher = mock.patch("django.utils.timezone.now", return_value=at(day, 10))
        self.patcher.start()

    def stop(self) -> None:
        if self.patcher is not None:
            self.patcher.stop()
            self.patcher = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    c = Clock()
    yield c
    c.stop()


def visit(clock: Clock, page: Any, url: str, base: str, username: str, again: bool = False) -> None:
    """Open `url`, logging in first when the session has expired (the clock moves by months).
    A page already showing `url` after this user's own last move is kept unless `again`: the
    next move's date is typed in (sessions last 14 days in tests)."""
    fresh = username in clock.logins and (clock.day - clock.logins[username]).days < 13
    if fresh and not again and page.url == url:
        return
    page.goto(url)
    if "/accounts/login/" in page.url:
        login(page, base, username)
        clock.logins[username] = clock.day
        page.goto(url)


def take(clock: Clock, page: Any, label: str, **fields: Any) -> None:
    """Take the move `label` on the file page on the clock's day: open its form, fill `fields`
    (lists: people ticked by id in the person picker), submit, and check the file is at that step."""
    item = page.locator("#moves .list-group-item").filter(has=page.locator(f"summary b:text-is('{label}')"))
    item.locator("summary").click()
    for name, value in {"on": f"{clock.day:%Y-%m-%d}", **fields}.items():
        if isinstance(value, list):
            for pk in value:
                item.locator(f"[name={name}][value='{pk}']").check()
        else:
            item.locator(f"[name={name}]").fill(str(value))
    item.locator("button").click()
    page.wait_for_load_state()
    assert page.locator("#form-errors").count() == 0, page.inner_text("#form-errors")
    assert page.inner_text("#step") == label


def record_congress(page: Any, base: str, org: Any, theme: str) -> Meeting:
    """The 党员大会 as the secretary records it in the meetings app (everyone present)."""
    page.goto(f"{base}/meetings/new/?record=1&kind=party_congress&org={org.pk}")
    page.fill("#id_theme", theme)
    page.click("#save-meeting")
    page.wait_for_selector("#meeting-status:has-text('已召开')")
    return Meeting.objects.get(theme=theme)


def link_congress(page: Any, file_url: str, meeting: Meeting) -> None:
    page.goto(file_url)
    page.select_option("form[action$='/link/'] select[name=meeting]", str(meeting.pk))
    page.click("form[action$='/link/'] button")
    page.wait_for_load_state()
    assert "已关联 1 次会议" in page.inner_text("main")


# (step label, date) the printed file must show: every step of the path taken.
EXPECTED = [
    ("递交入党申请书", D(2025, 3, 3)),
    ("党组织派人谈话", D(2025, 3, 20)),
    ("确定为入党积极分子", D(2025, 4, 8)),
    ("确定为发展对象", D(2026, 4, 9)),
    ("确定入党介绍人", D(2026, 4, 20)),
    ("政治审查", D(2026, 4, 27)),
    ("集中培训", D(2026, 5, 11)),
    ("支部委员会审查", D(2026, 5, 18)),
    ("乡镇党委预审", D(2026, 5, 20)),
    ("发展对象公示", D(2026, 5, 21)),
    ("填写入党志愿书", D(2026, 5, 29)),
    ("支部大会讨论接收", D(2026, 6, 1)),
    ("支部大会通过", D(2026, 6, 10)),
    ("乡镇党委派人谈话", D(2026, 6, 16)),
    ("乡镇党委审批为预备党员", D(2026, 7, 1)),
    ("入党宣誓", D(2026, 7, 1)),
    ("提出转正申请", D(2027, 5, 20)),
    ("支部大会讨论转正", D(2027, 6, 1)),
    ("支部大会同意转正", D(2027, 6, 10)),
    ("乡镇党委审批转正（归档）", D(2027, 6, 21)),
]
WHEN = dict(EXPECTED)


def test_an_applicant_becomes_a_confirmed_member_over_two_years(page: Any, new_page: Any, live_server: Any,
                                                                tree: Any, personas: dict, clock: Clock) -> None:  # fmt: skip
    base = live_server.url
    members = full_members(tree.east1, 4)
    person = applicant(tree.east1, "林晓燕", birth=D(1999, 8, 1))
    secretary, officer = page, new_page(page.viewport_name)  # both at this run's viewport

    def as_secretary(url: str, again: bool = False) -> None:
        visit(clock, secretary, url, base, "east1_secretary", again)

    def as_officer(url: str, again: bool = False) -> None:
        visit(clock, officer, url, base, "east_officer", again)

    # 2025: the written application, the talk, the activist with a 培养联系人, a half-year review.
    clock.set(WHEN["递交入党申请书"])
    as_secretary(f"{base}/development/new/?q=林晓")
    secretary.click("a.list-group-item:has-text('林晓燕')")
    secretary.fill("#id_tags", "外出务工经商人员")
    secretary.click("button[type=submit]:has-text('登记')")
    secretary.wait_for_selector("#step")
    file_url = secretary.url
    file = File.objects.get(person=person)
    assert file_url.endswith(f"/development/{file.pk}/") and secretary.inner_text("#step") == "递交入党申请书"
    clock.set(WHEN["党组织派人谈话"])
    as_secretary(file_url)
    take(clock, secretary, "党组织派人谈话", note="支部书记同林晓燕谈话，了解入党动机")
    clock.set(WHEN["确定为入党积极分子"])
    as_secretary(file_url)
    take(clock, secretary, "确定为入党积极分子", contacts=[members[0].pk])
    clock.set(D(2025, 10, 9))
    as_secretary(file_url)
    secretary.click("summary:has-text('记录定期考察')")
    secretary.fill("form[action$='/review/'] textarea[name=text]", "表现良好，按时参加组织活动")
    secretary.click("form[action$='/review/'] button")
    secretary.wait_for_selector("#events td:has-text('定期考察')")

    # 2026: 发展对象 a year after (the page refused it before), 介绍人, review, training, 预审.
    clock.set(D(2026, 4, 7))
    as_secretary(file_url, again=True)
    assert "最早为2026-04-08（《中国共产党发展党员工作细则》第十三条）" in secretary.inner_text("#moves")
    clock.set(WHEN["确定为发展对象"])
    as_secretary(file_url)
    take(clock, secretary, "确定为发展对象", opinions="党小组、培养联系人、党员和群众均同意")
    for label, fields in (("确定入党介绍人", {"introducers": [members[1].pk, members[2].pk]}),
                          ("政治审查", {"vetting": "政治审查合格"}), ("集中培训", {"training_days": 3}),
                          ("支部委员会审查", {})):  # fmt: skip
        clock.set(WHEN[label])
        as_secretary(file_url)
        take(clock, secretary, label, **fields)
    clock.set(WHEN["乡镇党委预审"])
    as_officer(f"{base}/development/")
    assert "林晓燕" in officer.inner_text("#files")
    officer.click("#files a:has-text('林晓燕')")
    officer.wait_for_selector("#step")
    take(clock, officer, "乡镇党委预审")
    clock.set(WHEN["发展对象公示"])
    as_officer(file_url)
    take(clock, officer, "发展对象公示")
    notice = Notice.objects.get(subject_ref=f"development.file:{file.pk}")
    assert (notice.starts_on, notice.ends_on) == (D(2026, 5, 21), D(2026, 5, 27))  # 5 working days

    # A villager objects from the village's public page, without logging in, on a phone.
    villager = new_page("phone")
    clock.set(D(2026, 5, 25))
    villager.goto(f"{base}/ledgers/public/{tree.east1.pk}/")
    assert "关于拟发展林晓燕同志为预备党员的公示" in villager.inner_text("#notice-board")
    villager.click("#notice-board a:has-text('查看全文、提出异议')")
    villager.fill("#id_text", "该同志外出务工期间很少参加组织生活，请核实。")
    villager.click("#objection-submit")
    villager.wait_for_selector("#receipt-code")
    assert villager.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"] + 1
    objection = Objection.objects.get()

    # After the period the open objection holds the next step; the officer verifies and answers.
    clock.set(D(2026, 5, 28))
    as_secretary(file_url, again=True)
    assert "公示期间收到的异议尚有1件未处理完毕" in secretary.inner_text("#moves")
    as_officer(file_url, again=True)
    officer.click("a:has-text('关于拟发展林晓燕同志为预备党员的公示')")
    card = f"#objection-{objection.pk}"
    officer.click(f"{card} [data-move=investigating]")
    officer.wait_for_selector(f"{card} .objection-state:has-text('核实中')")
    officer.fill(f"{card} textarea[name=answer]", "经支部走访核实，该同志在外期间按时参加流动党员活动，异议不成立。")
    officer.click(f"{card} [data-move=dismissed]")
    officer.wait_for_selector(f"{card} .objection-state:has-text('异议不成立')")

    # 志愿书, then the 支部大会: recorded in the meetings app, linked here, its date taken over.
    clock.set(WHEN["填写入党志愿书"])
    as_secretary(file_url, again=True)
    take(clock, secretary, "填写入党志愿书")
    clock.set(WHEN["支部大会讨论接收"])
    as_secretary(file_url)
    take(clock, secretary, "支部大会讨论接收")
    assert "暂不能办理" in secretary.inner_text("#moves .list-group-item:has-text('支部大会通过')")
    clock.set(WHEN["支部大会通过"])
    as_secretary(file_url)
    admission = record_congress(secretary, base, tree.east1, "讨论接收林晓燕为预备党员")
    link_congress(secretary, file_url, admission)
    take(clock, secretary, "支部大会通过", on="")  # no date typed: the meeting's
    clock.set(WHEN["乡镇党委派人谈话"])
    as_officer(file_url)
    take(clock, officer, "乡镇党委派人谈话", note="乡镇党委组织委员谈话")
    clock.set(WHEN["乡镇党委审批为预备党员"])
    as_officer(file_url)
    take(clock, officer, "乡镇党委审批为预备党员")
    as_secretary(file_url, again=True)
    take(clock, secretary, "入党宣誓")
    assert "预备期满 2027-06-10" in secretary.inner_text("main")

    # 2027: 转正 at the end of the year of probation, on a second 支部大会, approved by the township.
    clock.set(WHEN["提出转正申请"])
    as_secretary(file_url)
    take(clock, secretary, "提出转正申请")
    clock.set(WHEN["支部大会讨论转正"])
    as_secretary(file_url)
    take(clock, secretary, "支部大会讨论转正")
    clock.set(WHEN["支部大会同意转正"])
    as_secretary(file_url)
    confirmation = record_congress(secretary, base, tree.east1, "讨论林晓燕同志转正")
    link_congress(secretary, file_url, confirmation)
    take(clock, secretary, "支部大会同意转正", on="")
    clock.set(WHEN["乡镇党委审批转正（归档）"])
    as_officer(file_url, again=True)
    take(clock, officer, "乡镇党委审批转正（归档）")

    person = Person.objects.get(pk=person.pk)
    assert (person.category, person.joined_on, person.confirmed_on) == (Category.FULL, D(2026, 6, 10),
                                                                        D(2027, 6, 10))  # fmt: skip
    # The printed file: every step with its date, on the line of the step.
    text = pdf_text(officer.request.get(f"{file_url}pdf/").body())
    lines = text.splitlines()
    for label, day in EXPECTED:
        line = next((ln for ln in lines if re.search(rf"(^|\s|✓){re.escape(label)}\s", ln)), "")
        assert f"{day:%Y-%m-%d}" in line, (label, line)
    assert "入党介绍人：老党员2、老党员3" in text and "政治审查：政治审查合格" in text
