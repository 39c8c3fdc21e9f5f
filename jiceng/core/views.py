from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    org = getattr(request.user, "organization", None)
    if org is None:
        return render(request, "core/no_org.html", status=403)
    return redirect("organizations:dashboard", org_id=org.pk)


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
