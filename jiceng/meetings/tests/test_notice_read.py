"""Opening a notice does not write on GET; the page marks it read with a POST of its own."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jiceng.meetings import actions
from jiceng.meetings.models import Notice

from .factories import SYSTEM
from .permission_cases import meeting


def test_a_get_of_the_notice_does_not_mark_it_read(tree: Any, personas: dict[str, Any]) -> None:
    from jiceng.core.testing import Fixtures

    notice = actions.send_notices(SYSTEM, meeting(Fixtures(tree, personas)))[0]
    client = Client()
    client.force_login(personas["village_secretary"])
    page = client.get(f"/meetings/inbox/{notice.pk}/")
    assert page.status_code == 200
    assert Notice.objects.get(pk=notice.pk).read_at is None
    assert f'hx-post="/meetings/inbox/{notice.pk}/" hx-trigger="load"' in page.content.decode()
    response = client.post(f"/meetings/inbox/{notice.pk}/", HTTP_HX_REQUEST="true")
    read_at = Notice.objects.get(pk=notice.pk).read_at
    assert read_at is not None
    assert (
        response.content.decode()
        .strip()
        .startswith('<p class="text-end small text-muted mb-0" id="notice-read">已读：')
    )
    client.post(f"/meetings/inbox/{notice.pk}/")
    assert Notice.objects.get(pk=notice.pk).read_at == read_at  # read once
