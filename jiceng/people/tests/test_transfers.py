"""组织关系转接 (issue 13.4): a dated, audited, permission-checked event; bad input writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.people import actions
from jiceng.people.models import Person, Transfer
from jiceng.people.rules import TransferReason, transfer_date_problem
from jiceng.people.tests.factories import make_person

from .test_views import client_for

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 12, 2)


def _unchanged(person: Person, org) -> None:
    person.refresh_from_db()
    assert (person.organization_id, person.org_path) == (org.pk, org.path)


def test_transfer_moves_the_person_and_appends_a_dated_row_audited_at_both_ends(tree, personas):
    person = make_person(tree.east1, "王明")
    made = actions.transfer_person(personas["township_officer"], person, tree.east2, on=D(2026, 10, 8),
                                   reason=TransferReason.RETURN, note="回乡居住")  # fmt: skip
    person.refresh_from_db()
    assert (person.organization, person.org_path) == (tree.east2, tree.east2.path)
    assert (made.from_org, made.to_org, made.on, made.reason, made.note) == (
        tree.east1, tree.east2, D(2026, 10, 8), "return", "回乡居住")  # fmt: skip
    assert made.recorded_at is not None
    events = AuditEvent.objects.filter(object_type="people.person", object_id=str(person.pk)).exclude(action="create")
    assert sorted((e.action, e.org_id) for e in events) == sorted(
        [("update", tree.east2.pk), ("transfer_out", tree.east1.pk)])  # fmt: skip
    (update,) = [e for e in events if e.action == "update"]
    assert update.changes["transfer_on"] == [None, "2026-10-08"] and update.changes["transfer_reason"] == [None, "回乡"]


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (TODAY + dt.timedelta(days=1), "转接日期不能晚于今天"),
        (D(2025, 12, 31), "转接日期不能早于该人员上一次组织关系转接的日期（2026-01-01）"),
        (D(1960, 1, 1), "转接日期不能早于出生日期"),
    ],
)
def test_a_future_or_out_of_order_date_is_refused_and_nothing_written(tree, system, on, message):
    person = make_person(tree.east1, "王明")
    actions.transfer_person(system, person, tree.east2, on=D(2026, 1, 1), reason=TransferReason.OUT)
    before = (Transfer.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError, match=message.replace("（", r"\（").replace("）", r"\）")):
        actions.transfer_person(system, person, tree.east1, on=on, reason=TransferReason.RETURN, today=TODAY)
    assert (Transfer.objects.count(), AuditEvent.objects.count()) == before
    _unchanged(person, tree.east2)


def test_the_same_day_as_the_last_transfer_is_allowed(tree, system):
    person = make_person(tree.east1, "王明")
    actions.transfer_person(system, person, tree.east2, on=D(2026, 1, 1), reason=TransferReason.OUT)
    actions.transfer_person(system, person, tree.west1, on=D(2026, 1, 1), reason=TransferReason.OUT)
    assert list(person.transfers.values_list("to_org", flat=True)) == [tree.east2.pk, tree.west1.pk]


@pytest.mark.parametrize(
    ("target", "reason", "message"),
    [
        ("east1", "out", "王明已在东一村党支部，无需转接"),
        ("east2", "", "请选择转接原因"),
        ("east2", "moved", "请选择转接原因"),
    ],
)
def test_bad_reason_or_same_organization_is_refused(tree, system, target, reason, message):
    person = make_person(tree.east1, "王明")
    with pytest.raises(DomainError, match=message):
        actions.transfer_person(system, person, getattr(tree, target), on=D(2026, 1, 1), reason=reason)
    assert not Transfer.objects.exists()
    _unchanged(person, tree.east1)


def test_a_secretary_cannot_transfer_outside_the_branch_nor_an_outsider_in(tree, personas):
    person = make_person(tree.east1, "王明")
    with pytest.raises(AccessDenied):
        actions.transfer_person(personas["village_secretary"], person, tree.east2, on=D(2026, 1, 1), reason="out")
    with pytest.raises(AccessDenied):
        actions.transfer_person(personas["other_township_officer"], person, tree.west1, on=D(2026, 1, 1),
                                reason="out")  # fmt: skip
    assert not Transfer.objects.exists()
    _unchanged(person, tree.east1)


def test_transfer_date_rule_both_sides_of_the_boundary():
    birth, last = D(1990, 1, 1), D(2025, 5, 1)
    assert transfer_date_problem(last, TODAY, birth=birth, last=last) is None
    assert transfer_date_problem(last - dt.timedelta(days=1), TODAY, birth=birth, last=last) is not None
    assert transfer_date_problem(TODAY, TODAY, birth=birth, last=None) is None
    assert transfer_date_problem(TODAY + dt.timedelta(days=1), TODAY, birth=birth, last=None) == "转接日期不能晚于今天"


def test_deleting_a_transferred_person_is_audited_at_the_organizations_left_behind(tree, system):
    person = make_person(tree.east1, "王明")
    actions.transfer_person(system, person, tree.west1, on=D(2026, 1, 1), reason="out")
    actions.delete_person(system, person)
    deleted = AuditEvent.objects.filter(action="delete", object_type="people.person")
    assert set(deleted.values_list("org_id", flat=True)) == {tree.west1.pk, tree.east1.pk}
    assert not Transfer.objects.exists()


def test_the_transfer_page_asks_date_and_reason_and_the_person_page_lists_transfers(tree, personas):
    person = make_person(tree.east1, "王明")
    client = client_for(personas["township_officer"])
    url = reverse("people:transfer", args=[person.pk])
    page = client.get(url).content.decode()
    assert "转接日期" in page and "转接原因" in page and "东二村党支部" in page
    response = client.post(url, {"to_org": tree.east2.pk, "on": "2026-03-05", "reason": "mobile", "note": "外出务工"})
    assert response.status_code == 302
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "2026-03-05 东一村党支部 → 东二村党支部（流动）" in detail


def test_the_transfer_page_shows_a_bad_date_in_chinese_and_writes_nothing(tree, personas):
    person = make_person(tree.east1, "王明")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    client = client_for(personas["township_officer"])
    response = client.post(reverse("people:transfer", args=[person.pk]),
                           {"to_org": tree.east2.pk, "on": tomorrow, "reason": "out"})  # fmt: skip
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    assert not Transfer.objects.exists()
    _unchanged(person, tree.east1)


def test_the_edit_page_no_longer_changes_the_organization(tree, personas):
    person = make_person(tree.east1, "王明")
    page = client_for(personas["township_officer"]).get(reverse("people:edit", args=[person.pk])).content.decode()
    assert "所在党组织通过“组织关系转接”变动" in page


def test_the_api_transfers_and_lists_and_refuses_a_future_date_in_chinese(tree, personas):
    from django.test import Client

    from jiceng.accounts.models import ApiToken

    person = make_person(tree.east1, "王明")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(personas['township_officer'])}")
    url = f"/api/v1/people/{person.pk}/transfers"
    made = api.post(url, {"to_org_id": tree.east2.pk, "on": "2026-03-05", "reason": "in", "note": "调入"},
                    content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert [(t["from_org"], t["to_org"], t["on"], t["reason_label"]) for t in made.json()] == [
        ("测试县委/东镇党委/东一村党支部", "测试县委/东镇党委/东二村党支部", "2026-03-05", "转入")]  # fmt: skip
    earlier = api.post(url, {"to_org_id": tree.east1.pk, "on": "2026-03-04", "reason": "return"},
                       content_type="application/json")  # fmt: skip
    assert earlier.status_code == 400
    assert earlier.json() == {"detail": "转接日期不能早于该人员上一次组织关系转接的日期（2026-03-05）"}
    assert len(api.get(url).json()) == 1
    _unchanged(person, tree.east2)
