"""Every change to pairings and the hardship fund: permission-checked, atomic, audited.

A grant is paid from what the fund holds: the fund's row is locked first (a conditional
UPDATE of its movement counter), then the balance at the grant's date and every later date is
read, so two grants at once cannot both pass on the same money."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person, Post
from jiceng.people.rules import PostBody

from . import rules
from .models import Contact, Fund, FundGrant, FundIncome, Pairing, PoorMember
from .rules import ContactKind, PairKind


def _can_change(actor: Actor, org: Organization) -> None:
    require(actor.has_perm("assistance.change_org", org))


def _township(org: Organization) -> None:
    if org.kind != OrgKind.TOWNSHIP_COMMITTEE:
        raise DomainError("结对帮扶和帮扶基金由乡镇党委管理，请选择乡镇党委")


def _past(day: dt.date | None, today: dt.date | None, what: str) -> dt.date:
    if day is None:
        raise DomainError(f"请填写{what}")
    if day > (today or timezone.localdate()):
        raise DomainError(f"{what}不能晚于今天")
    return day


def _text(value: str, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{what}")
    if len(value) > limit:
        raise DomainError(f"{what}不能超过{limit}个字")
    return value


def _in_township(township: Organization, person: Person, what: str) -> None:
    if not person.org_path.startswith(township.path):
        raise DomainError(f"{person.name}不在{township.name}范围内，不能作为{what}")


def is_cadre(person: Person, township: Organization, on: dt.date) -> bool:
    """党员干部: a member on the township organ's staff, or holding a party post on `on`."""
    if not person.is_member:
        return False
    if person.organization_id == township.pk:
        return True
    return Post.objects.current_on(on).filter(person=person, body=PostBody.PARTY).exists()


# ---------------------------------------------------------------- 贫困党员台账


def add_poor_member(actor: Actor, township: Organization, person: Person, *, since: dt.date, situation: str,
                    household: Household | None = None, today: dt.date | None = None) -> PoorMember:  # fmt: skip
    """Seed 004 “为全乡20户贫困党员建立台账”: a member of the township, once while open."""
    _can_change(actor, township)
    _township(township)
    _past(since, today, "建档日期")
    _in_township(township, person, "贫困党员")
    if not person.is_member:
        raise DomainError(f"{person.name}不是党员，贫困党员台账只登记党员")
    situation = _text(situation, "困难情况", 300)
    if household is not None and not household.org_path.startswith(township.path):
        raise DomainError("所选农户不在本乡镇")
    try:
        with transaction.atomic():
            entry = PoorMember.objects.create(township=township, org_path=township.path, person=person,
                                              household=household, since=since, situation=situation)  # fmt: skip
            audit.record(actor, "create", entry, org=township, changes={"建档日期": since.isoformat()})
    except IntegrityError as exc:
        raise DomainError(f"{person.name}已在贫困党员台账中") from exc
    return entry


# ---------------------------------------------------------------- pairings


def create_pairing(actor: Actor, township: Organization, *, kind: str, helper: Person, started_on: dt.date,
                   poor: PoorMember | None = None, affair: str = "", village: Organization | None = None,
                   person: Person | None = None, household: Household | None = None, name: str = "",
                   today: dt.date | None = None) -> Pairing:  # fmt: skip
    """Seed 004: 一带一 pairs a 党员干部 with a 贫困党员; 双联双定双带 links a member to one of the
    nine kinds of village affairs of a village, or to a person or household in hardship."""
    _can_change(actor, township)
    _township(township)
    _past(started_on, today, "结对日期")
    if kind not in PairKind.values:
        raise DomainError("请选择帮扶类型")
    _in_township(township, helper, "帮扶人")
    if not helper.is_member:
        raise DomainError(f"{helper.name}不是党员，帮扶人应为党员")
    fields: dict[str, object] = {}
    if kind == PairKind.ONE_TO_ONE:
        if poor is None or poor.township_id != township.pk or poor.ended_on is not None:
            raise DomainError("请从本乡镇贫困党员台账中选择帮扶对象")
        if not is_cadre(helper, township, started_on):
            raise DomainError(f"{helper.name}不是党员干部（机关党员或有党内职务），一带一应由党员干部结对")
        if poor.person_id == helper.pk:
            raise DomainError("帮扶人不能与自己结对")
        fields = {"poor": poor}
    elif kind == PairKind.AFFAIR:
        if affair not in rules.VillageAffair.values:
            raise DomainError("请选择联系的村务类别")
        if village is None or not village.is_village_level or not village.path.startswith(township.path):
            raise DomainError("请选择本乡镇的村")
        fields = {"affair": affair, "village": village}
    else:
        name = (name or "").strip()[:50]
        if person is None and household is None and not name:
            raise DomainError("请选择或填写联系的困难群众")
        if person is not None:
            _in_township(township, person, "帮扶对象")
            name = person.name
        if household is not None and not household.org_path.startswith(township.path):
            raise DomainError("所选农户不在本乡镇")
        fields = {"person": person, "household": household, "name": name}
    same = Pairing.objects.filter(township=township, kind=kind, helper=helper, ended_on__isnull=True, **fields)
    if same.exists():
        raise DomainError(f"{helper.name}已有这一结对")
    with transaction.atomic():
        pair = Pairing.objects.create(township=township, org_path=township.path, kind=kind, helper=helper,
                                      started_on=started_on, entered_by=actor_name(actor), **fields)  # type: ignore[arg-type]  # fmt: skip
        audit.record(actor, "create", pair, org=township,
                     changes={"帮扶类型": PairKind(kind).label, "帮扶人": helper.name})  # fmt: skip
    return pair


def end_pairing(actor: Actor, pair: Pairing, on: dt.date, today: dt.date | None = None) -> Pairing:
    _can_change(actor, pair.township)
    _past(on, today, "结束日期")
    if on < pair.started_on:
        raise DomainError("结束日期不能早于结对日期")
    with transaction.atomic():
        if not Pairing.objects.filter(pk=pair.pk, ended_on__isnull=True).update(ended_on=on):
            raise DomainError("该结对已结束")
        audit.record(actor, "update", pair, org=pair.township, changes={"结束日期": on.isoformat()})
    pair.refresh_from_db()
    return pair


def record_contact(actor: Actor, pair: Pairing, *, kind: str, on: dt.date, content: str,
                   today: dt.date | None = None) -> Contact:  # fmt: skip
    """A visit, 送温暖 or a real deed: dated within the pair's time; no photo asked (减负)."""
    _can_change(actor, pair.township)
    _past(on, today, "帮扶日期")
    if kind not in ContactKind.values:
        raise DomainError("请选择帮扶记录类型（上门走访、送温暖、办实事）")
    if on < pair.started_on or (pair.ended_on is not None and on > pair.ended_on):
        raise DomainError("帮扶日期应在结对期间内")
    if kind == ContactKind.WARMTH and pair.kind == PairKind.AFFAIR:
        raise DomainError("联系村务的结对没有送温暖对象，请选择上门走访或办实事")
    content = _text(content, "帮扶内容", 500)
    with transaction.atomic():
        contact = Contact.objects.create(pairing=pair, kind=kind, on=on, content=content,
                                         entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", contact, org=pair.township,
                     changes={"类型": ContactKind(kind).label, "日期": on.isoformat()})  # fmt: skip
    return contact


# ---------------------------------------------------------------- the fund


def fund_of(township: Organization) -> Fund:
    fund, _ = Fund.objects.get_or_create(township=township, defaults={"org_path": township.path})
    return fund


def _lock(fund: Fund) -> None:
    """Take the fund's row lock (PostgreSQL row lock; SQLite's write lock) for this transaction."""
    Fund.objects.filter(pk=fund.pk).update(movements=F("movements") + 1)


def balance(fund: Fund, on: dt.date | None = None) -> int:
    """What the fund holds at the close of `on` (today's records when None): income − grants."""
    incomes, grants = fund.incomes.all(), fund.grants.all()
    if on is not None:
        incomes, grants = incomes.filter(received_on__lte=on), grants.filter(paid_on__lte=on)
    got = incomes.aggregate(t=Sum("amount"))["t"] or 0
    paid = grants.aggregate(t=Sum("amount"))["t"] or 0
    return int(got) - int(paid)


def add_income(actor: Actor, township: Organization, *, kind: str, received_on: dt.date, amount: int, source: str,
               today: dt.date | None = None) -> FundIncome:  # fmt: skip
    _can_change(actor, township)
    _township(township)
    _past(received_on, today, "到账日期")
    if kind not in rules.IncomeKind.values:
        raise DomainError("请选择收入来源类别（上级争取、政府自筹、社会募捐、捐一日工资）")
    if not isinstance(amount, int) or amount <= 0:
        raise DomainError("收入金额应大于零")
    source = _text(source, "资金来源", 200)
    with transaction.atomic():
        fund = fund_of(township)
        _lock(fund)
        income = FundIncome.objects.create(fund=fund, kind=kind, received_on=received_on, amount=amount,
                                           source=source, entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", income, org=township,
                     changes={"来源类别": rules.IncomeKind(kind).label, "金额（分）": amount})  # fmt: skip
    return income


def grant(actor: Actor, township: Organization, person: Person, *, reason: str, amount: int, approved_by: str,
          approved_on: dt.date, paid_on: dt.date, note: str = "",
          today: dt.date | None = None) -> FundGrant:  # fmt: skip
    """Seed 004: 补助因病、因残、因灾、因祸或年老体弱的困难党员; refused when larger than the
    balance at its date or when it would overdraw a later date (grants already paid after it)."""
    _can_change(actor, township)
    _township(township)
    _past(approved_on, today, "批准日期")
    _past(paid_on, today, "发放日期")
    if paid_on < approved_on:
        raise DomainError("发放日期不能早于批准日期")
    if reason not in rules.GrantReason.values:
        raise DomainError("请选择补助原因（因病、因残、因灾、因祸、年老体弱）")
    if not isinstance(amount, int) or amount <= 0:
        raise DomainError("补助金额应大于零")
    _in_township(township, person, "补助对象")
    if not person.is_member:
        raise DomainError(f"{person.name}不是党员，帮扶基金只补助困难党员")
    approved_by = _text(approved_by, "批准人", 50)
    with transaction.atomic():
        fund = fund_of(township)
        _lock(fund)  # from here on no other movement of this fund runs until we commit
        _check_cover(fund, paid_on, amount)
        made = FundGrant.objects.create(fund=fund, person=person, reason=reason, amount=amount,
                                        approved_by=approved_by, approved_on=approved_on, paid_on=paid_on,
                                        note=(note or "").strip()[:200], entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", made, org=township,
                     changes={"补助原因": rules.GrantReason(reason).label, "金额（分）": amount})  # fmt: skip
    return made


def _check_cover(fund: Fund, paid_on: dt.date, amount: int) -> None:
    from jiceng.core.money import yuan

    held = balance(fund, paid_on)
    if amount > held:
        raise DomainError(f"补助金额 {yuan(amount)} 元超过基金 {paid_on} 的余额 {yuan(held)} 元，不能发放")
    later = [(on, a) for on, a in fund.incomes.filter(received_on__gt=paid_on).values_list("received_on", "amount")]
    later += [(on, -a) for on, a in fund.grants.filter(paid_on__gt=paid_on).values_list("paid_on", "amount")]
    low = rules.lowest_balance_after(held, later)
    if amount > low:
        raise DomainError(
            f"补助金额 {yuan(amount)} 元会使基金此后已发放的补助无款可付（其后最低余额 {yuan(low)} 元），不能发放"
        )


def dashboard_section(user: Any, org: Organization, today: dt.date) -> dict[str, Any] | None:
    """The councils' dashboard: the balance today of each township's hardship fund under `org`
    (officers only, as every page of the fund)."""
    from jiceng.core.permissions import is_officer

    if not is_officer(user):
        return None
    funds = Fund.objects.filter(township__path__startswith=org.path).select_related("township")
    rows = [(fund.township, balance(fund, today)) for fund in funds.order_by("township__path")]
    return {"funds": rows} if rows else None
