from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    # The tree and the dashboard are shown by `reports`; these names and addresses redirect there.
    path("", views.tree, name="tree"),
    path("<int:org_id>/", views.dashboard, name="dashboard"),
    path("<int:org_id>/children/", views.children, name="children"),
    path("<int:org_id>/create/", views.create_child, name="create_child"),
    path("<int:org_id>/rename/", views.rename, name="rename"),
    path("<int:org_id>/details/", views.details, name="details"),
    path("<int:org_id>/move/", views.move, name="move"),
    path("<int:org_id>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:org_id>/areas/", views.areas, name="areas"),
]
