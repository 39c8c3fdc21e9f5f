"""Read-side helpers: the township of an organization, default invitees, carried-over issues,
compliance per branch and attendance rates. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from jiceng.core.registry import requirement_sources
from jiceng.organizations.models import Area, Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person, Post
from jiceng.people.rules import Category, CommitteeTitle, PartyTitle, PostBody

from . import rules
from .models import (
    MONTH_FIELDS,
    Attendance,
    ComplianceRule,
    Issue,
    Meeting,
    MeetingTally,
    TownshipRule,
    VillageReport,
)
from .rules import Kind, Presence, Requirement, Status

BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COOP_BRANCH, OrgKind.REMOTE_BRANCH)


def township_of(org: Organization) -> Organization | None:
    if org.kind == OrgKind.TOWNSHIP_COMMITTEE:
        return org
    return org.ancestors().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("-depth").first()


def rule_for(org: Organization) -> TownshipRule | None:
    township = township_of(org)
    return TownshipRule.objects.filter(township=township).first() if township is not None else None


def township_secretary(township: Organization, on: dt.date | None = None) -> Person | None:
    """The 乡党委书记 on `on`: the current 书记 post of the township committee (seed 004's 乡党委主要负责人)."""
    post = (Post.objects.current_on(on or timezone.localdate())
            .filter(organization=township, body=PostBody.PARTY, title=PartyTitle.SECRETARY)
            .select_related("person").order_by("-start_on", "-pk").first())  # fmt: skip
    return post.person if post is not None else None


@dataclass(frozen=True)
class LeaveApprover:
    """Who decides leave for a township's meetings and why: the named approver, else the 乡党委书记."""

    user: Any  # the account that decides (None: nobody can, until one is named or the secretary has an account)
    person_name: str
    named: bool  # named in the township's rule (not the default)


def leave_approver(org: Organization) -> LeaveApprover:
    # Seed 004: "特殊情况应报请乡党委主要负责人批准同意" — the township's Party secretary by default,
    # another person when the township names one (TownshipRule.leave_approver); never any officer.
    township = township_of(org)
    rule = TownshipRule.objects.filter(township=township).select_related("leave_approver").first() if township else None
    if rule is not None and rule.leave_approver is not None:
        from jiceng.core.actor import display_name

        return LeaveApprover(rule.leave_approver, display_name(rule.leave_approver), named=True)
    secretary = township_secretary(township) if township is not None else None
    if secretary is None:
        return LeaveApprover(None, "", named=False)
    return LeaveApprover(accounts_of([secretary.pk]).get(secretary.pk), secretary.name, named=False)


def tally_subject(org: Organization) -> Organization:
    """Which organization a meeting counts for: a 党小组's meetings count for its branch."""
    if org.kind == OrgKind.PARTY_GROUP:
        parent = org.parent()
        if parent is not None:
            return parent
    return org


# --- invitees ----------------------------------------------------------------------------------

MAIN_CADRE_TITLES = Q(body=PostBody.PARTY, title=PartyTitle.SECRETARY) | Q(
    body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR
)


def default_invitees(org: Organization, kind: str, on: dt.date, area: Area | None = None) -> list[tuple[Person, str]]:
    """Who a meeting of `kind` normally invites, with a note on why (their post or category).

    例会: the villages' main cadres (seed 004: 村两委主要干部); 片会: the same, for the villages of
    one 片区; 三委会: every current member of the village's three committees (seed 000);
    村民代表会议: the village committee's members (组织法 Art. 25), the representatives added by hand;
    支委会: the branch committee (its current 书记, 副书记, 委员); 党小组会: the group's members; 党课 and
    the other party meetings (党员大会 included): every member of the branch, full and probationary.
    """
    if kind == Kind.COMMITTEE:
        return _post_holders(Post.objects.current_on(on).filter(organization=org, body=PostBody.PARTY,
                                                                  title__in=rules.COMMITTEE_TITLES))  # fmt: skip
    if kind == Kind.REPRESENTATIVES:
        posts = Post.objects.current_on(on).filter(organization=org, body=PostBody.VILLAGE_COMMITTEE)
        return _post_holders(posts, prefix="村委会")
    if kind in rules.TOWNSHIP_KINDS or kind == Kind.THREE_COMMITTEES:
        posts = Post.objects.current_on(on).filter(organization__path__startswith=org.path)
        if kind != Kind.THREE_COMMITTEES:
            posts = posts.filter(MAIN_CADRE_TITLES, organization__is_village_level=True)
        if kind == Kind.AREA and area is not None:
            posts = posts.filter(organization__village__in=area.villages.all())
        return _post_holders(posts, with_org=True)
    people = Person.objects.in_subtree(org).members().order_by("org_path", "name", "pk")
    return [(p, p.get_category_display()) for p in people]


def _post_holders(posts: Any, with_org: bool = False, prefix: str = "") -> list[tuple[Person, str]]:
    """The people holding `posts`, once each, noted with their posts ("东一村党支部书记、主任")."""
    posts = posts.select_related("person", "organization").order_by("organization__path", "body", "id")
    seen: dict[int, tuple[Person, str]] = {}
    for post in posts:
        # 监委会主任, not a second "主任" beside the village committee's
        title = f"监委会{post.title_label}" if post.body == PostBody.SUPERVISORY else post.title_label
        if post.person_id in seen:
            seen[post.person_id] = (seen[post.person_id][0], f"{seen[post.person_id][1]}、{title}")
        else:
            seen[post.person_id] = (post.person, f"{post.organization.name if with_org else prefix}{title}")
    return list(seen.values())


def accounts_of(person_ids: Iterable[int]) -> dict[int, Any]:
    """Active accounts that belong to these people, by person id (the accounts app links an
    account to its person: `User.person`, related name "account"). Empty while it does not."""
    from django.core.exceptions import FieldDoesNotExist

    from jiceng.accounts.models import User

    try:
        User._meta.get_field("person")
    except FieldDoesNotExist:
        return {}
    users = User.objects.filter(person_id__in=set(person_ids), is_active=True)
    return {u.person_id: u for u in users}  # type: ignore[attr-defined]


def seat_defaults(person: Person, kind: str) -> dict[str, bool]:
    # Probationary members have no vote (党章 Art. 7), every 村民代表 has one; mobile members start as "away".
    return {"voting": rules.seat_votes(kind, person.category == Category.FULL), "away": bool(person.is_mobile)}


# --- meeting page data ------------------------------------------------------------------------


def carried_over(meeting: Meeting) -> list[Issue]:
    """Open issues raised at earlier meetings of the same organizer: on this meeting's agenda."""
    qs = Issue.objects.filter(
        meeting__organization=meeting.organization, meeting__held_on__lt=meeting.held_on, resolved_on__isnull=True
    ).exclude(meeting=meeting)
    return list(qs.select_related("meeting", "organization").order_by("deadline", "id"))


def quorum_of(meeting: Meeting, attendances: list[Attendance] | None = None) -> rules.Quorum:
    rows = attendances if attendances is not None else list(meeting.attendances.all())
    return rules.quorum([a.seat() for a in rows], meeting.exclude_away, meeting.kind)


# --- compliance -------------------------------------------------------------------------------


@dataclass
class BranchCompliance:
    branch_id: int
    name: str
    path: str
    parent_name: str
    full_members: int
    kinds: list[rules.KindCompliance] = field(default_factory=list)

    @property
    def behind(self) -> list[rules.KindCompliance]:
        return [k for k in self.kinds if not k.ok]

    @property
    def assessed(self) -> bool:
        """Whether any period has been judged yet (none has in January, or just after founding)."""
        return any(k.owed for k in self.kinds)

    @property
    def ok(self) -> bool:
        # Issue 10.1: nothing judged yet is not 达标 — never shown green, only as 尚未评定.
        return self.assessed and not self.behind

    @property
    def status(self) -> str:
        return "behind" if self.behind else "ok" if self.assessed else "pending"


def requirements_for(path: str, overrides: Sequence[tuple[str, str, str, int]]) -> list[Requirement]:
    """The defaults, overridden by the rule of the nearest organization above `path` (longest prefix)."""
    chosen: dict[str, tuple[int, Requirement]] = {r.kind: (-1, r) for r in rules.DEFAULT_REQUIREMENTS}
    for org_path, kind, period, required in overrides:
        if path.startswith(org_path) and len(org_path) > chosen.get(kind, (-1, None))[0]:
            chosen[kind] = (len(org_path), Requirement(kind, period, required))
    return [req for _, req in chosen.values() if req.required > 0]


def _branch_of(path: str, branch_paths: dict[str, int]) -> int | None:
    for end in range(len(path), 0, -4):
        found = branch_paths.get(path[:end])
        if found is not None:
            return found
    return None


def _add_counted_elsewhere(monthly: dict[tuple[int, str], dict[int, int]], root: Organization, year: int,
                           paths: dict[str, int]) -> None:  # fmt: skip
    """Records other apps register as meeting a requirement (a published 民主评议 round counts as
    the year's 民主评议党员: entered once, issue 10.8), added to the branch of each record's organization."""
    for source in requirement_sources():
        for org_path, month in source.count(root.path, year):
            branch = _branch_of(org_path, paths)
            if branch is not None:
                months = monthly.setdefault((branch, source.kind), {})
                months[month] = months.get(month, 0) + 1


def counted_elsewhere() -> list[str]:
    """What the compliance page says is counted besides meetings: "民主评议党员：已公布的党员评议（评议模块）"."""
    return [f"{Kind(s.kind).label}：{s.label}" for s in requirement_sources() if s.kind in Kind.values]


def compliance(root: Organization, year: int, as_of: dt.date | None = None) -> list[BranchCompliance]:
    """Each active branch under `root`: required counts by kind against the held meetings of `year`.

    A branch owes its meetings from its founding date (`Organization.compliance_since`: 成立日期,
    or 1 January of the year it was first recorded when that is unknown), not from the day its
    record was imported (issue 10.1); an ended period with nothing recorded is not met."""
    as_of = as_of or timezone.localdate()
    branches = [
        (org.pk, org.name, org.path, org.compliance_since)
        for org in Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS,
                                               dissolved_on__isnull=True)
        .order_by("path").only("pk", "name", "path", "founded_on", "created_at")
    ]  # fmt: skip
    paths = {path: pk for pk, _, path, _ in branches}
    names = dict(Organization.objects.filter(path__in={p[: len(p) - 4] for p in paths}).values_list("path", "name"))
    full: dict[int, int] = {}
    members = (Person.objects.in_subtree(root).filter(category=Category.FULL).values("org_path")
               .annotate(n=Count("pk")).values_list("org_path", "n"))  # fmt: skip
    for org_path, n in members:
        branch = _branch_of(org_path, paths)
        if branch is not None:
            full[branch] = full.get(branch, 0) + n
    grouped = {
        _branch_of(p[: len(p) - 4], paths)
        for p in Organization.objects.filter(path__startswith=root.path, kind=OrgKind.PARTY_GROUP,
                                             dissolved_on__isnull=True).values_list("path", flat=True)
    }  # fmt: skip
    monthly: dict[tuple[int, str], dict[int, int]] = {}
    tallies = MeetingTally.objects.filter(year=year, branch_path__startswith=root.path)
    for branch_id, kind, *months in tallies.values_list("branch_id", "kind", *MONTH_FIELDS):
        monthly[(branch_id, kind)] = {m: n for m, n in enumerate(months, 1) if n}
    _add_counted_elsewhere(monthly, root, year, paths)
    prefixes = [root.path[:end] for end in range(4, len(root.path) + 1, 4)]
    overrides = list(
        ComplianceRule.objects.filter(
            Q(organization__path__in=prefixes) | Q(organization__path__startswith=root.path)
        ).values_list("organization__path", "kind", "period", "required")
    )
    out = []
    for pk, name, path, since in branches:
        row = BranchCompliance(pk, name, path, names.get(path[:-4], ""), full.get(pk, 0))
        for req in requirements_for(path, overrides):
            if rules.applies(req.kind, row.full_members, pk in grouped):
                row.kinds.append(rules.judge(req, year, since, as_of, monthly.get((pk, req.kind), {})))
        out.append(row)
    return out


# --- attendance rates and 例会 figures ----------------------------------------------------------

ATTENDED = Q(presence__in=rules.ATTENDED)


def attendance_rates(root: Organization, year: int) -> list[dict[str, Any]]:
    """Per person: meetings held in `year` they were invited to, attended, were excused from."""
    rows = (
        Attendance.objects.filter(
            meeting__org_path__startswith=root.path, meeting__status=Status.HELD, meeting__held_on__year=year
        )
        .values("person_id", "person__name", "person__organization__name")
        .annotate(
            invited=Count("pk"),
            came=Count("pk", filter=ATTENDED),
            excused=Count("pk", filter=Q(presence=Presence.EXCUSED)),
        )
        .order_by("person__organization__name", "person__name")
    )
    return [
        {"person_id": r["person_id"], "name": r["person__name"], "organization": r["person__organization__name"],
         "invited": r["invited"], "attended": r["came"], "excused": r["excused"],
         "rate": rules.attendance_rate(r["invited"], r["came"])}
        for r in rows
    ]  # fmt: skip


def regular_meeting_figures(township: Organization, year: int) -> list[dict[str, Any]]:
    """Per village: 例会 attendance of its cadres and report quality (fed to the assessment later)."""
    held = Q(meeting__organization=township, meeting__kind=Kind.REGULAR, meeting__status=Status.HELD,
             meeting__held_on__year=year)  # fmt: skip
    attendance = (Attendance.objects.filter(held).values("person__organization__name")
                  .annotate(invited=Count("pk"), came=Count("pk", filter=ATTENDED)))  # fmt: skip
    figures: dict[str, dict[str, Any]] = {}
    for r in attendance:
        figures[r["person__organization__name"]] = {"invited": r["invited"], "attended": r["came"],
                                                    "reports": 0, "quality_sum": 0, "rated": 0}  # fmt: skip
    for report in VillageReport.objects.filter(held).values("organization__name", "quality"):
        empty = {"invited": 0, "attended": 0, "reports": 0, "quality_sum": 0, "rated": 0}
        entry = figures.setdefault(report["organization__name"], empty)
        entry["reports"] += 1
        if report["quality"]:
            entry["quality_sum"] += report["quality"]
            entry["rated"] += 1
    return [
        {"organization": name, **f, "rate": rules.attendance_rate(f["invited"], f["attended"]),
         "quality": round(f["quality_sum"] / f["rated"], 2) if f["rated"] else None}
        for name, f in sorted(figures.items())
    ]  # fmt: skip


@dataclass
class GroupSummary:
    """One child organization of a county (a township): how many of its branches are behind, on what."""

    org_id: int
    name: str
    branches: int = 0
    behind: int = 0
    pending: int = 0  # branches with no period judged yet (尚未评定)
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def kinds_text(self) -> str:
        return "、".join(f"{Kind(k).label} {n}" for k, n in sorted(self.by_kind.items(), key=lambda kv: -kv[1]))


def summarize(root: Organization, rows: list[BranchCompliance]) -> list[GroupSummary]:
    """Roll branch rows up to the children of `root` (the county view of the dashboard)."""
    step = len(root.path) + 4
    children = {o.path: GroupSummary(o.pk, o.name) for o in root.children_qs().active().order_by("name")}
    for row in rows:
        group = children.get(row.path[:step])
        if group is None:
            continue
        group.branches += 1
        group.pending += row.status == "pending"
        if row.behind:
            group.behind += 1
            for k in row.behind:
                group.by_kind[k.kind] = group.by_kind.get(k.kind, 0) + 1
    return [g for g in children.values() if g.branches]


# --- a person's own page ----------------------------------------------------------------------


def my_meetings(user: Any, today: dt.date) -> dict[str, Any] | None:
    """The meetings section of the logged-in person's own page: their meetings this week (Monday
    to Sunday), leave requests they asked that wait for a decision, and their unread notices."""
    from .models import LeaveRequest, Notice
    from .rules import LeaveStatus

    if not getattr(user, "is_authenticated", False):
        return None
    person = getattr(user, "person", None)
    monday = today - dt.timedelta(days=today.weekday())
    week: list[Attendance] = []
    if person is not None:
        week = list(
            Attendance.objects.filter(person=person, meeting__held_on__range=(monday, monday + dt.timedelta(days=6)))
            .exclude(meeting__status=Status.CANCELLED)
            .select_related("meeting", "meeting__organization", "leave")
            .order_by("meeting__starts_at", "pk")
        )
    asked = Q(requested_by=user) | (Q(attendance__person=person) if person is not None else Q())
    pending = list(
        LeaveRequest.objects.filter(asked, status=LeaveStatus.PENDING)
        .select_related("attendance__meeting", "attendance__person")
        .order_by("attendance__meeting__starts_at", "pk")[:50]
    )
    unread = list(Notice.objects.for_user(user).filter(read_at__isnull=True).select_related("meeting", "person")[:50])
    if not (week or pending or unread):
        return None
    return {"week_start": monday, "my_week": week, "my_pending_leave": pending, "my_unread_notices": unread}
