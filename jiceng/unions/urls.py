from django.urls import path

from . import views

app_name = "unions"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("org/<int:org_id>/new/", views.union_new, name="union_new"),
    path("u/<int:pk>/", views.union, name="union"),
    path("u/<int:pk>/officer/", views.officer_new, name="officer_new"),
    path("u/<int:pk>/activity/", views.activity_new, name="activity_new"),
    path("u/<int:pk>/households/", views.households_add, name="households_add"),
    path("u/<int:pk>/proposal/", views.proposal_new, name="proposal_new"),
    path("u/<int:pk>/reward/", views.reward_new, name="reward_new"),
]
