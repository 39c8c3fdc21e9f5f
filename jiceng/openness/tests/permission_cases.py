"""Permission cases for the 公开 pages and API (see jiceng/core/testing.py): every route × persona."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiceng.core import engine
from jiceng.core.actor import SYSTEM
from jiceng.core.testing import COUNTY_ONLY, EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind
from jiceng.meetings.tests.factories import held_meeting
from jiceng.openness import actions
from jiceng.openness.models import Attachment, CountyRule, Procedure, Publication, SpotCheck
from jiceng.openness.tests.factories import draft

PUBLIC = EVERYONE | {"anonymous"}
OFFICERS_ANYWHERE = frozenset({"county_officer", "township_officer", "other_township_officer"})


def _today() -> Any:
    return timezone.localdate()


def _draft(f: Fixtures) -> Publication:
    today = _today()
    return draft(
        f.tree.east1, title="本月村务", section="village", category="affairs", start=today.replace(day=1), end=today
    )


def _published(f: Fixtures) -> Publication:
    return actions.publish(SYSTEM, _draft(f), on=_today())


def _pk(pub: Any, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": pub.pk}, **extra}


def _form(f: Fixtures) -> dict[str, Any]:
    today = _today()
    return {
        "query": {"org": f.tree.east1.pk},
        "data": {
            "kind": "village:affairs",
            "title": "第四季度村务公开",
            "period_start": today.replace(day=1),
            "period_end": today,
            "body": "村道硬化完成",
            "days": 30,
        },
    }


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Publication.objects.filter(title="第四季度村务公开", organization=f.tree.east1).exists()


def _is(status: str) -> Any:
    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        pk = prepared["kwargs"].get("pk") or prepared["kwargs"].get("publication_id")
        assert Publication.objects.get(pk=pk).status == status

    return check


def _attached(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Attachment.objects.filter(publication_id=prepared["kwargs"]["pk"]).count() == 1


def _upload(f: Fixtures) -> dict[str, Any]:
    file = SimpleUploadedFile("账目.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return _pk(_draft(f), data={"file": file, "caption": "凭证"})


def _check(f: Fixtures) -> SpotCheck:
    today = _today()
    return actions.record_spot_check(
        SYSTEM, f.tree.east1, checked_on=today, checker="discipline", findings="财务公开未附明细", deadline=today
    )


def _check_recorded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert SpotCheck.objects.filter(organization=f.tree.east1, findings="公开栏未按月更新").count() == 1


def _check_finished(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert SpotCheck.objects.get(pk=prepared["kwargs"]["pk"]).done_note == "已补充明细"


def _rule_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert CountyRule.objects.get(county=f.tree.county).finance_months == 3


def _proc(f: Fixtures, kind: str = "zizhi") -> Procedure:
    return actions.start_procedure(SYSTEM, f.tree.east1, kind, "村道硬化", _today())


def _at(f: Fixtures, kind: str, *steps: str) -> Procedure:
    proc = _proc(f, kind)
    for step in steps:
        actions.move_procedure(SYSTEM, proc, step)
    return proc


def _moved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    pk = prepared["kwargs"].get("pk") or prepared["kwargs"].get("procedure_id")
    assert Procedure.objects.get(pk=pk).step == "plan"


def _link(f: Fixtures) -> dict[str, Any]:
    proc = _at(f, "zizhi", "plan", "vote")
    meeting = held_meeting(f.tree.east1, Kind.REPRESENTATIVES, _today())
    return {"kwargs": {"pk": proc.pk}, "data": {"meeting": meeting.pk}}


def _linked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    proc = Procedure.objects.get(pk=prepared["kwargs"]["pk"])
    assert engine.links(proc, "vote") == [f"meetings.meeting:{Meeting.objects.get().pk}"]


def _step_published(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    proc = Procedure.objects.get(pk=prepared["kwargs"]["pk"])
    pub = Publication.objects.get(source_ref=f"openness.procedure:{proc.pk}")
    assert pub.status == "published" and engine.links(proc, "publish") == [f"openness.publication:{pub.pk}"]


def _api_body(f: Fixtures) -> dict[str, Any]:
    today = _today()
    return {
        "data": {
            "organization_id": f.tree.east1.pk,
            "section": "finance",
            "category": "statement",
            "title": "第四季度村务公开",
            "period_start": today.replace(day=1).isoformat(),
            "period_end": today.isoformat(),
            "income_total": 1000,
            "expense_total": 600,
            "lines": [
                {"kind": "income", "item": "发包收入", "amount": 1000},
                {"kind": "expense", "item": "维修", "amount": 600},
            ],
        }
    }


def _api_started(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Procedure.objects.filter(title="修建文化广场", organization=f.tree.east1).count() == 1


def _board(f: Fixtures, **extra: Any) -> dict[str, Any]:
    _published(f)
    return {"kwargs": {"org_id": f.tree.east1.pk, **extra}}


CASES = [
    UrlCase("openness:index", allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "openness:new", allowed={"township_officer", "village_secretary", "other_township_officer"}, outside_scope=()
    ),
    UrlCase(
        "openness:new",
        method="post",
        note="create",
        allowed=EAST1_EDITORS,
        setup=_form,
        expect=_created,
    ),
    UrlCase("openness:detail", allowed=EAST1_SCOPE, setup=lambda f: _pk(_draft(f))),
    UrlCase(
        "openness:publish",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _pk(_draft(f)),
        expect=_is("published"),
    ),
    UrlCase(
        "openness:withdraw",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _pk(_published(f), data={"reason": "数字有误"}),
        expect=_is("withdrawn"),
    ),
    UrlCase(
        "openness:attach",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_upload,
        expect=_attached,
        extra={"multipart": True},
    ),
    UrlCase("openness:dashboard", allowed=OFFICERS_ANYWHERE, outside_scope=()),
    UrlCase("openness:checks", allowed=OFFICERS_ANYWHERE, outside_scope=()),
    UrlCase(
        "openness:checks",
        method="post",
        note="record",
        allowed={"county_officer", "township_officer"},
        setup=lambda f: {
            "data": {
                "village": f.tree.east1.pk,
                "checked_on": _today(),
                "checker": "economy",
                "findings": "公开栏未按月更新",
                "deadline": _today(),
            }
        },
        expect=_check_recorded,
    ),
    UrlCase(
        "openness:check_done",
        method="post",
        allowed={"county_officer", "township_officer"},
        setup=lambda f: _pk(_check(f), data={"done_on": _today(), "note": "已补充明细"}),
        expect=_check_finished,
    ),
    UrlCase("openness:rules", allowed=COUNTY_ONLY),
    UrlCase(
        "openness:rules",
        method="post",
        note="save",
        allowed=COUNTY_ONLY,
        setup=lambda f: {
            "data": {
                "valid_from": _today(),
                "party_months": 3,
                "village_months": 3,
                "finance_months": 3,
                "grace_days": 10,
            }
        },
        expect=_rule_saved,
    ),
    UrlCase("openness:procedures", allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "openness:procedures",
        method="post",
        note="start",
        allowed=EAST1_EDITORS,
        setup=lambda f: {
            "data": {"org": f.tree.east1.pk, "kind": "siyi", "title": "修建文化广场", "started_on": _today()}
        },
        expect=_api_started,
    ),
    UrlCase("openness:procedure", allowed=EAST1_SCOPE, setup=lambda f: _pk(_proc(f))),
    UrlCase(
        "openness:procedure_move",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _pk(_proc(f), data={"target": "plan"}),
        expect=_moved,
    ),
    UrlCase("openness:procedure_link", method="post", allowed=EAST1_EDITORS, setup=_link, expect=_linked),
    UrlCase(
        "openness:procedure_publish",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _pk(
            _at(f, "huinong", "councils", "implement", "publish"),
            data={"title": "惠农补贴发放情况", "body": "全村共发放补贴12户"},
        ),
        expect=_step_published,
    ),
    # Public: no login.
    UrlCase("openness:board", allowed=PUBLIC, outside_scope=(), setup=_board),
    UrlCase(
        "openness:board_month",
        allowed=PUBLIC,
        outside_scope=(),
        setup=lambda f: _board(f, month=_today().strftime("%Y-%m")),
    ),
    UrlCase("openness:archive", allowed=PUBLIC, outside_scope=(), setup=_board),
    UrlCase(
        "openness:poster", allowed=PUBLIC, outside_scope=(), setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}
    ),
    UrlCase("openness:board_pdf", allowed=PUBLIC, outside_scope=(), setup=_board),
    UrlCase("openness:publication", allowed=PUBLIC, outside_scope=(), setup=lambda f: _pk(_published(f))),
    # API
    UrlCase("api-v1:openness_publications", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:openness_publication",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"publication_id": _draft(f).pk}},
    ),
    UrlCase(
        "api-v1:openness_publication_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_body,
        expect=_created,
    ),
    UrlCase(
        "api-v1:openness_publication_publish",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"publication_id": _draft(f).pk}, "data": {}},
        expect=_is("published"),
    ),
    UrlCase("api-v1:public_board", api=True, allowed=PUBLIC, outside_scope=(), setup=_board),
    UrlCase("api-v1:openness_procedures", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:openness_procedure",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"procedure_id": _proc(f).pk}},
    ),
    UrlCase(
        "api-v1:openness_procedure_start",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {
            "data": {
                "organization_id": f.tree.east1.pk,
                "kind": "siyi",
                "title": "修建文化广场",
                "started_on": _today().isoformat(),
            }
        },
        expect=_api_started,
    ),
    UrlCase(
        "api-v1:openness_procedure_move",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"procedure_id": _proc(f).pk}, "data": {"target": "plan"}},
        expect=_moved,
    ),
]
