from django.urls import path

from . import import_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("export.xlsx", views.person_export, name="export"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/transfer/", views.person_transfer, name="transfer"),
    path("<int:pk>/posts/", views.post_add, name="post_add"),
    path("<int:pk>/reserve/", views.reserve_add, name="reserve_add"),
    path("posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("cadres/", views.cadres, name="cadres"),
    path("roster/", import_views.roster_import, name="roster_import"),
    path("roster/jobs/<int:pk>/", import_views.roster_job, name="roster_job"),
    path("roster/jobs/<int:pk>/errors.xlsx", import_views.roster_job_errors, name="roster_job_errors"),
    path("roster/template.xlsx", import_views.roster_template, name="roster_template"),
    path("roster/export/<int:org_id>.xlsx", import_views.roster_export, name="roster_export"),
]
