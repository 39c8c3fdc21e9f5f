from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/copy/", views.scheme_copy, name="scheme_copy"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/version/", views.scheme_version, name="scheme_version"),
    path("schemes/<int:pk>/diary/", views.diary_add, name="diary_add"),
    path("schemes/<int:pk>/targets/", views.target_sign, name="target_sign"),
    path("schemes/<int:pk>/rounds/", views.round_create, name="round_create"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/review/", views.round_review, name="round_review"),
    path("rounds/<int:pk>/report/", views.round_report, name="round_report"),
    path("rounds/<int:pk>/compute/", views.round_compute, name="round_compute"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<int:pk>/finalize/", views.round_finalize, name="round_finalize"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("orgs/<int:pk>/history/", views.org_history, name="history"),
    path("quotas/copy/", views.quota_copy, name="quota_copy"),
    path("quotas/<int:pk>/", views.quota_detail, name="quota"),
    path("quotas/<int:pk>/evidence/", views.quota_evidence, name="quota_evidence"),
    path("public/<int:org_id>/", views.public_board, name="board"),
]
