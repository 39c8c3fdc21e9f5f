from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.program, name="program"),
    path("<int:pk>/xlsx/", views.program_xlsx, name="program_xlsx"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/bases/", views.base_new, name="base_new"),
    path("bases/<int:pk>/session/", views.base_session, name="base_session"),
    path("files/<int:pk>/", views.detail, name="detail"),
    path("files/<int:pk>/step/", views.step, name="step"),
    path("files/<int:pk>/meeting/", views.link, name="link"),
    path("files/<int:pk>/loan/", views.loan, name="loan"),
    path("files/<int:pk>/commitment/", views.commitment, name="commitment"),
    path("files/<int:pk>/commitment.pdf", views.commitment_pdf, name="commitment_pdf"),
    path("files/<int:pk>/helped/", views.helped, name="helped"),
    path("files/<int:pk>/followup/", views.followup, name="followup"),
    path("files/<int:pk>/review/", views.review, name="review"),
    path("loans/<int:pk>/subsidy/", views.subsidy, name="subsidy"),
    path("loans/<int:pk>/repaid/", views.repaid, name="repaid"),
]
