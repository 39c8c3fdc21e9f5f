from django.urls import path

from . import views

app_name = "duty"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:org_id>/", views.village, name="village"),
    path("<int:org_id>/rota/", views.rota, name="rota"),
    path("<int:org_id>/board.pdf", views.board, name="board"),
    path("<int:org_id>/log/", views.new_entry, name="new_entry"),
    path("<int:org_id>/log.xlsx", views.log_xlsx, name="log_xlsx"),
]
