"""Permission cases added with issue 11: marking a notice read is a POST (a GET never writes)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_SCOPE, Fixtures, UrlCase
from jiceng.meetings.models import Notice

from .permission_cases import with_notice


def notice_was_read(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Notice.objects.get(pk=prepared["kwargs"]["pk"]).read_at is not None


CASES = [
    UrlCase(
        "meetings:notice",
        method="post",
        note="read",
        allowed={"village_secretary", "member"},
        setup=with_notice,
        expect=notice_was_read,
    ),
]


def attachment(f: Fixtures) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiceng.meetings import actions

    from .factories import SYSTEM
    from .permission_cases import meeting

    item = actions.add_attachment(SYSTEM, meeting(f), SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n"), "合影")
    return {"kwargs": {"pk": item.pk}}


CASES.append(UrlCase("meetings:attachment_file", allowed=EAST1_SCOPE, setup=attachment))
