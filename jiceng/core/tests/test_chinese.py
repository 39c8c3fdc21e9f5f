"""Chinese everywhere (issue 10.10): placeholders, Django's own messages, the error pages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver

from jiceng.organizations.models import Organization

ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


def test_an_optional_choice_offers_a_chinese_empty_label(tree: Any) -> None:
    class Pick(forms.Form):
        org = forms.ModelChoiceField(Organization.objects.all(), required=False)

    html = str(Pick()["org"])
    assert '<option value="" selected>请选择</option>' in html
    assert "Select" not in html and "---" not in html


def test_a_model_field_with_choices_offers_the_chinese_empty_label(tree: Any) -> None:
    from django.forms import modelform_factory

    from jiceng.organizations.models import Organization as Org

    form = modelform_factory(Org, fields=["kind"])()
    field: Any = form["kind"].field
    first = next(iter(field.choices))
    assert first == ("", "请选择")


def test_a_browser_asking_for_english_still_gets_chinese_messages(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["county_officer"])
    response = client.post("/calendar/", {"day": "", "name": ""}, headers=ENGLISH)
    body = response.content.decode()
    assert "这个字段是必填项。" in body
    assert "This field is required" not in body
    assert response.headers.get("Content-Language", "zh-hans") == "zh-hans"


def test_the_admin_login_is_chinese_for_an_english_browser(tree: Any) -> None:
    body = Client().get("/admin/login/", headers=ENGLISH).content.decode()
    assert "用户名" in body and "Username" not in body and "Log in" not in body


def _assert_error_page(response: Any, status: int, words: str) -> str:
    body = response.content.decode()
    assert response.status_code == status
    assert words in body
    assert 'name="viewport"' in body and 'href="/"' in body  # fits a phone, a way home
    for english in ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF"):
        assert english not in body
    return body


@override_settings(DEBUG=False)
def test_an_unknown_address_answers_a_chinese_404(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["township_officer"])
    _assert_error_page(client.get("/no-such-page/", headers=ENGLISH), 404, "页面不存在")


@override_settings(DEBUG=False)
def test_a_record_outside_the_subtree_answers_the_same_chinese_404(tree: Any, personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["other_township_officer"])
    _assert_error_page(client.get(f"/orgs/{tree.east1.pk}/"), 404, "页面不存在")


@override_settings(DEBUG=False)
def test_a_get_on_a_post_only_address_answers_a_chinese_405(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["county_officer"])
    response = client.get("/calendar/1/remove/")
    _assert_error_page(response, 405, "不能直接打开")
    assert response["Allow"] == "POST"


@override_settings(DEBUG=False)
def test_a_form_posted_without_its_csrf_token_answers_a_chinese_page(tree: Any) -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    body = _assert_error_page(response, 403, "页面已过期")
    assert "重新打开" in body


@pytest.mark.parametrize(("status", "words"), [(400, "请求有误"), (403, "没有权限"), (500, "系统出错")])
@override_settings(DEBUG=False)
def test_the_error_handlers_render_chinese_pages(status: int, words: str, db: Any) -> None:
    from django.core.exceptions import PermissionDenied

    handler: Any = get_resolver().resolve_error_handler(status)
    request = RequestFactory().get("/x/")
    if status == 500:
        response = handler(request)
    else:
        response = handler(request, exception=PermissionDenied() if status == 403 else Exception())
    _assert_error_page(response, status, words)
