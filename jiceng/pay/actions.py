"""Every change to pay records: permission-checked, atomic, audited. The township (its officers,
and the county's) sets schemes, enters scores, awards and payments; village secretaries read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import queries, rules
from .models import Award, Payment, Scheme, SpecialAccount, VillageYear


def _year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError("年度应在2000年至2100年之间")


def _village(org: Organization) -> None:
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise DomainError("村干部报酬按村党组织登记，请选择村党支部")


def save_scheme(actor: Actor, org: Organization, year: int, *, secretary_base: int | None, shares: dict[str, int],
                combined_rule: str, combined_share: int = 0, bands: list[tuple[Decimal, int]], title: str = "",
                note: str = "") -> Scheme:  # fmt: skip
    """The township's scheme from `year` on (the scheme of that year is corrected in place)."""
    require(actor.has_perm("pay.manage_org", org))
    if org.kind != OrgKind.TOWNSHIP_COMMITTEE:
        raise DomainError("村干部报酬方案由乡镇党委制定，请选择乡镇党委")
    _year(year)
    rules.check_base(secretary_base)
    rules.check_shares(shares)
    rules.check_bands(bands)
    if combined_rule not in rules.CombinedRule.values:
        raise DomainError("请选择一肩挑的计发办法")
    if combined_share < 0:
        raise DomainError("一肩挑加发主任报酬的比例不能为负数")
    if combined_rule == rules.CombinedRule.PLUS and not 0 < combined_share <= rules.BP:
        raise DomainError("一肩挑加发主任报酬的比例应大于0%、不超过100%")
    values = {"secretary_base": secretary_base, "shares": {p: int(shares[p]) for p in rules.PayPost.values},
              "combined_rule": combined_rule,
              "combined_share": combined_share if combined_rule == rules.CombinedRule.PLUS else 0,
              "bands": [[str(b), int(c)] for b, c in sorted(bands, key=lambda b: b[0], reverse=True)],
              "title": title.strip() or f"{org.name}{year}年村干部报酬方案", "note": note.strip(),
              "org_path": org.path, "entered_by": actor_name(actor)}  # fmt: skip
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().filter(organization=org, year=year).first()
        before: dict[str, Any] = {}
        if scheme is None:
            try:
                with transaction.atomic():
                    scheme = Scheme.objects.create(organization=org, year=year, **values)
            except IntegrityError as exc:
                raise DomainError(f"{org.name}{year}年的报酬方案刚由他人保存，请刷新后再改") from exc
            action = "create"
        else:
            later = (
                Scheme.objects.filter(organization=org, year__gt=year).order_by("year").values_list("year", flat=True)
            )
            until = later.first()
            paid = Payment.objects.filter(org_path__startswith=org.path, village_year__year__gte=year)
            if until is not None:
                paid = paid.filter(village_year__year__lt=until)
            if paid.exists():
                raise DomainError(f"已按{year}年起的方案发放过报酬，不能再修改；需要调整的，请制定新年度的方案")
            before = audit.snapshot(scheme, values)
            for name, value in values.items():
                setattr(scheme, name, value)
            scheme.save(update_fields=[*values, "updated_at"])
            action = "update"
        audit.record(actor, action, scheme, org=org, changes=audit.diff(before, audit.snapshot(scheme, values)))
    return scheme


def _village_year(org: Organization, year: int) -> VillageYear:
    """The village's year, locked for the rest of the transaction (one change at a time per village
    and year: a balance is checked and a payment written under the lock)."""
    vy = VillageYear.objects.select_for_update().filter(organization=org, year=year).first()
    if vy is not None:
        return vy
    try:
        with transaction.atomic():  # a savepoint: two clerks starting the year at once make one row
            VillageYear.objects.create(organization=org, year=year, org_path=org.path)
    except IntegrityError:
        pass
    return VillageYear.objects.select_for_update().get(organization=org, year=year)


def enter_score(actor: Actor, org: Organization, year: int, score: Decimal | None, source: str, *,
                secretary_base: int | None = None) -> VillageYear:  # fmt: skip
    """The year's assessment score of the village (entered by the township, with its source) and,
    when given, the village's own secretary base (else the scheme's)."""
    require(actor.has_perm("pay.manage_org", org))
    _village(org)
    _year(year)
    rules.check_score(score)
    if not source.strip():
        raise DomainError("请填写得分来源（如考核办法和确定的会议、日期）")
    if secretary_base is not None:
        rules.check_base(secretary_base)
    scheme = queries.scheme_for(org, year)
    if scheme is None:
        raise DomainError(f"乡镇尚未制定{year}年适用的村干部报酬方案")
    assert score is not None
    rules.coefficient_for(score, scheme.bands)
    values = {"score": score, "score_source": source.strip(), "score_entered_by": actor_name(actor),
              "secretary_base": secretary_base}  # fmt: skip
    with transaction.atomic():
        vy = _village_year(org, year)
        if vy.payments.exists() and (vy.score != score or (vy.secretary_base or None) != secretary_base):
            raise DomainError(f"{org.name}{year}年的报酬已开始发放，不能再修改考核得分和基本报酬")
        shown = ["score_source", "secretary_base"]
        before = {**audit.snapshot(vy, shown), "score": None if vy.score is None else str(vy.score)}
        for name, value in values.items():
            setattr(vy, name, value)
        vy.save(update_fields=[*values, "updated_at"])
        after = {**audit.snapshot(vy, shown), "score": str(score)}
        audit.record(actor, "update", vy, org=org, changes=audit.diff(before, after))
    return vy


def _on_sheet(org: Organization, year: int, person: Person) -> queries.SheetLine:
    data = queries.sheet(org, year)
    for line in data.lines:
        if line.person_id == person.pk:
            return line
    raise DomainError(f"{person.name}不是{org.name}{year}年领取报酬的村干部")


def add_award(actor: Actor, org: Organization, year: int, person: Person, title: str, amount: int | None,
              awarded_on: dt.date, today: dt.date | None = None) -> Award:  # fmt: skip
    require(actor.has_perm("pay.manage_org", org))
    _village(org)
    _year(year)
    today = today or timezone.localdate()
    if not title.strip():
        raise DomainError("请填写奖项名称（如招商引资单项工作奖）")
    if amount is None or amount <= 0:
        raise DomainError("奖励金额应大于零")
    if awarded_on > today:
        raise DomainError("决定日期不能晚于今天")
    _on_sheet(org, year, person)
    with transaction.atomic():
        vy = _village_year(org, year)
        award = Award.objects.create(village_year=vy, org_path=org.path, person=person, title=title.strip(),
                                     amount=amount, awarded_on=awarded_on, entered_by=actor_name(actor))  # fmt: skip
        audit.record(
            actor, "create", award, org=org, changes={"奖项": [None, award.title], "金额": [None, yuan(amount)]}
        )
    return award


def record_payment(actor: Actor, org: Organization, year: int, person: Person, amount: int | None,
                   paid_on: dt.date, voucher: str = "", today: dt.date | None = None) -> Payment:  # fmt: skip
    """Pay handed over to `person`: not more than what is still due to them (足额, never over)."""
    require(actor.has_perm("pay.manage_org", org))
    _village(org)
    _year(year)
    today = today or timezone.localdate()
    if amount is None or amount <= 0:
        raise DomainError("发放金额应大于零")
    if paid_on > today:
        raise DomainError("发放日期不能晚于今天")
    if paid_on.year < year:
        raise DomainError(f"{year}年的报酬不能在{year}年以前发放")
    with transaction.atomic():
        vy = _village_year(org, year)  # locked: one payment at a time per village and year
        line = _on_sheet(org, year, person)
        if line.balance is None:
            raise DomainError(
                f"{person.name}{year}年的报酬尚未核定（{queries.sheet(org, year).problem}），不能登记发放"
            )
        paid = Payment.objects.filter(village_year=vy, person=person).aggregate(s=Sum("amount"))["s"] or 0
        balance = (line.due or 0) - paid
        if amount > balance:
            raise DomainError(f"发放金额{yuan(amount)}元超过{person.name}应发未发的{yuan(balance)}元")
        payment = Payment.objects.create(village_year=vy, org_path=org.path, person=person, amount=amount,
                                         paid_on=paid_on, voucher=voucher.strip(),
                                         entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", payment, org=org,
                     changes={"金额": [None, yuan(amount)], "发放日期": [None, paid_on.isoformat()]})  # fmt: skip
    return payment


def save_account(actor: Actor, org: Organization, *, name: str, bank: str = "", number: str = "",
                 managed_by: str = "", opened_on: dt.date | None = None) -> SpecialAccount:  # fmt: skip
    require(actor.has_perm("pay.manage_org", org))
    _village(org)
    if not name.strip():
        raise DomainError("请填写专户名称")
    values = {"name": name.strip(), "bank": bank.strip(), "number": number.strip().replace(" ", ""),
              "managed_by": managed_by.strip() or "乡镇财政所", "opened_on": opened_on, "org_path": org.path,
              "entered_by": actor_name(actor)}  # fmt: skip
    with transaction.atomic():
        account = SpecialAccount.objects.select_for_update().filter(organization=org).first()
        before: dict[str, Any] = {}
        if account is None:
            account = SpecialAccount.objects.create(organization=org, **values)
        else:
            before = audit.snapshot(account, values)
            for key, value in values.items():
                setattr(account, key, value)
            account.save(update_fields=[*values, "updated_at"])
        audit.record(actor, "update" if before else "create", account, org=org,
                     changes=audit.diff(before, audit.snapshot(account, values)))  # fmt: skip
    return account
