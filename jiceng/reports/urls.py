from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("orgs/", views.tree, name="tree"),
    path("orgs/<int:org_id>/", views.dashboard, name="dashboard"),
    path("orgs/<int:org_id>/children/", views.children, name="children"),
]
