from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api


def _public(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The API authenticates by bearer token itself: exempt it from the login redirect."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        else:
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns


api_patterns, app_name, namespace = api.urls
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", (_public(list(api_patterns)), app_name, namespace)),
    path("accounts/", include("jiceng.accounts.urls")),
    path("orgs/", include("jiceng.organizations.urls")),
    path("people/", include("jiceng.people.urls")),
    path("meetings/", include("jiceng.meetings.urls")),
    path("ledgers/", include("jiceng.ledgers.urls")),
    path("evaluations/", include("jiceng.evaluations.urls")),
    path("", include("jiceng.core.urls")),
]
