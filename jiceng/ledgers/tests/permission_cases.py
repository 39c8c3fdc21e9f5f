"""Permission cases for the ledger pages and API (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.models import CaseEvent, WorkflowDefinition
from jiceng.core.testing import EAST1_EDITORS, EAST_OFFICERS, EDITORS_ANYWHERE, EVERYONE, Fixtures, UrlCase
from jiceng.households.models import Visit
from jiceng.ledgers import actions
from jiceng.ledgers.models import DiaryEntry, LedgerItem, LedgerType, LiaisonAssignment
from jiceng.ledgers.tests.factories import SYSTEM, make_item, template

OFFICERS = {"county_officer", "township_officer", "other_township_officer"}
PUBLIC = EVERYONE | {"anonymous"}


def item(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": make_item(f.tree.east1).pk}, **extra}


def api_item(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"item_id": make_item(f.tree.east1).pk}, **extra}


def resolved(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = make_item(f.tree.east1, concerned_name="李大娘")
    officer = f.personas["township_officer"]
    actions.move_item(officer, made, "assigned", assignee=officer)
    actions.move_item(officer, made, "resolved", resolution="已修复")
    return {"kwargs": {"pk": made.pk}, **extra}


def published(f: Fixtures) -> dict[str, Any]:
    prepared = resolved(f)
    from jiceng.ledgers.models import LedgerItem

    actions.publish_item(
        f.personas["township_officer"], LedgerItem.objects.get(pk=prepared["kwargs"]["pk"]), "村道已修复"
    )
    return prepared


def own_type(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = actions.copy_type(SYSTEM, template("livelihood"), f.tree.east)
    return {"kwargs": {"pk": made.pk}, **extra}


def assignment(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = actions.assign_liaison(
        SYSTEM, user=f.personas["township_officer"], organization=f.tree.east1, start_on=dt.date(2026, 1, 1)
    )
    return {"kwargs": {"pk": made.pk}, **extra}


def item_form(f: Fixtures) -> dict[str, Any]:
    return {
        "data": {
            "ledger_type": template("livelihood").pk,
            "organization": f.tree.east1.pk,
            "source": "phone",
            "collected_on": "2026-01-05",
            "description": "路灯不亮",
        }
    }


def visit_form(f: Fixtures) -> dict[str, Any]:
    return {
        "data": {
            "organization": f.tree.east1.pk,
            "kind": "hardship",
            "visited_on": "2026-01-05",
            "visitee": "孙七",
            "item_type": template("hardship").pk,
            "item_description": "房屋漏雨",
        }
    }


def type_form(f: Fixtures, code: str = "roads") -> dict[str, Any]:
    import json

    from jiceng.ledgers.defaults import standard_workflow

    return {
        "data": {
            "code": code,
            "name": "道路台账",
            "noun": "道路问题",
            "categories": "硬化",
            "measures": "一事一议",
            "fields_json": "[]",
            "workflow": json.dumps(standard_workflow()),
        }
    }


def the_item(prepared: dict[str, Any], key: str = "pk") -> LedgerItem:
    return LedgerItem.objects.get(pk=prepared["kwargs"][key])


def item_created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    item = LedgerItem.objects.get(description="路灯不亮")
    assert (item.organization_id, item.source, item.status) == (f.tree.east1.pk, "phone", "collected")
    assert item.created_by == f.personas[persona] and item.flow is not None
    assert [e.label for e in item.events()] == ["登记"]


def item_edited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    item = the_item(prepared)
    assert (item.description, item.category) == ("村道破损，已测量", "道路交通")
    assert [e.label for e in item.events()] == ["登记", "修改"]


def item_moved(f: Fixtures, prepared: dict[str, Any], persona: str, key: str = "pk") -> None:
    item = the_item(prepared, key)
    assert (item.status, item.assignee) == ("assigned", f.personas["village_secretary"])
    move = CaseEvent.objects.get(case_type="ledgers.ledgeritem", case_id=item.pk, kind="move")
    assert (move.from_state, move.to_state, move.actor) == ("collected", "assigned", f.personas[persona])


def item_published(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    item = the_item(prepared)
    assert (item.published, item.public_summary) == (True, "村道积水已解决")


def item_unpublished(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert the_item(prepared).published is False


def type_created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = LedgerType.objects.get(code="roads")
    assert (made.name, made.owner) == ("道路台账", f.personas[persona].organization)
    assert WorkflowDefinition.objects.filter(code=f"ledgers.type.{made.pk}", version=1).exists()


def type_edited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert LedgerType.objects.get(pk=prepared["kwargs"]["pk"]).name == "道路台账"


def type_copied(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    copies = LedgerType.objects.filter(based_on_id=prepared["kwargs"]["pk"])
    assert list(copies.values_list("owner", flat=True)) == [f.personas[persona].organization_id]


def visit_with_item(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    visit = Visit.objects.get(visitee="孙七")
    item = LedgerItem.objects.get(visit=visit)
    assert (visit.visitor, item.description, item.source) == (f.personas[persona], "房屋漏雨", "visit")


def liaison_assigned(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = LiaisonAssignment.objects.get(organization=f.tree.east1)
    assert (made.user, made.start_on) == (f.personas["township_officer"], dt.date(2026, 1, 1))


def liaison_ended(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert LiaisonAssignment.objects.get(pk=prepared["kwargs"]["pk"]).end_on == dt.date(2026, 6, 30)


def diary_written(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    entry = DiaryEntry.objects.get(assignment_id=prepared["kwargs"]["pk"])
    assert (entry.text, entry.author) == ("走访了解", f.personas["township_officer"])


CASES = [
    # Lists are filtered to what the user may see, so everyone with an organization opens them.
    UrlCase("ledgers:index", allowed=EVERYONE),
    UrlCase("ledgers:export", allowed=EVERYONE),
    UrlCase("ledgers:print", allowed=EVERYONE),
    UrlCase("ledgers:stats", allowed=EVERYONE),
    UrlCase("ledgers:types", allowed=EVERYONE),
    UrlCase("ledgers:visit_create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase(
        "ledgers:visit_create",
        method="post",
        note="save",
        allowed=EAST1_EDITORS,
        setup=visit_form,
        expect=visit_with_item,
    ),
    UrlCase("ledgers:liaisons", allowed=EVERYONE),
    UrlCase(
        "ledgers:liaisons",
        method="post",
        note="assign",
        allowed=EAST_OFFICERS,
        setup=lambda f: {
            "data": {
                "user": f.personas["township_officer"].pk,
                "organization": f.tree.east1.pk,
                "kind": "village",
                "level": "cadre",
                "start_on": "2026-01-01",
            }
        },
        expect=liaison_assigned,
    ),
    UrlCase(
        "ledgers:liaison_end",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: assignment(f, data={"end_on": "2026-06-30"}),
        expect=liaison_ended,
    ),
    UrlCase("ledgers:diary", allowed={"township_officer", "county_officer"}, setup=assignment),
    UrlCase(
        "ledgers:diary",
        method="post",
        note="write",
        allowed={"township_officer"},
        setup=lambda f: assignment(f, data={"written_on": "2026-01-05", "topic": "其他", "text": "走访了解"}),
        expect=diary_written,
    ),
    UrlCase("ledgers:item_create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase(
        "ledgers:item_create", method="post", note="save", allowed=EAST1_EDITORS, setup=item_form, expect=item_created
    ),
    UrlCase("ledgers:item_detail", allowed=EAST1_EDITORS, setup=item),
    UrlCase("ledgers:item_edit", allowed=EAST1_EDITORS, setup=item),
    UrlCase(
        "ledgers:item_edit",
        method="post",
        note="save",
        allowed=EAST1_EDITORS,
        setup=lambda f: item(f, data={"description": "村道破损，已测量", "category": "道路交通"}),
        expect=item_edited,
    ),
    UrlCase(
        "ledgers:item_move",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: item(f, data={"target": "assigned", "assignee": f.personas["village_secretary"].pk}),
        expect=item_moved,
    ),
    UrlCase(
        "ledgers:item_publish",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: resolved(f, data={"summary": "村道积水已解决"}),
        expect=item_published,
    ),
    UrlCase("ledgers:item_unpublish", method="post", allowed=EAST1_EDITORS, setup=published, expect=item_unpublished),
    UrlCase(
        "ledgers:public",
        allowed=PUBLIC,
        outside_scope=(),
        setup=lambda f: {"kwargs": {"org_id": published(f) and f.tree.east1.pk}},
    ),
    UrlCase("ledgers:type_create", allowed=OFFICERS, outside_scope=()),
    UrlCase(
        "ledgers:type_create",
        method="post",
        note="save",
        allowed=OFFICERS,
        outside_scope=(),
        setup=type_form,
        expect=type_created,
    ),
    UrlCase("ledgers:type_detail", allowed=EAST_OFFICERS | {"village_secretary", "member"}, setup=own_type),
    UrlCase("ledgers:type_edit", allowed=EAST_OFFICERS, setup=own_type),
    UrlCase(
        "ledgers:type_edit",
        method="post",
        note="save",
        allowed=EAST_OFFICERS,
        setup=lambda f: {**own_type(f), **type_form(f, "livelihood")},
        expect=type_edited,
    ),
    UrlCase("ledgers:type_copy", method="post", allowed=EAST_OFFICERS, setup=own_type, expect=type_copied),
    # API
    UrlCase("api-v1:ledger_types", api=True, allowed=EVERYONE),
    UrlCase("api-v1:ledger_items", api=True, allowed=EVERYONE),
    UrlCase("api-v1:ledger_item", api=True, allowed=EAST1_EDITORS, setup=api_item),
    UrlCase(
        "api-v1:ledger_item_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {
            "data": {
                "ledger_type_id": template("livelihood").pk,
                "organization_id": f.tree.east1.pk,
                "description": "路灯不亮",
                "source": "phone",
            }
        },
        expect=item_created,
    ),
    UrlCase(
        "api-v1:ledger_item_move",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: api_item(f, data={"target": "assigned", "assignee_id": f.personas["village_secretary"].pk}),
        expect=lambda f, prepared, persona: item_moved(f, prepared, persona, "item_id"),
    ),
    UrlCase("api-v1:ledger_stats", api=True, allowed=EVERYONE),
]
