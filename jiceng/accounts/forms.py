from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet

from jiceng.core.actor import display_name
from jiceng.people.models import Person
from jiceng.people.rules import PostBody, id_problem, normalize_id

from . import lockout
from . import rules as account_rules
from .models import Role, User

LOCKED = "登录失败次数过多，已暂时锁定，请%(minutes)s分钟后再试。"


class LockoutMixin:
    """Refuse before checking the password while (username, address) or the address is locked."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        ip = lockout.client_address(self.request)
        if username and lockout.is_locked(username, ip):
            raise forms.ValidationError(LOCKED, code="locked", params={"minutes": settings.LOGIN_LOCKOUT_MINUTES})
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            lockout.record_failure(username, ip)
            raise
        lockout.clear(username, ip)
        return cleaned  # type: ignore[no-any-return]


class LockoutAuthenticationForm(LockoutMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": "用户名或密码不正确。"}


class AdminLockoutAuthenticationForm(LockoutMixin, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": "用户名或密码不正确。"}


# ---------------------------------------------------------------- choosing people who act


def picker_label(user: User) -> str:
    """`李明（东一村党支部书记）`, `王芳（东镇党委·乡镇组织委员）`: a name, then what they are."""
    person = getattr(user, "person", None)
    posts = getattr(person, "current_posts", None) if person is not None else None
    if posts:
        what = "、".join(_post_label(p) for p in posts)
    else:
        org = user.organization
        what = f"{org.name}·{user.get_role_display()}" if org is not None else user.get_role_display()
    return f"{display_name(user)}（{what}）"


def _post_label(post: Any) -> str:
    if post.body == PostBody.PARTY:
        return f"{post.organization.name}{post.title_label}"
    return f"{post.get_body_display()}{post.title_label}"


class UserChoiceField(forms.ModelChoiceField):
    """A picker of accounts by name: label `姓名（职务/角色）`, never a login name.

    Give it `User.objects.acting_over(path)` (承办人, 审批人: who can see the record) or
    `User.objects.acting_in(path)`; members (read only) are not in those. Whatever queryset is
    set, later too, is read with the person and current posts in one go (`for_picker`).
    """

    def __init__(self, queryset: QuerySet[User] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", "姓名（职务/角色）")
        super().__init__(queryset if queryset is not None else User.objects.none(), **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(None if queryset is None else queryset.for_picker())  # type: ignore[misc]

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined,assignment]

    def label_from_instance(self, obj: Any) -> str:
        return picker_label(obj)


# ---------------------------------------------------------------- accounts for people, first login


class BulkCreateForm(forms.Form):
    role = forms.ChoiceField(label="账户角色", choices=())
    person = forms.ModelMultipleChoiceField(Person.objects.none(), label="人员", error_messages={
        "required": "请至少选择一人", "invalid_choice": "所选人员不在您的范围内",
        "invalid_pk_value": "人员编号不正确"})  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rank = account_rules.RANK.get(str(user.role), -1)
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if account_rules.RANK[v] < rank]  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.MEMBER
        self.fields["person"].queryset = Person.objects.visible_to(user).select_related("organization")  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    id_number = forms.CharField(label="人员的公民身份号码", max_length=18, min_length=18)

    def clean_id_number(self) -> str:
        number = normalize_id(self.cleaned_data["id_number"])
        if problem := id_problem(number):
            raise forms.ValidationError(problem)
        return number


class FirstLoginForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    code = forms.CharField(label="首次登录码", max_length=20)
    new_password1 = forms.CharField(label="设置密码", strip=False, widget=forms.PasswordInput)
    new_password2 = forms.CharField(label="再次输入密码", strip=False, widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", "两次输入的密码不一致")
        return data
