"""Permission cases for the 公示 pages and API (see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jiceng.core.testing import COUNTY_ONLY, EAST1_EDITORS, EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.notices.models import Notice, NoticeSettings, Objection
from jiceng.notices.tests.factories import ended_with_upheld, object_to, running_now

PUBLIC = EVERYONE | {"anonymous"}


def _running(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": running_now(f.tree.east1).pk}, **extra}


def _upheld(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": ended_with_upheld(f.tree.east1, f.personas["township_officer"]).pk}, **extra}


def _objection(f: Fixtures, **extra: Any) -> dict[str, Any]:
    notice = running_now(f.tree.east1)
    return {"kwargs": {"pk": object_to(notice, day=notice.starts_on).objection.pk}, **extra}


def _receipt(f: Fixtures) -> dict[str, Any]:
    notice = running_now(f.tree.east1)
    return {"data": {"code": object_to(notice, day=notice.starts_on).code}}


def _api(prepared: dict[str, Any], name: str) -> dict[str, Any]:
    return {**prepared, "kwargs": {name: prepared["kwargs"]["pk"]}}


def _publish_body(f: Fixtures) -> dict[str, Any]:
    return {"data": {"subject": f"organizations.organization:{f.tree.east1.pk}", "step": "rating",
                     "title": "十星级党员公示", "text": "拟评定3名", "organization_id": f.tree.east1.pk}}  # fmt: skip


def _notice(prepared: dict[str, Any]) -> Notice:
    return Notice.objects.get(pk=prepared["kwargs"].get("pk") or prepared["kwargs"].get("notice_id"))


def _withdrawn(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _notice(prepared).withdrawn_reason == "内容有误"


def _decided(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _notice(prepared).decision == "continue"


def _investigating(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    pk = prepared["kwargs"].get("pk") or prepared["kwargs"].get("objection_id")
    assert Objection.objects.get(pk=pk).state == "investigating"


def _objected(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(_notice(prepared).objections.values_list("text", flat=True)) == ["候选人去年未参加组织生活"]


def _today() -> str:
    return timezone.localdate().isoformat()


def _recorded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(_notice(prepared).objections.values_list("text", flat=True)) == ["书面反映"]


def _settings_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert NoticeSettings.objects.get(organization=f.tree.county).days == 7


def _lookup_writes_nothing(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Objection.objects.get().state == "received"  # looked up, not changed


def _published(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Notice.objects.get(step="rating").title == "十星级党员公示"


WITHDRAW = {"reason": "内容有误"}
DECIDE = {"decision": "continue", "note": "已更正，不影响"}

CASES = [
    UrlCase("notices:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("notices:detail", allowed=EAST1_SCOPE, setup=_running),
    UrlCase("notices:pdf", allowed=EAST1_SCOPE, setup=_running),
    UrlCase(
        "notices:withdraw",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _running(f, data=WITHDRAW),
        expect=_withdrawn,
    ),
    UrlCase(
        "notices:decide", method="post", allowed=EAST_OFFICERS, setup=lambda f: _upheld(f, data=DECIDE), expect=_decided
    ),
    UrlCase(
        "notices:move",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _objection(f, data={"target": "investigating"}),
        expect=_investigating,
    ),
    UrlCase(
        "notices:record",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _running(f, data={"channel": "written", "received_on": _today(), "text": "书面反映"}),
        expect=_recorded,
    ),
    UrlCase("notices:settings", allowed=COUNTY_ONLY),
    UrlCase(
        "notices:settings",
        method="post",
        note="save",
        allowed=COUNTY_ONLY,
        setup=lambda f: {"data": {"days": 7}},
        expect=_settings_saved,
    ),
    # Public: no login.
    UrlCase(
        "notices:board",
        allowed=PUBLIC,
        outside_scope=(),
        setup=lambda f: {"kwargs": {"org_id": running_now(f.tree.east1) and f.tree.east1.pk}},
    ),
    UrlCase("notices:public", allowed=PUBLIC, outside_scope=(), setup=_running),
    UrlCase(
        "notices:public",
        method="post",
        note="objection",
        allowed=PUBLIC,
        outside_scope=(),
        setup=lambda f: _running(f, data={"text": "候选人去年未参加组织生活"}),
        expect=_objected,
    ),
    UrlCase("notices:receipt", allowed=PUBLIC, outside_scope=()),
    UrlCase(
        "notices:receipt",
        method="post",
        note="lookup",
        allowed=PUBLIC,
        outside_scope=(),
        setup=_receipt,
        expect=_lookup_writes_nothing,
    ),
    # API
    UrlCase("api-v1:notices", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase("api-v1:notice", api=True, allowed=EAST1_SCOPE, setup=lambda f: _api(_running(f), "notice_id")),
    UrlCase(
        "api-v1:notice_publish", api=True, method="post", allowed=EAST1_EDITORS, setup=_publish_body, expect=_published
    ),
    UrlCase(
        "api-v1:notice_withdraw",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _api(_running(f, data=WITHDRAW), "notice_id"),
        expect=_withdrawn,
    ),
    UrlCase(
        "api-v1:notice_decide",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _api(_upheld(f, data=DECIDE), "notice_id"),
        expect=_decided,
    ),
    UrlCase(
        "api-v1:notice_objection_record",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _api(
            _running(f, data={"channel": "phone", "received_on": _today(), "text": "书面反映"}), "notice_id"
        ),
        expect=_recorded,
    ),
    UrlCase(
        "api-v1:objection_move",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _api(_objection(f, data={"target": "investigating"}), "objection_id"),
        expect=_investigating,
    ),
    UrlCase(
        "api-v1:public_board_notices",
        api=True,
        allowed=PUBLIC,
        outside_scope=(),
        setup=lambda f: {"kwargs": {"org_id": running_now(f.tree.east1) and f.tree.east1.pk}},
    ),
]
