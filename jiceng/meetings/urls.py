from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/notify/", views.notify, name="notify"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/decisions/", views.decision, name="decision"),
    path("<int:pk>/reports/", views.report, name="report"),
    path("<int:pk>/issues/", views.issue, name="issue"),
    path("<int:pk>/attachments/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/attendance.pdf", views.attendance_pdf, name="attendance_pdf"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("decisions/<int:pk>/vote/", views.vote, name="vote"),
    path("issues/", views.issues, name="issues"),
    path("issues/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.notice, name="notice"),
    path("inbox/<int:pk>/leave/", views.notice_leave, name="notice_leave"),
    path("compliance/<int:org_id>/", views.compliance, name="compliance"),
    path("compliance/<int:org_id>/export/", views.compliance_export, name="compliance_export"),
    path("compliance/<int:org_id>/attendance/", views.rates, name="rates"),
    path("rules/<int:org_id>/", views.rules_page, name="rules"),
]
