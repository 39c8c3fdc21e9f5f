"""Every change to care council records: permission-checked, atomic, audited.

The council's posts are 党小组 of the org tree, made through `organizations.actions` (the council
action is itself checked: an editor of the branch sets up its council's groups). A problem found
on a visit becomes a ledger item through `ledgers.actions.item_from_source` (read by ref)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from jiceng.core import audit, refs
from jiceng.core.access import in_scope, require
from jiceng.core.actor import Actor, actor_name, actor_user, is_system
from jiceng.core.errors import DomainError
from jiceng.households.models import Household
from jiceng.ledgers import actions as ledgers
from jiceng.ledgers.models import LedgerItem, LedgerType
from jiceng.organizations import actions as org_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people import actions as people
from jiceng.people.models import Person, Post
from jiceng.people.rules import PartyTitle, PostBody

from . import links, queries, rules
from .models import (
    AccountEntry,
    CareRecord,
    CareTarget,
    Council,
    Councillor,
    CouncilPost,
    CouncilVisit,
    LeaderElection,
    sees_restricted,
)
from .rules import CouncillorKind, CouncillorStatus


def _can_change(actor: Actor, org: Organization) -> None:
    require(actor.has_perm("councils.change_org", org))


def _past(day: dt.date | None, today: dt.date, what: str) -> None:
    if day is None:
        raise DomainError(f"请填写{what}")
    if day > today:
        raise DomainError(f"{what}不能晚于今天")


def _current_party_posts(org: Organization, on: dt.date) -> Any:
    return Post.objects.current_on(on).filter(organization=org, body=PostBody.PARTY)


def secretary_of(org: Organization, on: dt.date) -> Person | None:
    post = _current_party_posts(org, on).filter(title=PartyTitle.SECRETARY).select_related("person").first()
    return post.person if post else None


def create_council(actor: Actor, org: Organization, *, founded_on: dt.date, executive: Person | None = None,
                   posts: Sequence[str] = rules.DEFAULT_POSTS, today: dt.date | None = None) -> Council:  # fmt: skip
    """Seed 002: the secretary chairs it; one branch committee member is 常务理事; a 党小组 per post."""
    _can_change(actor, org)
    today = today or timezone.localdate()
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise DomainError("关怀理事会由村党支部成立，请选择村党支部")
    if Council.objects.filter(organization=org).exists():
        raise DomainError("本支部已成立关怀理事会")
    _past(founded_on, today, "成立日期")
    chair = secretary_of(org, today)
    if chair is None:
        raise DomainError("本支部尚未登记现任书记，理事长由支部书记兼任，请先在人员中登记书记职务")
    if executive is not None:
        committee = _current_party_posts(org, today).filter(
            person=executive, title__in=(PartyTitle.DEPUTY_SECRETARY, PartyTitle.MEMBER)
        )
        if executive.pk == chair.pk or not committee.exists():
            raise DomainError("常务理事应为本支部现任支委（副书记或委员），不能由书记兼任")
    names = [n.strip() for n in posts if n.strip()]
    if not names or len(set(names)) != len(names):
        raise DomainError("请填写理事岗位，岗位名称不能重复")
    with transaction.atomic():
        council = Council.objects.create(organization=org, org_path=org.path, chair=chair, executive=executive,
                                         founded_on=founded_on)  # fmt: skip
        for name in names:
            _make_post(actor, council, name)
        audit.record(actor, "create", council, org=org,
                     changes={"理事长": chair.name, "常务理事": executive.name if executive else "",
                              "理事岗位": "、".join(names)})  # fmt: skip
    return council


def _make_post(actor: Actor, council: Council, name: str) -> CouncilPost:
    if len(name) > 30:
        raise DomainError("岗位名称不能超过30个字")
    group = org_actions.create_organization(actor, parent=council.organization, name=f"{name}党小组",
                                            kind=OrgKind.PARTY_GROUP, check_access=False)  # fmt: skip
    return CouncilPost.objects.create(council=council, name=name, group=group)


def add_post(actor: Actor, council: Council, name: str) -> CouncilPost:
    """A post by need (按需设置理事岗位), with its 党小组."""
    _can_change(actor, council.organization)
    name = name.strip()
    if not name:
        raise DomainError("请填写理事岗位名称")
    if council.posts.filter(name=name).exists():
        raise DomainError(f"已有“{name}”岗位")
    with transaction.atomic():
        post = _make_post(actor, council, name)
        audit.record(actor, "create", post, org=council.organization, changes={"理事岗位": name})
    return post


def volunteer(actor: Actor, council: Council, post: CouncilPost, *, kind: str, applied_on: dt.date,
              person: Person | None = None, name: str = "", specialty: str = "",
              today: dt.date | None = None) -> Councillor:  # fmt: skip
    """Anyone may volunteer (自愿申报): an editor enters it, or a person with an account applies."""
    own = person is not None and getattr(actor_user(actor), "person_id", None) == person.pk
    if not own:
        _can_change(actor, council.organization)
    elif not is_system(actor):
        require(in_scope(actor, council.org_path))
    today = today or timezone.localdate()
    _past(applied_on, today, "申报日期")
    if post.council_id != council.pk:
        raise DomainError("理事岗位不属于本理事会")
    if kind not in CouncillorKind.values:
        raise DomainError("请选择理事身份")
    if person is not None:
        if not person.org_path.startswith(council.org_path):
            raise DomainError("所选人员不在本村人员名册中")
        name = person.name
        if council.councillors.filter(person=person).exists():
            raise DomainError(f"{person.name}已申报本理事会理事")
    if kind == CouncillorKind.MEMBER_NO_POST and (person is None or not person.is_member):
        raise DomainError("“无职党员”须从人员名册中选择一名党员")
    if not name.strip():
        raise DomainError("请从人员名册中选择，或填写申报人姓名")
    with transaction.atomic():
        made = Councillor.objects.create(council=council, post=post, person=person, name=name.strip()[:50], kind=kind,
                                         specialty=specialty.strip(), applied_on=applied_on)  # fmt: skip
        audit.record(actor, "create", made, org=council.organization,
                     changes={"理事": made.name, "岗位": post.name, "身份": made.get_kind_display()})  # fmt: skip
    return made


def confirm(actor: Actor, councillor: Councillor, on: dt.date, today: dt.date | None = None) -> Councillor:
    """村党组织确认后开始履行职责 (seed 002); no term limit."""
    council = councillor.council
    _can_change(actor, council.organization)
    _past(on, today or timezone.localdate(), "确认日期")
    if on < councillor.applied_on:
        raise DomainError("确认日期不能早于申报日期")
    with transaction.atomic():
        # Conditional UPDATE: two confirmations at once confirm once.
        done = Councillor.objects.filter(pk=councillor.pk, status=CouncillorStatus.PENDING).update(
            status=CouncillorStatus.CONFIRMED, confirmed_on=on
        )
        if not done:
            raise DomainError("该理事已确认")
        audit.record(actor, "update", councillor, org=council.organization, changes={"状态": ["待确认", "已确认"]})
    councillor.refresh_from_db()
    return councillor


def elect_leader(actor: Actor, post: CouncilPost, leader: Councillor, *, elected_on: dt.date, voters: int,
                 votes: int, today: dt.date | None = None) -> LeaderElection:  # fmt: skip
    """组长由党员理事推选产生: the member-councillors of the post elect; the election is kept."""
    council = post.council
    _can_change(actor, council.organization)
    _past(elected_on, today or timezone.localdate(), "推选日期")
    electors = [c for c in post.councillors.select_related("person").filter(status=CouncillorStatus.CONFIRMED)
                if c.is_member]  # fmt: skip
    if leader.pk not in {c.pk for c in electors}:
        raise DomainError("组长应为本岗位已确认的党员理事")
    problem = rules.majority(votes, voters, len(electors))
    if problem:
        raise DomainError(problem)
    with transaction.atomic():
        election = LeaderElection.objects.create(post=post, leader=leader, elected_on=elected_on,
                                                 electors=len(electors), voters=voters, votes=votes)  # fmt: skip
        post.leader = leader
        post.save(update_fields=["leader", "updated_at"])
        _leader_post(actor, post, leader, elected_on)
        audit.record(actor, "update", post, org=council.organization,
                     changes={"党小组组长": leader.name, "得票": f"{votes}/{voters}"})  # fmt: skip
    return election


def _leader_post(actor: Actor, post: CouncilPost, leader: Councillor, on: dt.date) -> None:
    """The 党小组's 组长 as a party post of the person (the roster and the tree show it): the
    previous leader's post ends the day the new one is elected."""
    current = Post.objects.current_on(on).filter(organization=post.group, body=PostBody.PARTY,
                                                 title=PartyTitle.GROUP_LEADER)  # fmt: skip
    person_id = leader.person_id or 0  # a leader off the roster holds no post
    for old in current.exclude(person_id=person_id).select_related("person"):
        people.end_post(actor, old, max(on, old.start_on or on))
    if leader.person is not None and not current.filter(person_id=person_id).exists():
        people.add_post(actor, leader.person, body=PostBody.PARTY, title=PartyTitle.GROUP_LEADER,
                        organization=post.group, start_on=on)  # fmt: skip


def add_income(actor: Actor, council: Council, *, kind: str, received_on: dt.date, performances: int = 0,
               amount: int | None = None, note: str = "", today: dt.date | None = None) -> AccountEntry:  # fmt: skip
    """County money into the council's account (fen): 1 000 元 a year, 500 元 a 送戏下乡 show."""
    _can_change(actor, council.organization)
    _past(received_on, today or timezone.localdate(), "到账日期")
    if kind not in rules.EntryKind.values:
        raise DomainError("请选择收入类别")
    fen = rules.entry_amount(kind, performances, amount)
    try:
        with transaction.atomic():
            entry = AccountEntry.objects.create(
                council=council, kind=kind, received_on=received_on, year=received_on.year,
                performances=performances if kind == rules.EntryKind.PERFORMANCE else 0, amount=fen,
                note=note.strip(), entered_by=actor_name(actor))  # fmt: skip
            audit.record(actor, "create", entry, org=council.organization,
                         changes={"收入": rules.EntryKind(kind).label, "金额（分）": fen})  # fmt: skip
    except IntegrityError as exc:
        raise DomainError(f"{received_on.year}年的县拨年度经费已登记") from exc
    return entry


def balance(council: Council, on: dt.date | None = None) -> int:
    entries = council.entries.all()
    if on is not None:
        entries = entries.filter(received_on__lte=on)
    return int(entries.aggregate(total=Sum("amount"))["total"] or 0)


def _confirmed(council: Council, councillor: Councillor) -> None:
    if councillor.council_id != council.pk or councillor.status != CouncillorStatus.CONFIRMED:
        raise DomainError("请选择本理事会已确认的理事")


def _own_household(council: Council, household: Household | None) -> None:
    if household is not None and household.grid.organization_id != council.organization_id:
        raise DomainError(f"该农户不属于{council.organization.name}所在村，不能登记")


def add_target(actor: Actor, council: Council, *, kind: str, detail: str, name: str, councillor: Councillor,
               since: dt.date, household: Household | None = None, note: str = "",
               today: dt.date | None = None) -> CareTarget:  # fmt: skip
    _can_change(actor, council.organization)
    problem = rules.detail_problem(kind, detail)
    if problem:
        raise DomainError(problem)
    if kind in rules.RESTRICTED_KINDS and not (is_system(actor) or sees_restricted(actor, council)):
        raise DomainError("特殊人员只能由本支部书记或乡镇、县级工作人员登记")
    if not name.strip():
        raise DomainError("请填写关怀对象姓名")
    _past(since, today or timezone.localdate(), "列入日期")
    _confirmed(council, councillor)
    _own_household(council, household)
    with transaction.atomic():
        target = CareTarget.objects.create(council=council, org_path=council.org_path, kind=kind, detail=detail,
                                           name=name.strip(), household=household, councillor=councillor, since=since,
                                           note=note.strip())  # fmt: skip
        # The audit of a restricted target names no one (the audit page is read more widely).
        audit.record(actor, "create", target, org=council.organization,
                     changes={"类别": rules.TargetKind(kind).label,
                              "姓名": "（限制查看）" if target.restricted else target.name})  # fmt: skip
    return target


def add_care_record(actor: Actor, target: CareTarget, *, councillor: Councillor, cared_on: dt.date, content: str,
                    today: dt.date | None = None) -> CareRecord:  # fmt: skip
    council = target.council
    _can_change(actor, council.organization)
    if target.restricted and not (is_system(actor) or sees_restricted(actor, council)):
        require(False)
    _past(cared_on, today or timezone.localdate(), "关怀日期")
    if not content.strip():
        raise DomainError("请填写关怀内容")
    _confirmed(council, councillor)
    with transaction.atomic():
        record = CareRecord.objects.create(target=target, councillor=councillor, cared_on=cared_on,
                                           content=content.strip())  # fmt: skip
        audit.record(actor, "create", record, org=council.organization, changes={"关怀日期": cared_on.isoformat()})
    return record


def record_visit(actor: Actor, council: Council, *, councillor: Councillor, household: Household, visited_on: dt.date,
                 asked: str, done: str = "", deed: bool = False, problem: str = "",
                 today: dt.date | None = None) -> CouncilVisit:  # fmt: skip
    """每月走访所有农户一次: by an editor for a 理事, or by the 理事 themselves (their account)."""
    own = councillor.person_id is not None and getattr(actor_user(actor), "person_id", None) == councillor.person_id
    if not own:
        _can_change(actor, council.organization)
    elif not is_system(actor):
        require(in_scope(actor, council.org_path))
    _confirmed(council, councillor)
    _own_household(council, household)
    _past(visited_on, today or timezone.localdate(), "走访日期")
    if visited_on < council.founded_on:
        raise DomainError("走访日期不能早于理事会成立日期")
    if not asked.strip():
        raise DomainError("请填写群众诉求（了解到的情况）")
    if deed and not done.strip():
        raise DomainError("办了实事，请填写办理情况")
    with transaction.atomic():
        visit = CouncilVisit.objects.create(council=council, org_path=council.org_path, councillor=councillor,
                                            household=household, visited_on=visited_on, asked=asked.strip(),
                                            done=done.strip(), deed=deed, problem=problem.strip(),
                                            entered_by=actor_user(actor))  # fmt: skip
        queries.count_visit(visit)
        audit.record(actor, "create", visit, org=council.organization,
                     changes={"走访日期": visited_on.isoformat(), "办实事": deed})  # fmt: skip
    return visit


def visit_to_ledger(actor: Actor, visit: CouncilVisit, ledger_type: LedgerType) -> LedgerItem:
    """A problem found on a visit becomes a ledger item in one step (links both ways)."""
    _can_change(actor, visit.council.organization)
    if not visit.problem.strip():
        raise DomainError("这次走访没有登记发现的问题")
    return ledgers.item_from_source(actor, refs.ref(links.KIND, visit.pk), ledger_type)
