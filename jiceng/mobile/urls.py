from django.urls import path

from . import views

app_name = "mobile"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/card/", views.card, name="card"),
    path("<int:pk>/receiving/", views.receiving, name="receiving"),
    path("<int:pk>/contact/", views.contact, name="contact"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/lost/", views.lost, name="lost"),
    path("<int:pk>/keeper/", views.keeper, name="keeper"),
    path("<int:pk>/return/", views.returned, name="return"),
]
