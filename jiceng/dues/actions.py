"""Every change to dues records: permission-checked, atomic, audited. Nothing here changes a
person's status (arrears are only flagged)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan
from jiceng.organizations.models import Organization
from jiceng.people import names
from jiceng.people.models import Person

from . import rollup, rules
from .models import DuesBase, Excuse, Payment, Place, Remittance
from .queries import bases_by_person, branch_of, members_of

MAX_AHEAD = 12  # months paid at once (in advance)


def _member(person: Person) -> None:
    if not person.is_member:
        raise DomainError(f"{person.name}不是党员，无需交纳党费")


def set_base(actor: Actor, person: Person, from_month: dt.date, kind: str, *, income: int | None = None,
             fixed: int | None = None, relief: str = "", approved_by: str = "", approved_on: dt.date | None = None,
             note: str = "", confirmed: bool = False) -> DuesBase:  # fmt: skip
    """The member's base from `from_month` on (a base of that month is corrected in place)."""
    require(actor.has_perm("dues.change_record", person))
    _member(person)
    from_month = rules.month_start(from_month)
    if kind not in rules.Kind.values:
        raise DomainError("请选择交纳类别")
    if relief not in rules.Relief.values:
        raise DomainError("请选择是否少交或免交")
    rules.check_base(kind, income, fixed, relief, approved_by, approved_on, confirmed=confirmed)
    values = {"kind": kind, "income": income if kind in rules.INCOME_KINDS else None,
              "fixed": fixed if kind not in rules.INCOME_KINDS or relief == rules.Relief.REDUCED else None,
              "relief": relief, "approved_by": approved_by.strip() if relief else "",
              "approved_on": approved_on if relief else None, "note": note.strip(),
              "org_path": person.org_path, "entered_by": actor_name(actor)}  # fmt: skip
    with transaction.atomic():
        base = DuesBase.objects.select_for_update().filter(person=person, from_month=from_month).first()
        if base is None:
            base = DuesBase.objects.create(person=person, from_month=from_month, **values)
            action = "create"
            before: dict[str, Any] = {}
        else:
            before = audit.snapshot(base, values)
            for name, value in values.items():
                setattr(base, name, value)
            base.save(update_fields=[*values, "updated_at"])
            action = "update"
        changes = audit.diff(before, audit.snapshot(base, values))
        changes["每月应交"] = [None, yuan(base.due.amount)]
        audit.record(actor, action, base, org=person.organization, changes=changes)
    return base


def record_payment(actor: Actor, person: Person, first_month: dt.date, *, paid_on: dt.date, count: int = 1,
                   amount: int | None = None, place: str = Place.BRANCH, place_name: str = "", receipt: str = "",
                   today: dt.date | None = None) -> list[Payment]:  # fmt: skip
    """`count` months from `first_month` paid on `paid_on` (the day the money was handed over;
    entering it later is allowed and shown). `amount` is per month, at least the due (None: the
    due). A month already paid is refused and nothing is written."""
    require(actor.has_perm("dues.change_record", person))
    _member(person)
    today = today or timezone.localdate()
    first_month = rules.month_start(first_month)
    if not 1 <= count <= MAX_AHEAD:
        raise DomainError(f"一次最多登记{MAX_AHEAD}个月")
    if paid_on > today:
        raise DomainError("交纳日期不能晚于今天")
    if place not in Place.values:
        raise DomainError("请选择交纳地点")
    if place == Place.DESTINATION and not place_name.strip():
        raise DomainError("在流入地交纳的，请填写流入地党组织名称")
    span = [rules.add_months(first_month, i) for i in range(count)]
    if span[-1] > rules.add_months(rules.month_start(today), MAX_AHEAD):
        raise DomainError(f"预交党费最多预交到{MAX_AHEAD}个月以后")
    bases = bases_by_person([person.pk], span[-1]).get(person.pk, [])
    paid = sorted(Payment.objects.filter(person=person, month__in=span).values_list("month", flat=True))
    if paid:
        raise DomainError(f"{person.name}{'、'.join(f'{m:%Y年%m月}' for m in paid)}的党费已交纳，不能重复登记")
    rows = []
    branch = branch_of(person.organization)
    for month in span:
        base = rules.base_on(bases, month)
        if base is None:
            raise DomainError(f"{person.name}{month:%Y年%m月}尚未核定党费基数，请先登记基数")
        due = base.due.amount
        rules.check_amount(due if amount is None else amount, due, month)
        rows.append(Payment(person=person, organization=branch, org_path=person.org_path, month=month,
                            amount=due if amount is None else amount, due=due, paid_on=paid_on, place=place,
                            place_name=place_name.strip() if place == Place.DESTINATION else "",
                            receipt=receipt.strip(), entered_by=actor_name(actor)))  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: two clerks entering the same month make one row
                Payment.objects.bulk_create(rows)
        except IntegrityError as exc:
            raise DomainError(f"{person.name}所选月份的党费已交纳，不能重复登记") from exc
        rows = list(Payment.objects.filter(person=person, month__in=span).order_by("month"))
        rollup.add_paid(rows)
        for row in rows:
            audit.record(actor, "create", row, org=branch,
                         changes={"金额": [None, yuan(row.amount)], "交纳日期": [None, paid_on.isoformat()],
                                  "交纳地点": [None, row.get_place_display()]})  # fmt: skip
    return rows


def record_excuse(actor: Actor, person: Person, first_month: dt.date, last_month: dt.date, reason: str) -> Excuse:
    """A reason (正当理由) for months not paid: they are not counted as arrears."""
    require(actor.has_perm("dues.change_record", person))
    first_month, last_month = rules.month_start(first_month), rules.month_start(last_month)
    if last_month < first_month:
        raise DomainError("截止月份不能早于起始月份")
    if not reason.strip():
        raise DomainError("请填写未交党费的理由")
    with transaction.atomic():
        excuse = Excuse.objects.create(person=person, org_path=person.org_path, first_month=first_month,
                                       last_month=last_month, reason=reason.strip(),
                                       entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", excuse, org=person.organization, changes={"理由": [None, excuse.reason]})
    return excuse


def record_remittance(actor: Actor, org: Organization, first_month: dt.date, months: int, amount: int,
                      remitted_on: dt.date, receiver: str = "", receipt: str = "",
                      today: dt.date | None = None) -> Remittance:  # fmt: skip
    """What the branch forwarded upward (上缴) for a month (`months` = 1) or a quarter (3)."""
    require(actor.has_perm("dues.manage_org", org))
    today = today or timezone.localdate()
    if months not in (1, 3):
        raise DomainError("上缴按月或按季度登记")
    if amount <= 0:
        raise DomainError("上缴金额应大于零")
    if remitted_on > today:
        raise DomainError("上缴日期不能晚于今天")
    first_month = rules.month_start(first_month)
    if months == 3 and first_month.month % 3 != 1:
        raise DomainError("按季度上缴的，起始月份应为1、4、7或10月")
    last_month = rules.add_months(first_month, months - 1)
    parent = org.parent()
    receiver = receiver.strip() or (parent.name if parent else "")
    overlapping = Remittance.objects.filter(organization=org, first_month__lte=last_month, last_month__gte=first_month)
    if overlapping.exists():
        raise DomainError(f"{org.name}{first_month:%Y年%m月}起的党费上缴已登记，不能重复登记")
    with transaction.atomic():
        try:
            with transaction.atomic():
                remit = Remittance.objects.create(organization=org, org_path=org.path, first_month=first_month,
                                                  last_month=last_month, amount=amount, remitted_on=remitted_on,
                                                  receiver=receiver, receipt=receipt.strip(),
                                                  entered_by=actor_name(actor))  # fmt: skip
        except IntegrityError as exc:
            raise DomainError(f"{org.name}{first_month:%Y年%m月}起的党费上缴已登记，不能重复登记") from exc
        audit.record(actor, "create", remit, org=org, changes={"上缴金额": [None, yuan(amount)]})
    return remit


class ImportRefused(DomainError):
    """An import with row errors: nothing was written; `errors` lists them by Excel row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors[0] if errors else "未导入")
        self.errors = errors


def import_bases(actor: Actor, org: Organization, rows: list[dict[str, Any]]) -> list[DuesBase]:
    """The bases read from a sheet (`sheets.parse`) for members of `org`'s subtree: every row
    is checked by the same rules as the form (`set_base`); any refusal and nothing is written."""
    require(actor.has_perm("dues.manage_org", org))
    if not rows:
        raise DomainError("没有可导入的党费基数")
    people = list(members_of(org).select_related("organization"))
    errors: list[str] = []
    made: list[DuesBase] = []
    seen: dict[int, int] = {}
    with transaction.atomic():  # any row refused: the ImportRefused below undoes every row saved
        for row in rows:
            person, problem = names.match(people, row["name"], row["org_name"], what="本支部党员")
            if person is not None and person.pk in seen:
                problem = f"与第{seen[person.pk]}行是同一人"
            if person is None or problem:
                errors.append(f"第{row['row']}行：{problem}")
                continue
            seen[person.pk] = row["row"]
            try:
                with transaction.atomic():
                    made.append(set_base(actor, person, row["from_month"], row["kind"], income=row["income"],
                                         fixed=row["fixed"], note="Excel导入"))  # fmt: skip
            except DomainError as exc:
                errors.append(f"第{row['row']}行：{exc.message}")
        if errors:
            raise ImportRefused(errors)
    return made
