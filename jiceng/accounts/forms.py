from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import lockout


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "locked": "登录失败次数过多，该账户已被暂时锁定，请%(minutes)s分钟后再试。",
    }

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        if username and lockout.is_locked(username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            ip = self.request.META.get("REMOTE_ADDR") if self.request else None
            lockout.record_failure(username, ip)
            raise
        lockout.clear(username)
        return cleaned
