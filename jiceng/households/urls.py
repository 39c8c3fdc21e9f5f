from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("grids/", views.grids, name="grids"),
    path("grids/<int:pk>/", views.grid_detail, name="grid_detail"),
    path("grids/<int:pk>/import/", views.grid_import, name="grid_import"),
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
]
