"""The pages that show organizations with their figures: the tree and each organization's
dashboard (概况: figures, charts, children, and the officers' management forms).

They read organizations, people and the statistics, so they live here, in the app above the
others; the forms post to `organizations` (its actions), which redirects back here.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.meetings import services as meeting_services
from jiceng.organizations.forms import ChildForm, DetailsForm, DissolveForm, MoveForm, RenameForm
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import BRANCH_PROPER_KINDS, OrgKind
from jiceng.people.rules import MEMBER_CATEGORIES

from . import charts
from .branches import branch_sizes
from .stats import org_stats, org_stats_many

CHILDREN_SHOWN = 200


def _org(request: AuthedRequest, org_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.select_related("village"), request.user, pk=org_id)


def tree(request: AuthedRequest) -> HttpResponse:
    root = request.user.organization
    if root is None:
        raise Http404
    return render(request, "reports/tree.html", {"root": root, "nodes": _nodes(request, root)})


def children(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    return render(request, "reports/tree.html#nodes", {"nodes": _nodes(request, org)})


def _nodes(request: AuthedRequest, org: Organization) -> list[Organization]:
    qs = org.children_qs()
    if request.GET.get("dissolved") != "1":
        qs = qs.active()
    members = Q(people__category__in=MEMBER_CATEGORIES)
    return list(qs.annotate(member_count=Count("people", filter=members)).order_by("name"))


def dashboard(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    today = timezone.localdate()
    stats = org_stats(org, today)
    kids = list(org.children_qs().active().order_by("name")[:CHILDREN_SHOWN])
    kid_stats = org_stats_many(kids, today)
    user = request.user
    context = {
        "org": org, "stats": stats, "figures": charts.figures(stats), "charts": _charts(org, stats, today),
        "children": [(child, kid_stats[child.pk]) for child in kids], "ancestors": _ancestors(request, org),
        "can_manage": user.has_perm("organizations.change_org", org),
        "can_move": user.has_perm("organizations.move_org", org),
        "child_form": ChildForm(parent=org), "rename_form": RenameForm(initial={"name": org.name}),
        "details_form": DetailsForm(initial={"founded_on": org.founded_on, "division_code": org.division_code}),
        "dissolve_form": DissolveForm(initial={"on": today}),
        "compliance": _compliance(org, today),
        "branch_sizes": branch_sizes(org) if org.kind in SIZE_SHOWN and not org.is_dissolved else [],
    }  # fmt: skip
    if context["can_move"]:  # its choices are every organization of the subtree: only when shown
        context["move_form"] = MoveForm(user=user, org=org)
    return render(request, "reports/dashboard.html", context)


ABOVE_TOWNSHIP = (OrgKind.COUNTY_COMMITTEE, OrgKind.CITY_COMMITTEE, OrgKind.PROVINCE_COMMITTEE)
# Where the branch-size warnings show (issue 10.7): a branch's own page and its township's.
SIZE_SHOWN = (OrgKind.TOWNSHIP_COMMITTEE, OrgKind.GENERAL_BRANCH, *BRANCH_PROPER_KINDS)
# Above a county the 三会一课 card is left to the compliance page (a province's branches by the thousand).
COMPLIANCE_SHOWN_ABOVE = (OrgKind.CITY_COMMITTEE, OrgKind.PROVINCE_COMMITTEE)


def compliance_year(today: dt.date) -> int:
    """The year of the last month that has ended: in January the dashboard shows last year's
    verdicts instead of a year in which nothing could be judged yet."""
    return (today.replace(day=1) - dt.timedelta(days=1)).year


def _compliance(org: Organization, today: dt.date) -> dict[str, Any] | None:
    """三会一课 of the subtree's branches (issue 10.1): behind, met, and not judged yet — a branch
    that recorded nothing in an ended period is behind, one with nothing judged is never green."""
    if org.kind == OrgKind.PARTY_GROUP or org.kind in COMPLIANCE_SHOWN_ABOVE or org.is_dissolved:
        return None
    year = compliance_year(today)
    rows = meeting_services.compliance(org, year, as_of=today)
    if not rows:
        return None
    behind = [r for r in rows if r.behind]
    groups = meeting_services.summarize(org, rows) if org.kind in ABOVE_TOWNSHIP else None
    return {"year": year, "total": len(rows), "behind": behind[:CHILDREN_SHOWN], "behind_count": len(behind),
            "ok_count": sum(r.ok for r in rows), "pending_count": sum(r.status == "pending" for r in rows),
            "groups": groups}  # fmt: skip


def _charts(org: Organization, stats: dict[str, Any], today: Any) -> dict[str, str]:
    education = stats["members"]["education"]
    options = {
        "pyramid": charts.pyramid(org, today),
        "education": charts.bar(list(education), list(education.values())),
        "categories": charts.pie({charts.PEOPLE_LABELS[k]: v for k, v in stats["people"].items()}),
    }
    return {name: json.dumps(option, ensure_ascii=False) for name, option in options.items()}


def _ancestors(request: AuthedRequest, org: Organization) -> list[Organization]:
    own = request.user.organization
    if own is None:
        return []
    return [a for a in org.ancestors().order_by("depth") if a.path.startswith(own.path)]
