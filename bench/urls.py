"""The app's URLs plus the bench's baseline page (used only by `make bench`, never served)."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from jiceng.organizations.models import Organization
from jiceng.urls import urlpatterns as app_urlpatterns

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}基准{% endblock %}{% block content %}<p>{{ org.name }}</p>{% endblock %}'
)


def baseline(request: HttpRequest) -> HttpResponse:
    """A login-protected page with the base template and one indexed query (by primary key)."""
    org = Organization.objects.filter(pk=getattr(request.user, "organization_id", None)).first()
    return HttpResponse(PAGE.render({"org": org}, request))


# The patterns themselves, not include("jiceng.urls"): that module's `app_name` (from the API)
# would put every name in a namespace.
urlpatterns = [path("bench-baseline/", baseline), *app_urlpatterns]
