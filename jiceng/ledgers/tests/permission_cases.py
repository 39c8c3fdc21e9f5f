"""Permission cases for the ledger pages and API (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.ledgers import actions
from jiceng.ledgers.tests.factories import SYSTEM, make_item, template

OFFICERS = {"county_officer", "township_officer", "other_township_officer"}
EDITORS_ANYWHERE = {"county_officer", "township_officer", "village_secretary", "other_township_officer"}
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


def grid(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = actions.create_grid(SYSTEM, f.tree.east1, name="一组网格", responsible="赵六")
    return {"kwargs": {"pk": made.pk}, **extra}


def assignment(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = actions.assign_liaison(
        SYSTEM, user=f.personas["township_officer"], organization=f.tree.east1, start_on=dt.date(2026, 1, 1)
    )
    return {"kwargs": {"pk": made.pk}, **extra}


def households_xlsx(*rows: tuple[Any, ...]) -> Any:
    """An uploaded .xlsx with the header 户主/住址/家庭人口/备注 and `rows`."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [("户主", "住址", "家庭人口", "备注"), *rows]:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("农户.xlsx", buffer.getvalue())


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


CASES = [
    # Lists are filtered to what the user may see, so everyone with an organization opens them.
    UrlCase("ledgers:index", allowed=EVERYONE),
    UrlCase("ledgers:export", allowed=EVERYONE),
    UrlCase("ledgers:print", allowed=EVERYONE),
    UrlCase("ledgers:stats", allowed=EVERYONE),
    UrlCase("ledgers:types", allowed=EVERYONE),
    UrlCase("ledgers:calendar", allowed=EVERYONE),
    UrlCase(
        "ledgers:calendar",
        method="post",
        note="save",
        allowed={"county_officer"},
        outside_scope=(),
        setup=lambda f: {"data": {"day": "2026-10-01", "name": "国庆节"}},
    ),
    UrlCase("ledgers:grids", allowed=EVERYONE),
    UrlCase(
        "ledgers:grids",
        method="post",
        note="create",
        allowed=EAST1_EDITORS,
        setup=lambda f: {
            "data": {"organization": f.tree.east1.pk, "name": "二组", "responsible": "钱八", "visit_cycle_days": 30}
        },
    ),
    UrlCase("ledgers:grid_detail", allowed=EAST1_EDITORS | {"member"}, setup=grid),
    UrlCase(
        "ledgers:grid_detail",
        method="post",
        note="household",
        allowed=EAST1_EDITORS,
        setup=lambda f: grid(f, data={"head_name": "孙七", "size": 3}),
    ),
    UrlCase("ledgers:grid_import", allowed=EAST1_EDITORS, setup=grid),
    UrlCase(
        "ledgers:grid_import",
        method="post",
        note="upload",
        allowed=EAST1_EDITORS,
        setup=lambda f: grid(f, data={"file": households_xlsx(("孙七", "一组3号", 3, ""))}),
    ),
    UrlCase("ledgers:visits", allowed=EVERYONE),
    UrlCase("ledgers:visit_create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("ledgers:visit_create", method="post", note="save", allowed=EAST1_EDITORS, setup=visit_form),
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
    ),
    UrlCase(
        "ledgers:liaison_end",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: assignment(f, data={"end_on": "2026-06-30"}),
    ),
    UrlCase("ledgers:diary", allowed={"township_officer", "county_officer"}, setup=assignment),
    UrlCase(
        "ledgers:diary",
        method="post",
        note="write",
        allowed={"township_officer"},
        setup=lambda f: assignment(f, data={"written_on": "2026-01-05", "topic": "其他", "text": "走访了解"}),
    ),
    UrlCase("ledgers:item_create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("ledgers:item_create", method="post", note="save", allowed=EAST1_EDITORS, setup=item_form),
    UrlCase("ledgers:item_detail", allowed=EAST1_EDITORS, setup=item),
    UrlCase("ledgers:item_edit", allowed=EAST1_EDITORS, setup=item),
    UrlCase(
        "ledgers:item_edit",
        method="post",
        note="save",
        allowed=EAST1_EDITORS,
        setup=lambda f: item(f, data={"description": "村道破损，已测量", "category": "道路交通"}),
    ),
    UrlCase(
        "ledgers:item_move",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: item(f, data={"target": "assigned", "assignee": f.personas["village_secretary"].pk}),
    ),
    UrlCase(
        "ledgers:item_publish",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: resolved(f, data={"summary": "村道积水已解决"}),
    ),
    UrlCase("ledgers:item_unpublish", method="post", allowed=EAST1_EDITORS, setup=published),
    UrlCase(
        "ledgers:public",
        allowed=PUBLIC,
        outside_scope=(),
        setup=lambda f: {"kwargs": {"org_id": published(f) and f.tree.east1.pk}},
    ),
    UrlCase("ledgers:type_create", allowed=OFFICERS, outside_scope=()),
    UrlCase("ledgers:type_create", method="post", note="save", allowed=OFFICERS, outside_scope=(), setup=type_form),
    UrlCase("ledgers:type_detail", allowed=EAST_OFFICERS | {"village_secretary", "member"}, setup=own_type),
    UrlCase("ledgers:type_edit", allowed=EAST_OFFICERS, setup=own_type),
    UrlCase(
        "ledgers:type_edit",
        method="post",
        note="save",
        allowed=EAST_OFFICERS,
        setup=lambda f: {**own_type(f), **type_form(f, "livelihood")},
    ),
    UrlCase("ledgers:type_copy", method="post", allowed=EAST_OFFICERS, setup=own_type),
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
    ),
    UrlCase(
        "api-v1:ledger_item_move",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: api_item(f, data={"target": "assigned", "assignee_id": f.personas["village_secretary"].pk}),
    ),
    UrlCase("api-v1:ledger_visits", api=True, allowed=EVERYONE),
    UrlCase(
        "api-v1:ledger_visit_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {
            "data": {
                "organization_id": f.tree.east1.pk,
                "kind": "resident",
                "visited_on": "2026-01-05",
                "visitee": "群众甲",
            }
        },
    ),
    UrlCase("api-v1:ledger_stats", api=True, allowed=EVERYONE),
]
