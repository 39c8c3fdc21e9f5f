from django.urls import path

from . import views

app_name = "openness"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("checks/", views.checks, name="checks"),
    path("checks/<int:pk>/done/", views.check_done, name="check_done"),
    path("rules/", views.rules_page, name="rules"),
    path("procedures/", views.procedures, name="procedures"),
    path("procedures/<int:pk>/", views.procedure, name="procedure"),
    path("procedures/<int:pk>/move/", views.procedure_move, name="procedure_move"),
    path("procedures/<int:pk>/link/", views.procedure_link, name="procedure_link"),
    path("procedures/<int:pk>/publish/", views.procedure_publish, name="procedure_publish"),
    # Public pages: no login (the village's or township's board, its archive, one item, the A4 sheets).
    path("board/<int:org_id>/", views.board, name="board"),
    path("board/<int:org_id>/archive/", views.archive, name="archive"),
    path("board/<int:org_id>/<str:month>/", views.board_month, name="board_month"),
    path("board/<int:org_id>/poster.pdf", views.poster, name="poster"),
    path("board/<int:org_id>/board.pdf", views.board_pdf, name="board_pdf"),
    path("item/<int:pk>/", views.public_publication, name="publication"),
]
