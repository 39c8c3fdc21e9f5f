"""Permission cases for the duty pages (see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.duty.models import DutyEntry, DutySlot

from .factories import cadre


def _east1(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"org_id": f.tree.east1.pk}}


def _rota_post(f: Fixtures) -> dict[str, Any]:
    person = cadre(f.tree.east1, "张书记")
    return {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"weekday": "2", "people": [person.pk]}}


def _rota_set(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(DutySlot.objects.values_list("weekday", "person__name")) == [(2, "张书记")]


def _entry_post(f: Fixtures) -> dict[str, Any]:
    person = cadre(f.tree.east1, "张书记")
    return {"kwargs": {"org_id": f.tree.east1.pk},
            "data": {"on": "2026-10-12", "person": person.pk, "callers": "村民反映路灯不亮", "referred": "转村委会"}}  # fmt: skip


def _logged(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    e = DutyEntry.objects.get()
    assert (e.organization_id, e.person.name, e.callers, e.referred) == (
        f.tree.east1.pk,
        "张书记",
        "村民反映路灯不亮",
        "转村委会",
    )


def _api_entry(f: Fixtures) -> dict[str, Any]:
    prepared = _entry_post(f)
    data = prepared["data"]
    return {"kwargs": prepared["kwargs"], "data": {"on": data["on"], "person_id": data["person"],
                                                   "callers": data["callers"], "referred": data["referred"]}}  # fmt: skip


CASES = [
    UrlCase("api-v1:duty_rota", api=True, allowed=EAST1_SCOPE, setup=_east1),
    UrlCase(
        "api-v1:duty_log", api=True, allowed=EAST1_SCOPE, setup=lambda f: {**_east1(f), "data": {"month": "2026-10"}}
    ),
    UrlCase("api-v1:duty_log_create", api=True, method="post", allowed=EAST1_EDITORS, setup=_api_entry, expect=_logged),
    UrlCase("duty:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("duty:village", allowed=EAST1_SCOPE, setup=_east1),
    UrlCase("duty:board", allowed=EAST1_SCOPE, setup=_east1),
    UrlCase("duty:log_xlsx", allowed=EAST1_SCOPE, setup=_east1),
    UrlCase("duty:rota", method="post", allowed=EAST1_EDITORS, setup=_rota_post, expect=_rota_set),
    UrlCase("duty:new_entry", allowed=EAST1_EDITORS, setup=_east1),
    UrlCase("duty:new_entry", method="post", allowed=EAST1_EDITORS, setup=_entry_post, expect=_logged),
]
