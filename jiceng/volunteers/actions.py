"""Every change to volunteer and youth league records: permission-checked, atomic, audited.
推优 calls the development app's own action to open the applicant file (never a copy of it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.calendar import add_month_starts
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan
from jiceng.development import actions as development
from jiceng.development.models import File
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import rules
from .models import LeagueBranch, LeagueDues, LeagueMember, Recommendation, Service, Team


def _village(org: Organization) -> None:
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise DomainError("志愿服务队和团支部按村登记，请选择村党支部")


def _villagers(org: Organization, ids: Sequence[Any]) -> list[Person]:
    """The named people, of the village's subtree; an unknown one is refused."""
    wanted = {int(i) for i in ids if str(i).isdigit()}
    people = list(Person.objects.in_subtree(org).filter(pk__in=wanted))
    if len(people) != len(wanted) or len(wanted) != len(list(ids)):
        raise DomainError("所选人员不在本村的人员名册中")
    return people


def _past(day: dt.date | None, today: dt.date, what: str) -> None:
    if day is not None and day > today:
        raise DomainError(f"{what}不能晚于今天")


def create_team(actor: Actor, org: Organization, name: str, kind: str, *, founded_on: dt.date | None = None,
                leader: Person | None = None, note: str = "", today: dt.date | None = None) -> Team:  # fmt: skip
    require(actor.has_perm("volunteers.change_org", org))
    _village(org)
    today = today or timezone.localdate()
    if not name.strip():
        raise DomainError("请填写队伍名称")
    if kind not in rules.TeamKind.values:
        raise DomainError("请选择队伍类别")
    _past(founded_on, today, "成立日期")
    if leader is not None:
        _villagers(org, [leader.pk])
    with transaction.atomic():
        try:
            with transaction.atomic():
                team = Team.objects.create(organization=org, org_path=org.path, name=name.strip(), kind=kind,
                                           founded_on=founded_on, leader=leader, note=note.strip())  # fmt: skip
        except IntegrityError as exc:
            raise DomainError(f"本村已有“{name.strip()}”") from exc
        if leader is not None:
            team.members.add(leader)
        audit.record(actor, "create", team, org=org, changes={"队伍": [None, team.name]})
    return team


def change_members(actor: Actor, team: Team, *, add: Sequence[Any] = (), remove: Sequence[Any] = ()) -> Team:
    require(actor.has_perm("volunteers.change_org", team.organization))
    adding = _villagers(team.organization, list(add)) if add else []
    removing = [int(i) for i in remove if str(i).isdigit()]
    if not adding and not removing:
        raise DomainError("请选择要加入或移出的队员")
    with transaction.atomic():
        team.members.add(*adding)
        team.members.remove(*removing)
        audit.record(actor, "update", team, org=team.organization,
                     changes={"加入": [None, "、".join(p.name for p in adding)],
                              "移出": [None, len(removing)]})  # fmt: skip
    return team


def record_service(actor: Actor, team: Team, held_on: dt.date, kind: str, title: str, participant_ids: Sequence[Any],
                   hours: Decimal | None, *, others: int = 0, place: str = "",
                   today: dt.date | None = None) -> Service:  # fmt: skip
    """A service of the team on `held_on` (entering it later is allowed and shown as late)."""
    require(actor.has_perm("volunteers.change_org", team.organization))
    today = today or timezone.localdate()
    _past(held_on, today, "服务日期")
    if kind not in rules.ServiceKind.values:
        raise DomainError("请选择服务类别")
    if not title.strip():
        raise DomainError("请填写服务内容")
    rules.check_hours(hours)
    assert hours is not None
    if others < 0:
        raise DomainError("其他参加人数不能为负数")
    people = _villagers(team.organization, list(participant_ids)) if participant_ids else []
    if not people and not others:
        raise DomainError("请选择参加服务的人员")
    born_after = [p.name for p in people if p.birth_date > held_on]
    if born_after:
        raise DomainError(f"{'、'.join(born_after)}在服务日期时尚未出生，请检查日期")
    with transaction.atomic():
        service = Service.objects.create(team=team, org_path=team.org_path, held_on=held_on, kind=kind,
                                         title=title.strip(), place=place.strip(), others=others, hours=hours,
                                         entered_by=actor_name(actor))  # fmt: skip
        service.participants.set(people)
        audit.record(actor, "create", service, org=team.organization,
                     changes={"服务内容": [None, service.title], "人数": [None, len(people) + others]})  # fmt: skip
    return service


def save_league_branch(actor: Actor, org: Organization, name: str, *, secretary: Person | None = None,
                       founded_on: dt.date | None = None, today: dt.date | None = None) -> LeagueBranch:  # fmt: skip
    require(actor.has_perm("volunteers.change_org", org))
    _village(org)
    today = today or timezone.localdate()
    if not name.strip():
        raise DomainError("请填写团支部名称")
    _past(founded_on, today, "成立日期")
    if secretary is not None:
        _villagers(org, [secretary.pk])
    values = {"name": name.strip(), "secretary": secretary, "founded_on": founded_on, "org_path": org.path}
    with transaction.atomic():
        branch = LeagueBranch.objects.select_for_update().filter(organization=org).first()
        before: dict[str, Any] = {}
        if branch is None:
            branch = LeagueBranch.objects.create(organization=org, **values)
        else:
            before = audit.snapshot(branch, values)
            for key, value in values.items():
                setattr(branch, key, value)
            branch.save(update_fields=[*values, "updated_at"])
        audit.record(actor, "update" if before else "create", branch, org=org,
                     changes=audit.diff(before, audit.snapshot(branch, values)))  # fmt: skip
    return branch


def add_league_member(actor: Actor, branch: LeagueBranch, person: Person, joined_on: dt.date,
                      today: dt.date | None = None) -> LeagueMember:  # fmt: skip
    """A 团员 from `joined_on` (入团 between 14 and 28, 团章第一条)."""
    require(actor.has_perm("volunteers.change_org", branch.organization))
    today = today or timezone.localdate()
    _villagers(branch.organization, [person.pk])
    _past(joined_on, today, "入团日期")
    if not rules.in_ages(person.birth_date, joined_on, rules.LEAGUE_AGES):
        raise DomainError(f"入团时应在14至28周岁之间（{rules.CITES['league']}），{person.name}入团日期时"
                          f"{rules.age_on(person.birth_date, joined_on)}周岁")  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                member = LeagueMember.objects.create(branch=branch, org_path=branch.org_path, person=person,
                                                     joined_on=joined_on)  # fmt: skip
        except IntegrityError as exc:
            raise DomainError(f"{person.name}已是团员，不能重复登记") from exc
        audit.record(
            actor, "create", member, org=branch.organization, changes={"入团日期": [None, joined_on.isoformat()]}
        )
    return member


def end_league_membership(actor: Actor, member: LeagueMember, left_on: dt.date, reason: str,
                          today: dt.date | None = None) -> LeagueMember:  # fmt: skip
    """离团 on `left_on` (e.g. 超龄离团 after 28): the member stays in the branch's history."""
    require(actor.has_perm("volunteers.change_org", member.branch.organization))
    today = today or timezone.localdate()
    _past(left_on, today, "离团日期")
    if reason not in rules.LeaveReason.values:
        raise DomainError("请选择离团原因")
    if left_on < member.joined_on:
        raise DomainError("离团日期不能早于入团日期")
    with transaction.atomic():
        done = LeagueMember.objects.filter(pk=member.pk, left_on__isnull=True).update(
            left_on=left_on, left_reason=reason
        )
        if not done:  # a conditional UPDATE: two clerks at once end it once
            raise DomainError(f"{member.person.name}已离团")
        member.refresh_from_db()
        changes = {"离团日期": [None, left_on.isoformat()], "离团原因": [None, member.get_left_reason_display()]}
        audit.record(actor, "update", member, org=member.branch.organization, changes=changes)
    return member


def record_league_dues(actor: Actor, member: LeagueMember, first_month: dt.date, *, paid_on: dt.date, count: int = 1,
                       amount: int | None = None, today: dt.date | None = None) -> list[LeagueDues]:  # fmt: skip
    """`count` months of 团费 from `first_month`, each `amount` fen (default 0.20 元)."""
    require(actor.has_perm("volunteers.change_org", member.branch.organization))
    today = today or timezone.localdate()
    _past(paid_on, today, "交纳日期")
    if not 1 <= count <= rules.MAX_DUES_MONTHS:
        raise DomainError(f"一次最多登记{rules.MAX_DUES_MONTHS}个月")
    amount = rules.DEFAULT_LEAGUE_DUES if amount is None else amount
    if amount <= 0:
        raise DomainError("团费金额应大于零")
    if member.left_on is not None:
        raise DomainError(f"{member.person.name}已于{member.left_on:%Y年%m月%d日}离团")
    first = rules.month_start(first_month)
    months = [add_month_starts(first, i) for i in range(count)]
    if months[0] < rules.month_start(member.joined_on):
        raise DomainError(f"{member.person.name}{member.joined_on:%Y年%m月}入团，不能交纳入团以前的团费")
    paid = sorted(LeagueDues.objects.filter(member=member, month__in=months).values_list("month", flat=True))
    if paid:
        raise DomainError(f"{member.person.name}{'、'.join(f'{m:%Y年%m月}' for m in paid)}的团费已交纳，不能重复登记")
    rows = [LeagueDues(member=member, org_path=member.org_path, month=m, amount=amount, paid_on=paid_on,
                       entered_by=actor_name(actor)) for m in months]  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                LeagueDues.objects.bulk_create(rows)
        except IntegrityError as exc:
            raise DomainError(f"{member.person.name}所选月份的团费已交纳，不能重复登记") from exc
        audit.record(actor, "create", member, org=member.branch.organization,
                     changes={"团费": [None, f"{first:%Y年%m月}起{count}个月，每月{yuan(amount)}元"]})  # fmt: skip
    return list(LeagueDues.objects.filter(member=member, month__in=months).order_by("month"))


def recommend(actor: Actor, member: LeagueMember, recommended_on: dt.date, *, applied_on: dt.date | None = None,
              note: str = "", today: dt.date | None = None) -> Recommendation:  # fmt: skip
    """推优: the 团员 is recommended to the Party branch on `recommended_on`. A person without an
    open development file gets one through `development.actions.open_file` (as an applicant, the
    application dated `applied_on`, default the recommendation's day); an open file is linked."""
    org = member.branch.organization
    require(actor.has_perm("volunteers.change_org", org))
    today = today or timezone.localdate()
    _past(recommended_on, today, "推荐日期")
    if member.left_on is not None:
        raise DomainError(f"{member.person.name}已离团，不能推优")
    if recommended_on < member.joined_on:
        raise DomainError("推荐日期不能早于入团日期")
    if not rules.in_ages(member.person.birth_date, recommended_on, rules.LEAGUE_AGES):
        raise DomainError(f"推优对象应为14至28周岁的团员（{rules.CITES['league']}）")
    person = member.person
    with transaction.atomic():
        file = File.objects.open().filter(person=person).first()
        if file is None:
            file = development.open_file(actor, person, applied_on or recommended_on,
                                         note=f"共青团推优（{recommended_on:%Y年%m月%d日}）", today=today)  # fmt: skip
        rec = Recommendation.objects.create(member=member, org_path=member.org_path, recommended_on=recommended_on,
                                            note=note.strip(), file=file, entered_by=actor_name(actor))  # fmt: skip
        audit.record(actor, "create", rec, org=org, changes={"推荐日期": [None, recommended_on.isoformat()]})
    return rec
