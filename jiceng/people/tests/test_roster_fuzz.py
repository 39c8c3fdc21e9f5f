"""Hypothesis-generated broken workbooks: never a crash, never a partial write, every error located."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization
from jiceng.people import roster
from jiceng.people.models import Person, Post

from .test_roster import ORGS, person_row

JUNK = st.one_of(
    st.none(),
    st.just(""),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=25),
    st.integers(min_value=-10**12, max_value=10**19),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["正式党员", "群众", "党支部", "乡镇党委", "男", "女", "是", "否", "2024/2/30", "2024年13月1日",
                     "测试县委", "测试县委/南镇党委", "420102199001011234", "42010219900101123X", "书记", "主任"]),
)  # fmt: skip

MUTATION = st.tuples(
    st.sampled_from(["组织", "人员"]),
    st.integers(min_value=0, max_value=6),  # row (0 = header)
    st.integers(min_value=0, max_value=15),  # column
    JUNK,
)


def build(mutations: list[tuple[str, int, int, Any]], drop_sheet: str | None) -> io.BytesIO:
    sheets = {
        "组织": [list(roster.ORG_HEADERS), *[list(r) for r in ORGS]],
        "人员": [list(roster.PERSON_HEADERS), person_row(), person_row(姓名="李四", 公民身份号码="", 党内职务="")],
    }
    for sheet, row, column, value in mutations:
        grid = sheets[sheet]
        while len(grid) <= row:
            grid.append([""] * len(grid[0]))
        while len(grid[row]) <= column:
            grid[row].append("")
        grid[row][column] = value
    book = Workbook()
    book.remove(book.active)
    for name, grid in sheets.items():
        if name == drop_sheet:
            continue
        sheet = book.create_sheet(name)
        for values in grid:
            sheet.append(["" if v is None else v for v in values])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def counts() -> tuple[int, ...]:
    return (Person.objects.count(), Organization.objects.count(), Post.objects.count(), AuditEvent.objects.count())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=6), drop=st.sampled_from([None, None, None, "组织", "人员"]))
def test_broken_workbooks_fail_cleanly(db, mutations, drop):
    before = counts()
    plan = roster.import_roster(build(mutations, drop))
    if plan.ok:
        return
    assert counts() == before, "a failed import must not write anything"
    known = set(roster.ORG_HEADERS) | set(roster.PERSON_HEADERS) | {"-"}
    for problem in plan.problems:
        assert problem.sheet in ("组织", "人员", "文件")
        assert problem.row >= 1
        assert problem.column in known
        assert problem.reason
        assert str(problem).startswith(f"{problem.sheet} {problem.row} {problem.column}: ")
