from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("assessment.xlsx", views.assessment_xlsx, name="assessment_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/subjects/", views.add_subjects, name="add_subjects"),
    path("<int:pk>/subjects/<int:subject_id>/remove/", views.remove_subject, name="remove_subject"),
    path("<int:pk>/slips/", views.slips, name="slips"),
    path("<int:pk>/ballot.pdf", views.paper_ballot, name="paper_ballot"),
    path("<int:pk>/open/", views.open_round, name="open"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/signatures/", views.signatures, name="signatures"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/ballots.csv", views.ballots_file, name="ballots_file"),
    path("<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("<int:pk>/split/", views.split, name="split"),
    # Public: no account needed (villagers).
    path("v/<str:key>/", views.vote, name="vote"),
    path("p/<str:key>/", views.public, name="public"),
    path("p/<str:key>/recount.csv", views.recount, name="recount"),
]
