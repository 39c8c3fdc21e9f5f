from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("print.pdf", views.export_pdf, name="print"),
    path("new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("from-meeting-issue/<int:issue_id>/", views.from_meeting_issue, name="from_meeting_issue"),
    path("from-duty-entry/<int:entry_id>/", views.from_duty_entry, name="from_duty_entry"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("items/<int:pk>/unpublish/", views.item_unpublish, name="item_unpublish"),
    path("stats/", views.statistics, name="stats"),
    path("public/<int:org_id>/", views.public_board, name="public"),
    path("types/", views.types, name="types"),
    path("types/new/", views.type_create, name="type_create"),
    path("types/<int:pk>/", views.type_detail, name="type_detail"),
    path("types/<int:pk>/edit/", views.type_edit, name="type_edit"),
    path("types/<int:pk>/copy/", views.type_copy, name="type_copy"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("liaisons/", views.liaisons, name="liaisons"),
    path("liaisons/<int:pk>/end/", views.liaison_end, name="liaison_end"),
    path("liaisons/<int:pk>/diary/", views.diary, name="diary"),
]
