from django.urls import path

from . import views

app_name = "selection"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/positions/", views.add_position, name="add_position"),
    path("<int:pk>/candidates/", views.add_candidate, name="add_candidate"),
    path("<int:pk>/rounds/", views.record_round, name="record_round"),
    path("<int:pk>/talks/", views.record_talk, name="record_talk"),
    path("<int:pk>/candidates/<int:cid>/test/", views.record_test, name="record_test"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/election/", views.record_election, name="record_election"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/tally.xlsx", views.tally_xlsx, name="tally_xlsx"),
    path("<int:pk>/preview.pdf", views.preview_pdf, name="preview_pdf"),
]
