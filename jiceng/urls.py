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
    path("households/", include("jiceng.households.urls")),
    path("meetings/", include("jiceng.meetings.urls")),
    path("training/", include("jiceng.training.urls")),
    path("dues/", include("jiceng.dues.urls")),
    path("mobile/", include("jiceng.mobile.urls")),
    path("talents/", include("jiceng.talents.urls")),
    path("duty/", include("jiceng.duty.urls")),
    path("development/", include("jiceng.development.urls")),
    path("economy/", include("jiceng.economy.urls")),
    path("programs/", include("jiceng.programs.urls")),
    path("ledgers/", include("jiceng.ledgers.urls")),
    path("evaluations/", include("jiceng.evaluations.urls")),
    path("selection/", include("jiceng.selection.urls")),
    path("pay/", include("jiceng.pay.urls")),
    path("volunteers/", include("jiceng.volunteers.urls")),
    path("councils/", include("jiceng.councils.urls")),
    path("assistance/", include("jiceng.assistance.urls")),
    path("unions/", include("jiceng.unions.urls")),
    path("notices/", include("jiceng.notices.urls")),
    path("openness/", include("jiceng.openness.urls")),
    path("reports/", include("jiceng.reports.urls")),
    path("assessments/", include("jiceng.assessments.urls")),
    path("", include("jiceng.core.urls")),
]
