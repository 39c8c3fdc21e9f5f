from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.village, name="village"),
    path("org/<int:pk>/team/", views.team_new, name="team_new"),
    path("org/<int:pk>/league/", views.league, name="league"),
    path("org/<int:pk>/league/save/", views.league_save, name="league_save"),
    path("org/<int:pk>/league/member/", views.league_member, name="league_member"),
    path("org/<int:pk>/league/xlsx/", views.league_xlsx, name="league_xlsx"),
    path("team/<int:pk>/", views.team, name="team"),
    path("team/<int:pk>/members/", views.team_members, name="team_members"),
    path("team/<int:pk>/service/", views.service_new, name="service_new"),
    path("team/<int:pk>/xlsx/", views.team_xlsx, name="team_xlsx"),
    path("org/<int:pk>/league/dues/", views.league_dues, name="league_dues"),
    path("org/<int:pk>/league/recommend/", views.recommend, name="recommend"),
    path("org/<int:pk>/league/leave/", views.league_leave, name="league_leave"),
]
