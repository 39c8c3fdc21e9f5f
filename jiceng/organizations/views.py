from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jiceng.core.access import get_visible_or_404
from jiceng.reports.stats import org_stats

from .models import Organization


def dashboard(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    stats = org_stats(org, timezone.localdate())
    children = org.get_children().active()
    return render(request, "organizations/dashboard.html", {"org": org, "stats": stats, "children": children})
