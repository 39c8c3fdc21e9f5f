"""Every change to mobile member records: permission-checked, atomic, audited.

The person's `is_mobile` flag and 流入地 follow the open record: set when an outflow is recorded,
cleared on return, always through people.actions.update_person (never written here). Bad input
is refused in Chinese and nothing is written; late entry is allowed and shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user, display_name, is_system
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import MEMBER_CATEGORIES

from . import rules
from .models import Contact, Keeper, Outflow, ThoughtReport
from .rules import How, Reason


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _check(problem: str | None) -> None:
    if problem:
        raise DomainError(problem)


def _receiving(org: Organization | None, name: str) -> tuple[Organization | None, str]:
    name = name.strip()
    if org is not None and name:
        raise DomainError("流入地党组织请在系统内选择，或填写系统外的名称，二者选一")
    if org is not None and org.is_dissolved:
        raise DomainError("所选流入地党组织已撤销")
    return org, name


def record_outflow(actor: Actor, person: Person, *, destination: str, left_on: dt.date, reason: str,
                   workplace: str = "", contact: str = "", expected_return_on: dt.date | None = None,
                   fixed_place: bool = True, receiving_org: Organization | None = None, receiving_name: str = "",
                   contact_every_months: int = rules.CONTACT_EVERY_MONTHS, note: str = "",
                   today: dt.date | None = None) -> Outflow:  # fmt: skip
    """A member has gone away (perhaps long ago: late entry is shown as 补录)."""
    require(actor.has_perm("mobile.add_outflow_to", person.organization))
    if person.category not in MEMBER_CATEGORIES:
        raise DomainError(f"{person.name}不是党员，不能登记为流动党员")
    destination = destination.strip()
    if not destination:
        raise DomainError("请填写流入地")
    if reason not in Reason.values:
        raise DomainError("请选择外出原因")
    if not 1 <= contact_every_months <= 12:
        raise DomainError("联系频次应为每1到12个月至少一次")
    _check(rules.outflow_problem(left_on, expected_return_on, _today(today)))
    org, name = _receiving(receiving_org, receiving_name)
    outflow = Outflow(person=person, org_path=person.org_path, destination=destination, workplace=workplace.strip(),
                      contact=contact.strip(), left_on=left_on, expected_return_on=expected_return_on, reason=reason,
                      fixed_place=fixed_place, receiving_org=org, receiving_name=name,
                      contact_every_months=contact_every_months, note=note.strip(),
                      created_by=actor_user(actor))  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: one open stay per person (unique), never check-then-act
                outflow.save()
        except IntegrityError as exc:
            raise DomainError(f"{person.name}已登记外出且尚未返回，请先登记返回") from exc
        people_actions.update_person(actor, person, is_mobile=True, mobile_destination=destination[:100])
        audit.record(actor, "create", outflow, org=person.organization,
                     changes={"流入地": destination, "外出日期": left_on.isoformat(),
                              "流入地党组织": outflow.receiving_label})  # fmt: skip
    return outflow


def _change(actor: Actor, outflow: Outflow, *, open_only: bool = True) -> None:
    require(actor.has_perm("mobile.change_outflow", outflow))
    if open_only and outflow.returned_on is not None:
        raise DomainError("该党员已返回，外出登记已结束")


def _save(actor: Actor, outflow: Outflow, fields: dict[str, Any]) -> Outflow:
    before = audit.snapshot(outflow, fields.keys())
    for name, value in fields.items():
        setattr(outflow, name, value)
    outflow.save(update_fields=[*fields, "updated_at"])
    audit.record(actor, "update", outflow, org=outflow.person.organization,
                 changes=audit.diff(before, audit.snapshot(outflow, fields.keys())))  # fmt: skip
    return outflow


def issue_card(actor: Actor, outflow: Outflow, *, number: str, issued_on: dt.date, valid_until: dt.date,
               today: dt.date | None = None) -> Outflow:  # fmt: skip
    """The 流动党员活动证 issued to the member (number, issued, valid until)."""
    _change(actor, outflow)
    number = number.strip()
    if not number:
        raise DomainError("请填写活动证编号")
    _check(rules.card_problem(issued_on, valid_until, outflow.left_on, _today(today)))
    with transaction.atomic():
        return _save(actor, outflow, {"card_number": number, "card_issued_on": issued_on,
                                      "card_valid_until": valid_until})  # fmt: skip


def set_receiving(
    actor: Actor, outflow: Outflow, *, receiving_org: Organization | None, receiving_name: str
) -> Outflow:
    _change(actor, outflow)
    org, name = _receiving(receiving_org, receiving_name)
    with transaction.atomic():
        return _save(actor, outflow, {"receiving_org": org, "receiving_name": name})


def record_contact(actor: Actor, outflow: Outflow, *, on: dt.date, how: str, by_name: str = "", note: str = "",
                   today: dt.date | None = None) -> Contact:  # fmt: skip
    """A contact with the member; a contact on or after the day contact was lost ends 失联."""
    _change(actor, outflow)
    if how not in How.values:
        raise DomainError("请选择联系方式")
    _check(rules.event_problem(on, outflow.left_on, _today(today), "联系日期"))
    by_name = by_name.strip() or ("系统" if is_system(actor) else display_name(actor))
    contact = Contact(outflow=outflow, on=on, how=how, by_name=by_name[:50], note=note.strip(),
                      created_by=actor_user(actor))  # fmt: skip
    with transaction.atomic():
        contact.save()
        audit.record(actor, "create", contact, org=outflow.person.organization,
                     changes={"联系日期": on.isoformat(), "联系方式": contact.get_how_display(),
                              "联系人": by_name})  # fmt: skip
        if outflow.lost_on is not None and on >= outflow.lost_on:
            _save(actor, outflow, {"lost_on": None})
    return contact


def record_report(actor: Actor, outflow: Outflow, *, received_on: dt.date, note: str = "",
                  today: dt.date | None = None) -> ThoughtReport:  # fmt: skip
    _change(actor, outflow)
    _check(rules.event_problem(received_on, outflow.left_on, _today(today), "收到日期"))
    report = ThoughtReport(outflow=outflow, received_on=received_on, note=note.strip(), created_by=actor_user(actor))
    with transaction.atomic():
        report.save()
        audit.record(actor, "create", report, org=outflow.person.organization,
                     changes={"收到日期": received_on.isoformat()})  # fmt: skip
    return report


def mark_lost(actor: Actor, outflow: Outflow, *, lost_on: dt.date, today: dt.date | None = None) -> Outflow:
    """失联: contact was lost on `lost_on` (the day of the last failed attempt, or since when)."""
    _change(actor, outflow)
    if outflow.lost_on is not None:
        raise DomainError(f"已于{outflow.lost_on:%Y-%m-%d}登记失联")
    _check(rules.event_problem(lost_on, outflow.left_on, _today(today), "失联日期"))
    last = outflow.contacts.order_by("-on").values_list("on", flat=True).first()
    if last is not None and lost_on < last:
        raise DomainError(f"失联日期不能早于最近一次联系（{last:%Y-%m-%d}）")
    with transaction.atomic():
        return _save(actor, outflow, {"lost_on": lost_on})


def assign_keeper(actor: Actor, outflow: Outflow, cadre: Person, *, since: dt.date,
                  today: dt.date | None = None) -> Keeper:  # fmt: skip
    """A cadre keeps in touch with the member from `since` (the previous one's turn ends that day)."""
    _change(actor, outflow)
    require(is_system(actor) or Person.objects.visible_to(actor).filter(pk=cadre.pk).exists())
    if cadre.category not in MEMBER_CATEGORIES:
        raise DomainError(f"{cadre.name}不是党员，不能作为联系干部")
    if cadre.pk == outflow.person_id:
        raise DomainError("联系干部不能是流动党员本人")
    _check(rules.event_problem(since, outflow.left_on, _today(today), "联系起始日期"))
    current = outflow.keepers.filter(until__isnull=True).first()
    if current is not None and since < current.since:
        raise DomainError(f"起始日期不能早于现任联系干部{current.cadre.name}的起始日期（{current.since:%Y-%m-%d}）")
    keeper = Keeper(outflow=outflow, cadre=cadre, since=since)
    with transaction.atomic():
        if current is not None:
            current.until = since
            current.save(update_fields=["until", "updated_at"])
        keeper.save()
        audit.record(actor, "create", keeper, org=outflow.person.organization,
                     changes={"联系干部": cadre.name, "起始日期": since.isoformat(),
                              "前任": current.cadre.name if current else None})  # fmt: skip
    return keeper


def record_return(actor: Actor, outflow: Outflow, *, returned_on: dt.date, today: dt.date | None = None) -> Outflow:
    """The member is back: the record closes, the cadre's turn ends, the person is no longer mobile."""
    _change(actor, outflow)
    _check(rules.event_problem(returned_on, outflow.left_on, _today(today), "返回日期"))
    person = outflow.person
    with transaction.atomic():
        outflow.keepers.filter(until__isnull=True).update(until=returned_on, updated_at=timezone.now())
        _save(actor, outflow, {"returned_on": returned_on, "returned_recorded_at": timezone.now()})
        people_actions.update_person(actor, person, is_mobile=False, mobile_destination="")
    return outflow
