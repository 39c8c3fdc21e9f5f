"""The 例会 section of the public board: the results of issues raised at 例会 / 片会 / 三委会.

Seed 004: "所有问题解决的结果都通过乡政务公开栏公开，且以一定形式通报到相关行政村" — the township's
board shows the results of its meetings' issues, a village's board those the village raised.
An issue whose text or result holds an ID or phone number, or the name of a person of the village
who holds no post (core.privacy; cadres may be named), is left out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Q

from jiceng.core import privacy

from .models import Issue
from .rules import REPORTING_KINDS

RECENT_DAYS = 90  # the board as it stands shows the results of the last three months


def section(org: Any, month: dt.date | None, today: dt.date | None = None) -> dict[str, Any] | None:
    from django.utils import timezone

    today = today or timezone.localdate()
    issues = Issue.objects.filter(meeting__kind__in=REPORTING_KINDS, resolved_on__isnull=False)
    if org.is_village_level:
        issues = issues.filter(Q(organization=org) | Q(meeting__organization=org))
    else:
        issues = issues.filter(meeting__organization=org)
    if month is None:
        issues = issues.filter(resolved_on__gte=today - dt.timedelta(days=RECENT_DAYS))
    else:
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        issues = issues.filter(resolved_on__gte=month, resolved_on__lte=end)
    rows = list(issues.select_related("meeting", "organization").order_by("-resolved_on", "-id")[:100])
    names = _villagers([i.organization or i.meeting.organization for i in rows], today)
    shown = [i for i in rows if not privacy.problems(f"{i.text}\n{i.resolution}", names.get(_org_id(i), ()))]
    return {"issues": shown}


def _org_id(issue: Issue) -> int:
    return int(issue.organization_id or issue.meeting.organization_id)


def _villagers(orgs: list[Any], today: dt.date) -> dict[int, list[str]]:
    """The names of each organization's people who hold no current post (one query)."""
    from jiceng.people.models import Person, Post

    out: dict[int, list[str]] = {}
    if not orgs:
        return out
    paths = {o.pk: o.path for o in orgs}
    match = Q()
    for path in set(paths.values()):
        match |= Q(org_path__startswith=path)
    rows = Person.objects.filter(match).exclude(pk__in=Post.objects.current_on(today).values("person_id"))
    found = list(rows.values_list("org_path", "name"))
    for pk, path in paths.items():
        out[pk] = [name for org_path, name in found if org_path.startswith(path)]
    return out
