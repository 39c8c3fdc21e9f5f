from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from .forms import LockoutAuthenticationForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
