from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .access import AuthedRequest
from .audit import ACTION_LABELS
from .models import AuditEvent


def home(request: HttpRequest) -> HttpResponse:
    org = getattr(request.user, "organization", None)
    if org is None:
        return render(request, "core/no_org.html", status=403)
    return redirect("organizations:dashboard", org_id=org.pk)


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def audit_log(request: AuthedRequest) -> HttpResponse:
    """The audit trail of the officer's subtree, newest first."""
    if not getattr(request.user, "is_officer", False):
        raise Http404
    events = AuditEvent.objects.visible_to(request.user)
    action = request.GET.get("action", "")
    if action in ACTION_LABELS:
        events = events.filter(action=action)
    if since := request.GET.get("since"):
        events = events.filter(at__date__gte=since) if len(since) == 10 else events
    if text := request.GET.get("q", "").strip():
        events = events.filter(object_repr__contains=text)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "actions": ACTION_LABELS, "action": action})
