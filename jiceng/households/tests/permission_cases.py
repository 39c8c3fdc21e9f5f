"""Permission cases for grids, households and visits (see jiceng/core/testing.py)."""

from __future__ import annotations

import io
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import EAST1_EDITORS, EVERYONE, Fixtures, UrlCase
from jiceng.households import actions
from jiceng.households.models import Grid, Household, Visit

EDITORS_ANYWHERE = {"county_officer", "township_officer", "village_secretary", "other_township_officer"}


def grid(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = actions.create_grid(SYSTEM, f.tree.east1, name="一组网格", responsible="赵六")
    return {"kwargs": {"pk": made.pk}, **extra}


def households_xlsx(*rows: tuple[Any, ...]) -> Any:
    """An uploaded .xlsx with the header 户主/住址/家庭人口/备注 and `rows`."""
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


def grid_created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = Grid.objects.get(name="二组")
    assert (made.organization, made.responsible, made.org_path) == (f.tree.east1, "钱八", f.tree.east1.path)


HOUSE = ("孙七", "一组3号", 3)


def household_added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    rows = list(Household.objects.filter(grid_id=prepared["kwargs"]["pk"]).values_list("head_name", "address", "size"))
    assert rows == [HOUSE if prepared.get("imported") else ("孙七", "", 3)]


def visit_recorded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    visitee = prepared["data"]["visitee"]
    visit = Visit.objects.get(visitee=visitee)
    assert (visit.organization, visit.visitor, visit.kind) == (
        f.tree.east1,
        f.personas[persona],
        prepared["data"]["kind"],
    )


def visit_form(f: Fixtures) -> dict[str, Any]:
    return {
        "data": {"organization": f.tree.east1.pk, "kind": "hardship", "visited_on": "2026-01-05", "visitee": "孙七"}
    }


CASES = [
    UrlCase("households:grids", allowed=EVERYONE),
    UrlCase(
        "households:grids",
        method="post",
        note="create",
        allowed=EAST1_EDITORS,
        setup=lambda f: {
            "data": {"organization": f.tree.east1.pk, "name": "二组", "responsible": "钱八", "visit_cycle_days": 30}
        },
        expect=grid_created,
    ),
    UrlCase("households:grid_detail", allowed=EAST1_EDITORS | {"member"}, setup=grid),
    UrlCase(
        "households:grid_detail",
        method="post",
        note="household",
        allowed=EAST1_EDITORS,
        setup=lambda f: grid(f, data={"head_name": "孙七", "size": 3}),
        expect=household_added,
    ),
    UrlCase("households:grid_import", allowed=EAST1_EDITORS, setup=grid),
    UrlCase(
        "households:grid_import",
        method="post",
        note="upload",
        allowed=EAST1_EDITORS,
        setup=lambda f: grid(f, data={"file": households_xlsx((*HOUSE, ""))}, imported=True),
        expect=household_added,
    ),
    UrlCase("households:visits", allowed=EVERYONE),
    UrlCase("households:visit_create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase(
        "households:visit_create",
        method="post",
        note="save",
        allowed=EAST1_EDITORS,
        setup=visit_form,
        expect=visit_recorded,
    ),
    UrlCase("api-v1:household_visits", api=True, allowed=EVERYONE),
    UrlCase(
        "api-v1:household_visit_create",
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
        expect=visit_recorded,
    ),
]
