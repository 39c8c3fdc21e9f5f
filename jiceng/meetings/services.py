"""Read-side helpers: the township of an organization, default invitees, carried-over issues,
compliance per branch and attendance rates. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

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
    村民代表会议: chosen by hand; party meetings: the members of the organizing branch or group.
    """
    if kind == Kind.REPRESENTATIVES:
        return []
    if kind in rules.TOWNSHIP_KINDS or kind == Kind.THREE_COMMITTEES:
        posts = Post.objects.current_on(on).filter(organization__path__startswith=org.path)
        if kind != Kind.THREE_COMMITTEES:
            posts = posts.filter(MAIN_CADRE_TITLES, organization__is_village_level=True)
        if kind == Kind.AREA and area is not None:
            posts = posts.filter(organization__village__in=area.villages.all())
        posts = posts.select_related("person", "organization").order_by("organization__path", "body", "id")
        seen: dict[int, tuple[Person, str]] = {}
        for post in posts:
            note = f"{post.organization.name}{post.title_label}"
            if post.person_id in seen:
                seen[post.person_id] = (seen[post.person_id][0], f"{seen[post.person_id][1]}、{post.title_label}")
            else:
                seen[post.person_id] = (post.person, note)
        return list(seen.values())
    people = Person.objects.in_subtree(org).members().order_by("org_path", "name", "pk")
    return [(p, p.get_category_display()) for p in people]


def seat_defaults(person: Person) -> dict[str, bool]:
    # Probationary members have no vote (党章 Art. 7); mobile members start as "away".
    return {"voting": person.category == Category.FULL, "away": bool(person.is_mobile)}


# --- meeting page data ------------------------------------------------------------------------


def carried_over(meeting: Meeting) -> list[Issue]:
    """Open issues raised at earlier meetings of the same organizer: on this meeting's agenda."""
    qs = Issue.objects.filter(
        meeting__organization=meeting.organization, meeting__held_on__lt=meeting.held_on, resolved_on__isnull=True
    ).exclude(meeting=meeting)
    return list(qs.select_related("meeting", "organization").order_by("deadline", "id"))


def quorum_of(meeting: Meeting, attendances: list[Attendance] | None = None) -> rules.Quorum:
    rows = attendances if attendances is not None else list(meeting.attendances.all())
    return rules.quorum([a.seat() for a in rows], meeting.exclude_away)


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
    def ok(self) -> bool:
        return not self.behind


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


def compliance(root: Organization, year: int, as_of: dt.date | None = None) -> list[BranchCompliance]:
    """Each active branch under `root`: required counts by kind against the held meetings of `year`."""
    as_of = as_of or timezone.localdate()
    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS, dissolved_on__isnull=True)
        .order_by("path")
        .values_list("pk", "name", "path", "created_at")
    )
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
    prefixes = [root.path[:end] for end in range(4, len(root.path) + 1, 4)]
    overrides = list(
        ComplianceRule.objects.filter(
            Q(organization__path__in=prefixes) | Q(organization__path__startswith=root.path)
        ).values_list("organization__path", "kind", "period", "required")
    )
    out = []
    for pk, name, path, created in branches:
        since = timezone.localdate(created)
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
        if not row.ok:
            group.behind += 1
            for k in row.behind:
                group.by_kind[k.kind] = group.by_kind.get(k.kind, 0) + 1
    return [g for g in children.values() if g.branches]
