from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("person/<int:pk>/", views.person_hours, name="person"),
    path("shortfall/<int:org_id>/", views.shortfall, name="shortfall"),
    path("shortfall/<int:org_id>/export/", views.shortfall_export, name="shortfall_export"),
    path("meeting/<int:pk>/credit/", views.credit, name="credit"),
]
