from django.urls import path

from . import ops, views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("healthz", ops.healthz, name="healthz"),
    path("schedules/", ops.schedule_list, name="schedules"),
    path("schedules/<str:name>/run/", ops.schedule_run, name="schedule_run"),
    path("audit/", views.audit_log, name="audit_log"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:pk>/remove/", views.calendar_remove, name="calendar_remove"),
]
