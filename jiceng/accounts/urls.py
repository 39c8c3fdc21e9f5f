from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("first-login/", views.first_login, name="first_login"),
    path("me/", views.my_page, name="my_page"),
    path("manage/", views.account_list, name="account_list"),
    path("manage/new/", views.account_create, name="account_create"),
    path("manage/codes/", views.account_codes, name="account_codes"),
    path("manage/<int:pk>/link/", views.account_link, name="account_link"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
