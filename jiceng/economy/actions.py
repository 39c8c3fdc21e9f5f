"""Every change to cooperatives and the collective economy: permission-checked, atomic, audited.

The share register is append-only and numbered per cooperative. Each share change first locks the
cooperative's row (its `last_seq` counter: two clerks at once are served one after the other on
PostgreSQL; SQLite writes one transaction at a time), then moves shares with a conditional UPDATE
(`shares >= n`), so a holder never goes below zero whatever runs at the same time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan
from jiceng.households.models import Household
from jiceng.organizations.actions import township_of
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import rules
from .models import (
    Asset,
    CollectiveEntry,
    Cooperative,
    CoopIncome,
    Dividend,
    DividendLine,
    EconomyRuleVersion,
    Holding,
    Installment,
    Membership,
    Repayment,
    ShareEntry,
    VillageProfile,
)
from .rules import EntryKind

COOP_FIELDS = ("kind", "industry", "founded_on", "listed", "registration", "brand", "trademark", "standards",
               "standards_done", "standards_drafting", "note")  # fmt: skip


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _not_future(day: dt.date, what: str, today: dt.date | None) -> None:
    if day > _today(today):
        raise DomainError(f"{what}不能晚于今天")


# ----------------------------------------------------------------------------- cooperatives


def create_cooperative(actor: Actor, organization: Organization, *, name: str, industry: str,
                       branch: Organization | None = None, share_price: int = rules.SHARE_PRICE,
                       **data: Any) -> Cooperative:  # fmt: skip
    """A cooperative or association of a township (run by a village or by the township itself)."""
    require(actor.has_perm("economy.manage_village", organization))
    township = township_of(organization)
    if township is None:
        raise DomainError("合作社应属于一个乡镇（请选择乡镇党委或村级党组织）")
    name, industry = name.strip(), industry.strip()
    if not name or not industry:
        raise DomainError("请填写合作社名称和产业")
    if branch is not None and (branch.kind != OrgKind.COOP_BRANCH or not township.contains(branch)):
        raise DomainError(f"党支部应为{township.name}的合作社党支部")
    rules.check_amount(share_price, "每股金额")
    unknown = set(data) - set(COOP_FIELDS)
    if unknown:
        raise DomainError(f"未知的字段：{'、'.join(sorted(unknown))}")
    if data.get("founded_on") is not None:
        _not_future(data["founded_on"], "成立日期", None)
    if Cooperative.objects.filter(township=township, name=name).exists():
        raise DomainError(f"{township.name}已有名为“{name}”的合作社")
    text = {k: v.strip() for k, v in data.items() if isinstance(v, str)}
    with transaction.atomic():
        coop = Cooperative.objects.create(organization=organization, org_path=organization.path, township=township,
                                          branch=branch, name=name, industry=industry, share_price=share_price,
                                          **{**data, **text})  # fmt: skip
        audit.record(actor, "create", coop, org=organization,
                     changes={"名称": [None, name], "产业": [None, industry],
                              "党支部": [None, branch.name if branch else ""]})  # fmt: skip
    return coop


def _check_household(coop: Cooperative, household: Household) -> None:
    """Seed 000's cooperatives take households of their own township."""
    if not household.org_path.startswith(coop.township.path):
        raise DomainError(f"{household.head_name}户不是{coop.township.name}的农户，不能加入{coop.name}")


def _join(actor: Actor, coop: Cooperative, household: Household, on: dt.date) -> Membership:
    member, made = Membership.objects.get_or_create(cooperative=coop, household=household,
                                                    defaults={"org_path": coop.org_path, "joined_on": on})  # fmt: skip
    if made:
        audit.record(actor, "create", member, org=coop.organization, changes={"社员户": [None, household.head_name]})
    return member


def add_member(actor: Actor, coop: Cooperative, household: Household, joined_on: dt.date,
               today: dt.date | None = None) -> Membership:  # fmt: skip
    require(actor.has_perm("economy.manage_coop", coop))
    _check_household(coop, household)
    _not_future(joined_on, "入社日期", today)
    if Membership.objects.filter(cooperative=coop, household=household).exists():
        raise DomainError(f"{household.head_name}户已是{coop.name}的社员")
    with transaction.atomic():
        return _join(actor, coop, household, joined_on)


def _lock(coop: Cooperative, entries: int) -> tuple[Cooperative, list[int]]:
    """Lock the cooperative's row and take `entries` register numbers."""
    Cooperative.objects.filter(pk=coop.pk).update(last_seq=F("last_seq") + entries)
    locked = Cooperative.objects.select_related("township", "organization").get(pk=coop.pk)
    return locked, list(range(locked.last_seq - entries + 1, locked.last_seq + 1))


def _credit(coop: Cooperative, household: Household, shares: int) -> None:
    holding, _ = Holding.objects.get_or_create(cooperative=coop, household=household,
                                               defaults={"org_path": coop.org_path})  # fmt: skip
    Holding.objects.filter(pk=holding.pk).update(shares=F("shares") + shares)


def _debit(coop: Cooperative, household: Household, shares: int) -> None:
    """A conditional UPDATE: refused (nothing changed) unless the holder still holds `shares`."""
    done = Holding.objects.filter(cooperative=coop, household=household, shares__gte=shares).update(
        shares=F("shares") - shares
    )
    if not done:
        held = Holding.objects.filter(cooperative=coop, household=household).values_list("shares", flat=True).first()
        rules.check_transfer(held or 0, shares, f"{household.head_name}户")
        raise DomainError(f"{household.head_name}户的持股已变动，请刷新后重试")


def _entry(actor: Actor, coop: Cooperative, seq: int, kind: str, on: dt.date, shares: int, amount: int, *,
           source: Household | None = None, target: Household | None = None, note: str = "") -> ShareEntry:  # fmt: skip
    return ShareEntry(cooperative=coop, org_path=coop.org_path, seq=seq, kind=kind, on=on, shares=shares,
                      amount=amount, source=source, target=target, note=note.strip(),
                      entered_by=actor_name(actor))  # fmt: skip


def _audit_entry(actor: Actor, entry: ShareEntry, coop: Cooperative) -> None:
    audit.record(actor, "create", entry, org=coop.organization,
                 changes={"变动类型": [None, entry.get_kind_display()], "股数": [None, entry.shares],
                          "金额": [None, yuan(entry.amount)],
                          "转出户": [None, entry.source.head_name if entry.source else ""],
                          "转入户": [None, entry.target.head_name if entry.target else ""]})  # fmt: skip


def subscribe(actor: Actor, coop: Cooperative, rows: Sequence[tuple[Household, int]], on: dt.date, *,
              note: str = "", today: dt.date | None = None) -> list[ShareEntry]:  # fmt: skip
    """Households buy shares at the cooperative's price (认购, one register line each); a household
    not yet a member joins on that day. All rows are written, or none."""
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(on, "认购日期", today)
    if not rows:
        raise DomainError("请填写认购的农户和股数")
    seen: set[int] = set()
    for household, shares in rows:
        rules.check_shares(shares)
        _check_household(coop, household)
        if household.pk in seen:
            raise DomainError(f"{household.head_name}户重复填写")
        seen.add(household.pk)
    with transaction.atomic():
        coop, seqs = _lock(coop, len(rows))
        if coop.repaying:
            raise DomainError(f"{coop.name}已开始归还本金，不能再认购")
        entries = []
        for seq, (household, shares) in zip(seqs, rows, strict=True):
            _join(actor, coop, household, on)
            _credit(coop, household, shares)
            entries.append(_entry(actor, coop, seq, EntryKind.SUBSCRIBE, on, shares, shares * coop.share_price,
                                  target=household, note=note))  # fmt: skip
        entries = ShareEntry.objects.bulk_create(entries)
        saved = list(ShareEntry.objects.filter(cooperative=coop, seq__in=seqs).select_related("source", "target"))
        for entry in saved:
            _audit_entry(actor, entry, coop)
    return saved


def transfer(actor: Actor, coop: Cooperative, source: Household, target: Household, shares: int, on: dt.date, *,
             price: int = 0, note: str = "", today: dt.date | None = None) -> ShareEntry:  # fmt: skip
    """Shares from one household to another (转让) of the same township; more than held is refused."""
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(on, "转让日期", today)
    rules.check_shares(shares)
    if price < 0:
        raise DomainError("转让价款不能为负数")
    if source.pk == target.pk:
        raise DomainError("转出户和转入户不能是同一户")
    _check_household(coop, target)
    with transaction.atomic():
        coop, (seq,) = _lock(coop, 1)
        if coop.repaying:
            raise DomainError(f"{coop.name}已开始归还本金，股份不能再转让")
        _debit(coop, source, shares)
        _join(actor, coop, target, on)
        _credit(coop, target, shares)
        entry = _entry(actor, coop, seq, EntryKind.TRANSFER, on, shares, price, source=source, target=target,
                       note=note)  # fmt: skip
        entry.save()
        _audit_entry(actor, entry, coop)
    return entry


def redeem(actor: Actor, coop: Cooperative, household: Household, shares: int, on: dt.date, *, note: str = "",
           today: dt.date | None = None) -> ShareEntry:  # fmt: skip
    """A household takes shares back at the price paid (退股); more than held is refused."""
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(on, "退股日期", today)
    rules.check_shares(shares)
    with transaction.atomic():
        coop, (seq,) = _lock(coop, 1)
        if coop.repaying:
            raise DomainError(f"{coop.name}正按还本计划归还本金，不能另行退股")
        _debit(coop, household, shares)
        entry = _entry(actor, coop, seq, EntryKind.REDEEM, on, shares, shares * coop.share_price, source=household,
                       note=note)  # fmt: skip
        entry.save()
        _audit_entry(actor, entry, coop)
    return entry


def add_asset(actor: Actor, coop: Cooperative, *, name: str, count: int, price: int, bought_on: dt.date,
              lessee: str = "", rent_rate_bp: int | None = None, lease_years: int | None = None, note: str = "",
              today: dt.date | None = None) -> Asset:  # fmt: skip
    """An asset bought with the capital, and its lease (the yearly rent is price × rate)."""
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(bought_on, "购置日期", today)
    if not name.strip():
        raise DomainError("请填写资产名称")
    if count <= 0:
        raise DomainError("数量应为正整数")
    rules.check_amount(price, "总价")
    if rent_rate_bp is not None:
        rules.rent_of(price, rent_rate_bp)  # the rate is checked there
    with transaction.atomic():
        asset = Asset.objects.create(cooperative=coop, org_path=coop.org_path, name=name.strip(), count=count,
                                     price=price, bought_on=bought_on, lessee=lessee.strip(),
                                     rent_rate_bp=rent_rate_bp, lease_years=lease_years, note=note.strip())  # fmt: skip
        audit.record(actor, "create", asset, org=coop.organization,
                     changes={"资产": [None, f"{asset.name}{count}"], "总价": [None, yuan(price)],
                              "年租金": [None, yuan(asset.yearly_rent)]})  # fmt: skip
    return asset


def record_coop_income(actor: Actor, coop: Cooperative, *, year: int, on: dt.date, kind: str, amount: int,
                       payer: str = "", note: str = "", today: dt.date | None = None) -> CoopIncome:  # fmt: skip
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(on, "收入日期", today)
    if kind not in rules.CoopIncomeKind.values:
        raise DomainError("请选择收入类别")
    rules.check_amount(amount, "收入金额")
    if not 1900 < year <= _today(today).year:
        raise DomainError("所属年度不正确")
    with transaction.atomic():
        income = CoopIncome.objects.create(cooperative=coop, org_path=coop.org_path, year=year, on=on, kind=kind,
                                           amount=amount, payer=payer.strip(), note=note.strip(),
                                           entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", income, org=coop.organization,
                     changes={"金额": [None, yuan(amount)], "类别": [None, income.get_kind_display()]})  # fmt: skip
    return income


def holdings_on(coop: Cooperative, day: dt.date) -> list[tuple[int, int]]:
    """(household id, shares) at the end of `day`, in the order households first appear in the
    register (the order the remainder rule uses)."""
    entries = ShareEntry.objects.filter(cooperative=coop, on__lte=day).order_by("seq")
    rows: list[tuple[str, int | None, int | None, int]] = [
        (e.kind, e.source_id, e.target_id, e.shares) for e in entries.only("kind", "source", "target", "shares")
    ]
    return list(rules.balances(rows).items())


def distributable(coop: Cooperative, year: int) -> int:
    """The year's income not yet distributed (income − dividends declared for that year)."""
    income = CoopIncome.objects.filter(cooperative=coop, year=year).aggregate(s=Sum("amount"))["s"] or 0
    paid = Dividend.objects.filter(cooperative=coop, year=year).aggregate(s=Sum("total"))["s"] or 0
    return int(income - paid)


def declare_dividend(actor: Actor, coop: Cooperative, *, year: int, record_on: dt.date, paid_on: dt.date,
                     per_share: int | None = None, total: int | None = None,
                     today: dt.date | None = None) -> Dividend:  # fmt: skip
    """A dividend of `year`'s income to the holders on `record_on`: per share, or a total split by
    shares exactly in fen (rules.split). More than the distributable income is refused."""
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(paid_on, "分红日期", today)
    if record_on > paid_on:
        raise DomainError("股权登记日不能晚于分红日期")
    with transaction.atomic():
        coop, _ = _lock(coop, 0)  # one dividend at a time per cooperative (the distributable check)
        holdings = holdings_on(coop, record_on)
        plan = rules.plan_dividend(holdings, distributable(coop, year), per_share=per_share, total=total)
        dividend = Dividend.objects.create(cooperative=coop, org_path=coop.org_path, year=year, record_on=record_on,
                                           paid_on=paid_on, per_share=plan.per_share, total=plan.total,
                                           shares=plan.shares, entered_by=actor_name(actor))  # fmt: skip
        held = dict(holdings)
        DividendLine.objects.bulk_create(DividendLine(dividend=dividend, household_id=k, shares=held[k], amount=v)
                                         for k, v in plan.lines.items())  # fmt: skip
        audit.record(actor, "create", dividend, org=coop.organization,
                     changes={"分红总额": [None, yuan(plan.total)], "股数": [None, plan.shares],
                              "每股": [None, rules.per_share_text(plan.total, plan.shares)]})  # fmt: skip
    return dividend


def add_installment(actor: Actor, coop: Cooperative, due_on: dt.date, percent: int) -> Installment:
    """One installment of the principal schedule (the percentages together at most 100)."""
    require(actor.has_perm("economy.manage_coop", coop))
    planned = Installment.objects.filter(cooperative=coop).aggregate(s=Sum("percent"))["s"] or 0
    if not 0 < percent <= 100 or planned + percent > 100:
        raise DomainError(f"还本比例合计不能超过100%（已计划{planned}%）")
    with transaction.atomic():
        item = Installment.objects.create(cooperative=coop, org_path=coop.org_path, due_on=due_on, percent=percent)
        audit.record(actor, "create", item, org=coop.organization,
                     changes={"应还日期": [None, due_on.isoformat()], "比例": [None, percent]})  # fmt: skip
    return item


def pay_installment(actor: Actor, item: Installment, paid_on: dt.date, today: dt.date | None = None) -> Installment:
    """The installment paid back to each holder; when the schedule reaches 100 % every holding is
    redeemed in the register (seed 000: "三年后…按原车款归还村民本金")."""
    coop = item.cooperative
    require(actor.has_perm("economy.manage_coop", coop))
    _not_future(paid_on, "还本日期", today)
    with transaction.atomic():
        coop, _ = _lock(coop, 0)
        if not Installment.objects.filter(pk=item.pk, paid_on__isnull=True).update(paid_on=paid_on):
            raise DomainError("这期本金已归还")
        before = Installment.objects.filter(cooperative=coop, paid_on__isnull=False).exclude(pk=item.pk)
        percent_before = before.aggregate(s=Sum("percent"))["s"] or 0
        holdings = list(Holding.objects.filter(cooperative=coop, shares__gt=0).select_related("household"))
        if not holdings:
            raise DomainError("没有持股农户，无需还本")
        principal = [(h.pk, h.shares * coop.share_price) for h in holdings]
        amounts = rules.installment_amounts(principal, item.percent, percent_before)
        Repayment.objects.bulk_create(Repayment(installment=item, household_id=h.household_id, amount=amounts[h.pk])
                                      for h in holdings)  # fmt: skip
        for h in holdings:
            Holding.objects.filter(pk=h.pk).update(returned=F("returned") + amounts[h.pk])
        Installment.objects.filter(pk=item.pk).update(amount=sum(amounts.values()))
        Cooperative.objects.filter(pk=coop.pk).update(repaying=True)
        if percent_before + item.percent == 100:
            coop, seqs = _lock(coop, len(holdings))
            entries = []
            for seq, h in zip(seqs, holdings, strict=True):
                _debit(coop, h.household, h.shares)
                entries.append(_entry(actor, coop, seq, EntryKind.REDEEM, paid_on, h.shares,
                                      h.shares * coop.share_price, source=h.household,
                                      note="按还本计划归还全部本金"))  # fmt: skip
            for entry in ShareEntry.objects.bulk_create(entries):
                _audit_entry(actor, entry, coop)
        item.refresh_from_db()
        changes = {"实还日期": [None, paid_on.isoformat()], "还本金额": [None, yuan(item.amount)]}
        audit.record(actor, "update", item, org=coop.organization, changes=changes)
    return item


# ----------------------------------------------------------------------------- collective economy


def _village(actor: Actor, org: Organization) -> None:
    require(actor.has_perm("economy.manage_village", org))
    if not org.is_village_level:
        raise DomainError("村集体经济按村级党组织登记")


PROFILE_FIELDS = ("land_mu", "land_taken_mu", "forest_mu", "economic_forest_mu", "yield_forest_mu", "population",
                  "converted", "note")  # fmt: skip


def _snapshot(profile: VillageProfile) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in audit.snapshot(profile, PROFILE_FIELDS).items()}


def set_profile(actor: Actor, org: Organization, year: int, today: dt.date | None = None,
                **values: Any) -> VillageProfile:  # fmt: skip
    """The village's assets of a year (a year already entered is corrected in place)."""
    _village(actor, org)
    if not 1900 < year <= _today(today).year + 1:
        raise DomainError("年度不正确")
    values = {k: values.get(k) for k in PROFILE_FIELDS}
    values["note"] = (values["note"] or "").strip()
    for name in PROFILE_FIELDS[:5]:
        if values[name] is not None and Decimal(values[name]) < 0:
            raise DomainError("面积不能为负数")
    if values["land_taken_mu"] is not None and values["land_mu"] is not None and values["land_taken_mu"] > values[
            "land_mu"]:  # fmt: skip
        raise DomainError("已征用或使用的土地不能多于集体土地")
    if values["converted"] is not None and values["population"] is not None and values["converted"] > values[
            "population"]:  # fmt: skip
        raise DomainError("农转非人数不能多于户籍人口")
    with transaction.atomic():
        profile = VillageProfile.objects.select_for_update().filter(organization=org, year=year).first()
        if profile is None:
            profile = VillageProfile.objects.create(organization=org, org_path=org.path, year=year,
                                                    entered_by=actor_name(actor), **values)  # fmt: skip
            audit.record(actor, "create", profile, org=org, changes=_snapshot(profile))
            return profile
        before = _snapshot(profile)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.entered_by = actor_name(actor)
        profile.save()
        profile.refresh_from_db()
        audit.record(actor, "update", profile, org=org,
                     changes=audit.diff(before, _snapshot(profile)))  # fmt: skip
    return profile


def record_collective(actor: Actor, org: Organization, *, year: int, on: dt.date, source: str, amount: int,
                      note: str = "", today: dt.date | None = None) -> CollectiveEntry:  # fmt: skip
    """One item of the village's collective income or spending (a negative amount is refused)."""
    _village(actor, org)
    _not_future(on, "日期", today)
    if source not in rules.CollectiveSource.values:
        raise DomainError("请选择收入来源或支出类别")
    rules.check_amount(amount, "金额")
    if not 1900 < year <= _today(today).year:
        raise DomainError("所属年度不正确")
    with transaction.atomic():
        entry = CollectiveEntry.objects.create(organization=org, org_path=org.path, year=year, on=on, source=source,
                                               amount=amount, note=note.strip(),
                                               entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", entry, org=org,
                     changes={"来源": [None, entry.get_source_display()], "金额": [None, yuan(amount)]})  # fmt: skip
    return entry


def set_rule(actor: Actor, org: Organization, *, valid_from: dt.date, label: str, **values: Any) -> EconomyRuleVersion:
    """Targets and the 空壳村 test of a county (or township) from `valid_from` (a new version)."""
    require(actor.has_perm("economy.set_rule", org))
    if not label.strip():
        raise DomainError("请填写标准名称")
    for name in ("shell_land_pct", "shell_converted_pct"):
        if values.get(name) is not None and not 0 < values[name] <= 100:
            raise DomainError("比例应在1%到100%之间")
    if not (values.get("shell_no_income", True) or values.get("shell_land_pct") or values.get("shell_converted_pct")):
        raise DomainError("请至少选择一项空壳村条件")
    if EconomyRuleVersion.objects.filter(organization=org, valid_from=valid_from).exists():
        raise DomainError("该施行日期已有标准，请另选日期")
    with transaction.atomic():
        version = EconomyRuleVersion.objects.create(organization=org, org_path=org.path, valid_from=valid_from,
                                                    label=label.strip(), **values)  # fmt: skip
        changes = {"名称": [None, version.label], "施行日期": [None, valid_from.isoformat()]}
        audit.record(actor, "create", version, org=org, changes=changes)
    return version
