from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.notice_pdf, name="pdf"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/record/", views.record, name="record"),
    path("objections/<int:pk>/move/", views.move, name="move"),
    path("settings/", views.settings_page, name="settings"),
    # Public pages: no login (the village's board, a notice with its objection form, receipts).
    path("board/<int:org_id>/", views.board, name="board"),
    path("public/<int:pk>/", views.public, name="public"),
    path("receipt/", views.receipt, name="receipt"),
]
