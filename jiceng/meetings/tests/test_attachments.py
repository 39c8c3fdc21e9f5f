"""Meeting attachments are served by an access-checked view, never straight from /media/."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jiceng.core.testing import Fixtures
from jiceng.meetings import actions

from .factories import SYSTEM
from .permission_cases import meeting

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _attach(tree: Any, personas: Any, name: str, content: bytes) -> Any:
    held = meeting(Fixtures(tree, personas))
    return actions.add_attachment(SYSTEM, held, SimpleUploadedFile(name, content), "合影")


def _get(user: Any, pk: int) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse("meetings:attachment_file", args=[pk]))


def test_the_meeting_page_links_to_the_checked_view(tree, personas):
    item = _attach(tree, personas, "photo.png", PNG)
    client = Client()
    client.force_login(personas["member"])
    page = client.get(reverse("meetings:detail", args=[item.meeting_id])).content.decode()
    assert f'href="/meetings/attachments/{item.pk}/"' in page and "/media/" not in page


def test_an_image_is_shown_to_those_who_see_the_meeting(tree, personas):
    item = _attach(tree, personas, "photo.png", PNG)
    response = _get(personas["member"], item.pk)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_another_township_gets_404(tree, personas):
    item = _attach(tree, personas, "photo.png", PNG)
    assert _get(personas["other_township_officer"], item.pk).status_code == 404


def test_an_uploaded_html_page_is_downloaded_not_rendered(tree, personas):
    item = _attach(tree, personas, "notice.html", b"<script>alert(1)</script>")
    response = _get(personas["township_officer"], item.pk)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
