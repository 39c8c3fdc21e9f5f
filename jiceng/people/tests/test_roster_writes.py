"""The roster import writes through the actions: every change audited, the statistics fresh at once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from jiceng.accounts.models import ApiToken, Role, User
from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization
from jiceng.people import roster
from jiceng.people.models import Person, Post
from jiceng.people.tests.test_roster import ORGS, person_row, problems, workbook
from jiceng.reports import stats

BRANCH = "测试县委/南镇党委/南一村党支部"


@pytest.fixture
def api(db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """GET the statistics of the imported county as its officer, through the cache.

    No write transaction is in flight between the requests, so the cache trusts its watermark
    on PostgreSQL as on SQLite (the test's own transaction would otherwise widen the window)."""
    monkeypatch.setattr(stats, "write_horizon", timezone.now)
    state: dict[str, Any] = {}

    def get() -> dict[str, Any]:
        if not state:
            county = Organization.objects.get(full_path="测试县委")
            user = User.objects.create_user(username="county", organization=county, role=Role.COUNTY_OFFICER)
            state.update(county=county, token=ApiToken.objects.issue(user))
        url = f"/api/v1/orgs/{state['county'].pk}/stats"
        response = Client().get(url, headers={"Authorization": f"Bearer {state['token']}"})
        assert response.status_code == 200
        return response.json()["cadres"]

    return get


def secretary_only(**changes: Any) -> io.BytesIO:
    """张三, 书记 of 南一村 since 2021-01-15 (no village committee post), with `changes`."""
    return workbook(people=[person_row(**{"村委会职务": "", **changes})])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "cadres", "event"),
    [
        ({"村委会职务": "主任"}, {"total": 1, "dual_post": 1}, ("create", {"title": "director"})),
        ({"党内职务": "副书记"}, {"total": 0, "dual_post": 0}, ("update", {"title": ["secretary", "deputy_secretary"]})),
        ({"职务任职日期": "2022-03-01"}, {"total": 1, "dual_post": 0},
         ("update", {"start_on": ["2021-01-15", "2022-03-01"]})),
    ],
    ids=["post-added", "post-replaced", "start-corrected"],
)  # fmt: skip
def test_reimport_changing_one_post_writes_one_event_and_the_stats_follow(api, changes, cadres, event):
    roster.import_roster(secretary_only())
    assert {k: api()[k] for k in ("total", "dual_post")} == {"total": 1, "dual_post": 0}  # cached now
    before = AuditEvent.objects.count()
    plan = roster.import_roster(secretary_only(**changes))
    assert plan.ok and plan.counts()["people_unchanged"] == 1
    (written,) = AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before]
    assert (written.object_type, written.action, written.actor_name) == ("people.post", event[0], "系统")
    assert {k: written.changes[k] for k in event[1]} == event[1]
    assert {k: api()[k] for k in ("total", "dual_post")} == cadres


@pytest.mark.django_db
def test_a_replaced_post_ends_today_and_keeps_its_entry_time():
    roster.import_roster(secretary_only())
    roster.import_roster(secretary_only(党内职务="副书记"))
    old, new = Post.objects.filter(body="party").order_by("pk")
    assert (old.title, old.end_on, new.title, new.end_on) == (
        "secretary",
        timezone.localdate(),
        "deputy_secretary",
        None,
    )
    assert old.end_recorded_at is not None
    event = AuditEvent.objects.get(object_type="people.post", object_id=str(new.pk), action="update")
    assert event.changes["replaces"] == ["南一村党支部书记"]


def test_web_import_is_checked_and_audited_as_the_uploader(tree, personas):
    officer = personas["township_officer"]
    people = [person_row(所在党组织="测试县委/东镇党委/东一村党支部", 党内职务="", 村委会职务="")]
    plan = roster.import_roster(workbook(orgs=[], people=people), officer)
    assert problems(plan) == []
    event = AuditEvent.objects.get(object_type="people.person")
    assert (event.actor, event.action, event.org_id) == (officer, "create", tree.east1.pk)


def test_an_officer_reimports_their_own_export_with_its_ancestor_rows(tree, personas):
    from jiceng.people.tests.factories import make_person

    make_person(tree.east1, "王五")
    data = roster.export_bytes(tree.east, full_ids=True)
    assert [row[0] for row in load_workbook(io.BytesIO(data))["组织"].iter_rows(min_row=2, values_only=True)][:2] == [
        "测试县委",
        "东镇党委",
    ]
    plan = roster.import_roster(io.BytesIO(data), personas["township_officer"])
    assert problems(plan) == []
    assert plan.counts()["orgs_unchanged"] == 5 and plan.counts()["people_unchanged"] == 1


# ---------------------------------------------------------------- 成立日期


def orgs_with_founding(county: Any = "", branch: Any = "") -> list[list[Any]]:
    rows = [[*row, ""] for row in ORGS]
    rows[0][-1], rows[2][-1] = county, branch
    return rows


def old_template() -> io.BytesIO:
    """The 组织 sheet as it was before 成立日期 was added (2026-12)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "组织"
    sheet.append(roster.ORG_HEADERS[:5])
    for row in ORGS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.mark.django_db
def test_founding_dates_import_keep_and_export():
    plan = roster.import_roster(workbook(orgs=orgs_with_founding("1949年10月1日", dt.date(1956, 3, 1)), people=[]))
    assert problems(plan) == []
    branch = Organization.objects.get(full_path=BRANCH)
    assert (branch.founded_on, branch.founding_known, branch.compliance_since) == (
        dt.date(1956, 3, 1),
        True,
        dt.date(1956, 3, 1),
    )
    town = Organization.objects.get(full_path="测试县委/南镇党委")
    assert (town.founding_known, town.compliance_since) == (False, dt.date(timezone.localdate().year, 1, 1))
    # An empty cell, or an old template without the column, leaves a known date as it is.
    assert roster.import_roster(workbook(orgs=orgs_with_founding(), people=[])).counts()["orgs_unchanged"] == 4
    assert roster.import_roster(old_template()).counts()["orgs_unchanged"] == 4
    assert Organization.objects.get(full_path=BRANCH).founded_on == dt.date(1956, 3, 1)
    # A changed date is an audited update.
    plan = roster.import_roster(workbook(orgs=orgs_with_founding(branch="1957-03-01"), people=[]))
    assert plan.counts()["orgs_updated"] == 1
    event = AuditEvent.objects.get(action="update", object_type="organizations.organization")
    assert event.changes == {"founded_on": ["1956-03-01", "1957-03-01"]}
    sheet = load_workbook(io.BytesIO(roster.export_bytes(branch)))["组织"]
    assert [c.value for c in sheet[1]] == roster.ORG_HEADERS
    exported = {row[0]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported["南一村党支部"] == dt.datetime(1957, 3, 1) and exported["南镇党委"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1956-02-30", "日期不存在"),
        ("去年", "日期格式不正确，应为 2024-03-01、2024/3/1 或 2024年3月1日"),
        ("1920-01-01", "成立日期不能早于1921年7月1日"),
        (timezone.localdate() + dt.timedelta(days=2), "成立日期不能晚于今天"),
    ],
)
def test_bad_founding_dates_are_named_and_nothing_is_written(value, reason):
    plan = roster.import_roster(workbook(orgs=orgs_with_founding(branch=value)))
    assert problems(plan) == [f"组织 4 成立日期: {reason}"]
    assert not Organization.objects.exists() and not Person.objects.exists()


def test_template_has_the_founding_column_and_its_note(db):
    book = load_workbook(io.BytesIO(roster.template_bytes()))
    assert [c.value for c in book["组织"][1]][-1] == "成立日期"
    assert any("成立日期未知" in str(row[0].value) for row in book["填写说明"].iter_rows())


@pytest.mark.django_db
def test_a_refusal_while_writing_is_reported_and_nothing_is_written(monkeypatch):
    """Between the check and the write the same ID number was registered: the action refuses."""
    from django.db import IntegrityError

    from jiceng.people import actions

    def registered_meanwhile(rows):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(actions, "insert_people", registered_meanwhile)
    plan = roster.import_roster(workbook())
    assert problems(plan) == ["文件 1 -: 有公民身份号码已登记（可能刚由他人登记），未写入任何数据"]
    assert not Organization.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_village_outside_any_township_is_a_located_error():
    orgs = [list(row) for row in ORGS]
    orgs[1][4] = "南镇村"  # 南镇党委 sits under the county: no township above it to hold a village
    plan = roster.import_roster(workbook(orgs=orgs))
    assert problems(plan) == ["组织 3 所属行政村: 只有乡镇党委下的组织才能关联行政村"]
    assert not Organization.objects.exists()
