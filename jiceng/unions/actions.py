"""Every change to 户联理事会 records: permission-checked, atomic, audited; refusals in Chinese
with nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user
from jiceng.core.errors import DomainError
from jiceng.core.registry import ratings_of
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import rules
from .models import Activity, Reward, Union, UnionHousehold, UnionOfficer
from .rules import OfficerRole, Quantities


def _can_change(actor: Actor, org: Organization) -> None:
    require(actor.has_perm("unions.change_org", org))


def _past(day: dt.date | None, today: dt.date, what: str) -> None:
    if day is None:
        raise DomainError(f"请填写{what}")
    if day > today:
        raise DomainError(f"{what}不能晚于今天")


def _own_households(org: Organization, households: Sequence[Household], union: Union | None = None) -> None:
    """Households of this village only, each in one union only (named in the refusal)."""
    foreign = [h.head_name for h in households if h.grid.organization_id != org.pk]
    if foreign:
        raise DomainError(f"农户{'、'.join(foreign[:5])}不属于{org.name}，不能加入本村的户联理事会")
    taken = UnionHousehold.objects.filter(household__in=households).exclude(union=union).select_related("union")
    clash = [f"{m.household.head_name}（已在{m.union.name}）" for m in taken.select_related("household")[:5]]
    if clash:
        raise DomainError(f"农户{'、'.join(clash)}已加入其他户联理事会，一户只能加入一个")


def create_union(actor: Actor, org: Organization, *, name: str, basis: str, place: str, founded_on: dt.date,
                 households: Sequence[Household], confirm_size: bool = False, note: str = "",
                 today: dt.date | None = None) -> Union:  # fmt: skip
    """Seed 002: 以屋场院子、自然村落为基本单元 … 由农户自愿按25-30户的规模联合组成."""
    _can_change(actor, org)
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise DomainError("户联理事会在村内组建，请选择村党组织")
    if not name.strip():
        raise DomainError("请填写户联理事会名称")
    if basis not in rules.UnionBasis.values:
        raise DomainError("请选择组建单元：屋场院子或自然村落")
    if not place.strip():
        raise DomainError("请填写屋场院子或自然村落的名称")
    _past(founded_on, today or timezone.localdate(), "成立日期")
    households = list({h.pk: h for h in households}.values())
    if not households:
        raise DomainError("请选择加入的农户")
    _own_households(org, households)
    warning = rules.size_warning(len(households))
    if warning and not confirm_size:
        raise DomainError(warning)
    try:
        with transaction.atomic():
            union = Union.objects.create(organization=org, org_path=org.path, name=name.strip(), basis=basis,
                                         place=place.strip(), founded_on=founded_on, size_confirmed=bool(warning),
                                         note=note.strip())  # fmt: skip
            UnionHousehold.objects.bulk_create(
                UnionHousehold(union=union, household=h, joined_on=founded_on) for h in households
            )
            audit.record(actor, "create", union, org=org,
                         changes={"户数": len(households), "规模已确认": bool(warning)})  # fmt: skip
    except IntegrityError as exc:  # a concurrent union took a household, or the name is taken
        raise DomainError("名称已被本村其他户联理事会使用，或有农户刚被加入其他户联理事会") from exc
    return union


def add_households(actor: Actor, union: Union, households: Sequence[Household], *, joined_on: dt.date,
                   confirm_size: bool = False, today: dt.date | None = None) -> int:  # fmt: skip
    _can_change(actor, union.organization)
    _past(joined_on, today or timezone.localdate(), "加入日期")
    existing = set(union.members.values_list("household_id", flat=True))
    new = [h for h in {h.pk: h for h in households}.values() if h.pk not in existing]
    if not new:
        raise DomainError("请选择尚未加入本会的农户")
    _own_households(union.organization, new, union)
    warning = rules.size_warning(len(existing) + len(new))
    if warning and not confirm_size:
        raise DomainError(warning)
    try:
        with transaction.atomic():
            UnionHousehold.objects.bulk_create(UnionHousehold(union=union, household=h, joined_on=joined_on)
                                               for h in new)  # fmt: skip
            if bool(warning) != union.size_confirmed:
                union.size_confirmed = bool(warning)
                union.save(update_fields=["size_confirmed", "updated_at"])
            audit.record(actor, "update", union, org=union.organization,
                         changes={"户数": [len(existing), len(existing) + len(new)]})  # fmt: skip
    except IntegrityError as exc:
        raise DomainError("有农户刚被加入其他户联理事会，一户只能加入一个") from exc
    return len(new)


def choose_officer(actor: Actor, union: Union, *, role: str, chosen_on: dt.date, voting: int, votes: int,
                   person: Person | None = None, name: str = "",
                   today: dt.date | None = None) -> UnionOfficer:  # fmt: skip
    """Seed 002: 推选理事长1名、理事1-2名, chosen by the union's households."""
    _can_change(actor, union.organization)
    if role not in OfficerRole.values:
        raise DomainError("请选择职务：理事长或理事")
    name = (person.name if person is not None else name).strip()
    if not name:
        raise DomainError("请从名册选择或填写姓名")
    if person is not None and not person.org_path.startswith(union.org_path):
        raise DomainError(f"{person.name}不是{union.organization.name}的人员")
    _past(chosen_on, today or timezone.localdate(), "推选日期")
    if chosen_on < union.founded_on:
        raise DomainError("推选日期不能早于户联理事会成立日期")
    officers = list(union.officers.values_list("role", flat=True))
    problem = rules.officer_problem(role, officers.count(OfficerRole.CHAIR), officers.count(OfficerRole.MEMBER))
    problem = problem or rules.choice_problem(union.members.count(), voting, votes)
    if problem:
        raise DomainError(problem)
    try:
        with transaction.atomic():
            officer = UnionOfficer.objects.create(union=union, role=role, person=person, name=name,
                                                  chosen_on=chosen_on, voting=voting, votes=votes)  # fmt: skip
            changes = {"职务": OfficerRole(role).label, "姓名": name, "得票": f"{votes}/{voting}"}
            audit.record(actor, "create", officer, org=union.organization, changes=changes)
    except IntegrityError as exc:
        raise DomainError("户联理事会只设理事长1名，或此人已是本会理事") from exc
    return officer


def record_activity(actor: Actor, union: Union, *, kind: str, held_on: dt.date, title: str, households: int,
                    labour: int = 0, water: int = 0, road_km: Decimal = Decimal(0), money: int = 0,
                    today: dt.date | None = None) -> Activity:  # fmt: skip
    """A 四联 activity with its quantities (late entry allowed: the entry date is kept)."""
    _can_change(actor, union.organization)
    if kind not in rules.ActivityKind.values:
        raise DomainError("请选择四联类别：经济联合、治安联防、好事联办、文化联学")
    if not title.strip():
        raise DomainError("请填写活动内容")
    _past(held_on, today or timezone.localdate(), "活动日期")
    if held_on < union.founded_on:
        raise DomainError("活动日期不能早于户联理事会成立日期")
    q = Quantities(labour, water, Decimal(road_km), money, households)
    problem = rules.activity_problem(q, union.members.count())
    if problem:
        raise DomainError(problem)
    with transaction.atomic():
        activity = Activity.objects.create(union=union, org_path=union.org_path, kind=kind, held_on=held_on,
                                           title=title.strip(), labour=labour, water=water, road_km=q.road_km,
                                           money=money, households=households,
                                           entered_by=actor_user(actor))  # fmt: skip
        audit.record(actor, "create", activity, org=union.organization,
                     changes={"四联": rules.ActivityKind(kind).label, "活动日期": held_on.isoformat()})  # fmt: skip
    return activity


def allocate_reward(actor: Actor, union: Union, *, rating_ref: str, project: str, amount: int,
                    allocated_on: dt.date, note: str = "", today: dt.date | None = None) -> Reward:  # fmt: skip
    """以奖代补，与惠农项目安排挂钩 (seed 002): a project for a final rating this union earned."""
    require(actor.has_perm("unions.reward_org", union.organization))
    earned = {r.ref: r for r in ratings_of(union.ref)}
    rating = earned.get(rating_ref)
    if rating is None:
        raise DomainError("请选择本会已确定的“五好”评比结果")
    if not rating.rating:
        raise DomainError(f"{rating.label}中本会为“{rating.grade}”，未评为“五好”户联理事会，不能以奖代补")
    if not project.strip():
        raise DomainError("请填写惠农项目名称")
    if amount <= 0:
        raise DomainError("奖补金额应大于0")
    _past(allocated_on, today or timezone.localdate(), "安排日期")
    try:
        with transaction.atomic():
            reward = Reward.objects.create(union=union, rating_ref=rating_ref,
                                           rating_label=f"{rating.label}：{rating.rating}", project=project.strip(),
                                           amount=amount, allocated_on=allocated_on, note=note.strip())  # fmt: skip
            audit.record(actor, "create", reward, org=union.organization,
                         changes={"惠农项目": reward.project, "金额（分）": amount})  # fmt: skip
    except IntegrityError as exc:
        raise DomainError("该评比结果已安排过同名惠农项目") from exc
    return reward


def raise_proposal(actor: Actor, union: Union, title: str, started_on: dt.date,
                   today: dt.date | None = None) -> Any:  # fmt: skip
    """A union raises a 村民自治 proposal (seed 002: 村委会或户联理事会提出议案): the village's
    村民自治事项 procedure starts from it (openness, on the engine) and names the union as its source."""
    from jiceng.core import engine
    from jiceng.openness import actions as openness
    from jiceng.openness.rules import ProcedureKind

    _can_change(actor, union.organization)
    with transaction.atomic():
        proc = openness.start_procedure(actor, union.organization, ProcedureKind.ZIZHI, title, started_on,
                                        note=f"{union.name}提出议案", today=today)  # fmt: skip
        engine.link(proc, proc.step, union.ref)
    return proc


def proposals_of(union: Union) -> list[Any]:
    """The procedures the union raised (newest first)."""
    from jiceng.core.models import CaseLink
    from jiceng.openness.models import Procedure

    ids = CaseLink.objects.filter(case_type=Procedure.case_type(), ref=union.ref).values("case_id")
    return list(Procedure.objects.filter(pk__in=ids).order_by("-started_on", "-pk"))
