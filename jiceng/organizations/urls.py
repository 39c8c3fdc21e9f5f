from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("<int:org_id>/", views.dashboard, name="dashboard"),
]
