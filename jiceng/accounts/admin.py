from django.contrib import admin

from .forms import AdminLockoutAuthenticationForm

# The admin's login page counts failures like the site's own (it had no lockout at all).
admin.site.login_form = AdminLockoutAuthenticationForm
