"""Crafted rosters (issue 11 item 2): no file crashes the process, writes anything, or stops the worker.

Every file below is imported three ways: in the process (`import_roster`, the command line), as a
web upload through the background task (the reading isolated in a child process), and by a real
django-tasks-db worker that then still runs the next, good import.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jiceng.core import workbook
from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization
from jiceng.people import roster, tasks
from jiceng.people.models import ImportJob, ImportStatus, Person, Post

from .test_roster import ORGS, person_row
from .test_roster import workbook as roster_workbook


def counts() -> tuple[int, ...]:
    return (Person.objects.count(), Organization.objects.count(), Post.objects.count(), AuditEvent.objects.count())


def _book(build: Callable[[Any], None]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    orgs = book.create_sheet("组织")
    orgs.append(roster.ORG_HEADERS)
    for row in ORGS:
        orgs.append(row)
    people = book.create_sheet("人员")
    people.append(roster.PERSON_HEADERS)
    people.append(person_row())
    build(people)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sparse_far_cell() -> bytes:
    """1.5 KB: the header in A1 and one cell at XFD1048576 (a 17-billion-cell grid)."""

    def build(sheet: Any) -> None:
        sheet["XFD1048576"] = "x"

    return _book(build)


def only_far_cell() -> bytes:
    book = Workbook()
    book.active.title = "人员"
    book.active["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_member(data: bytes, name: str, content: bytes, *, lie: bool = False) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item.filename))
    packed = out.getvalue()
    if lie:  # declare a small unpacked size in both headers: the reader must not believe it
        packed = packed.replace(len(content).to_bytes(4, "little"), (1000).to_bytes(4, "little"))
    return packed


def deflate_bomb(lie: bool = False) -> bytes:
    """A worksheet of 200 MB of whitespace packed to ~200 KB (a thousand to one)."""
    data = _book(lambda sheet: None)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    head, tail = sheet.split(b"<sheetData>", 1)
    content = head + b"<sheetData>" + b" " * (200 * 1024 * 1024) + tail
    return _replace_member(data, "xl/worksheets/sheet2.xml", content, lie=lie)


def long_cell() -> bytes:
    """100 000 characters in one cell (more than Excel itself allows: written into the XML)."""

    def build(sheet: Any) -> None:
        sheet.append(person_row(姓名="长名字占位"))

    rng = random.Random(11)  # varied characters: a run of one character would pack like a bomb
    return _in_sheet(_book(build), "长名字占位", "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(100_000)))


def _in_sheet(data: bytes, placeholder: str, text: str) -> bytes:
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    return _replace_member(data, "xl/worksheets/sheet2.xml", sheet.replace(placeholder.encode(), text.encode()))


def control_characters() -> bytes:
    """Raw control characters in cells, as other software writes them (openpyxl refuses to)."""

    def build(sheet: Any) -> None:
        sheet.append(person_row(姓名="NAME", 民族="NATION", 公民身份号码="IDNUMBER"))

    data = _in_sheet(_book(build), "NAME", "王\x0b小\x01明")
    data = _in_sheet(data, "NATION", "汉&#11;族")
    return _in_sheet(data, "IDNUMBER", "4201\x1f021990")


def wrong_types() -> bytes:
    def build(sheet: Any) -> None:
        sheet.append([True, 4.2e17, dt.datetime(2024, 1, 1, 8, 30), -1, "=1/0", 1e308, False, 0, None, "", 3.5,
                      "#N/A", dt.date(1800, 1, 1), 13800000000, 2])  # fmt: skip

    return _book(build)


def many_columns() -> bytes:
    def build(sheet: Any) -> None:
        sheet.cell(row=3, column=workbook.MAX_COLUMNS + 1, value="x")

    return _book(build)


def truncated() -> bytes:
    return roster_workbook().getvalue()[:2000]


CRAFTED = {
    "sparse_far_cell": (sparse_far_cell, "第1048576行、第16384列（XFD列）有内容，超出可导入的范围"),
    "only_far_cell": (only_far_cell, "第1048576行、第16384列（XFD列）有内容"),
    "deflate_bomb": (deflate_bomb, "文件过大或过于复杂"),
    "deflate_bomb_lying_sizes": (lambda: deflate_bomb(lie=True), "无法读取该文件"),
    "cell_of_100000_characters": (long_cell, "工作表“人员”A3 单元格内容过长（100000字，最多2000字）"),
    "too_many_columns": (many_columns, "第3行、第201列（GS列）有内容，超出可导入的范围"),
    "truncated_zip": (truncated, "无法读取该文件"),
    "not_a_zip": (lambda: b"\xd0\xcf\x11\xe0 an encrypted or old .xls file", "无法读取该文件"),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_files_are_refused_in_chinese_and_write_nothing(db, name):
    build, message = CRAFTED[name]
    before = counts()
    plan = roster.import_roster(io.BytesIO(build()))
    assert not plan.ok
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [("文件", 1, "-")]
    assert message in plan.problems[0].reason
    assert counts() == before


@pytest.mark.parametrize("build", [wrong_types, control_characters], ids=["wrong_types", "control_characters"])
def test_odd_cells_are_located_problems_not_crashes(db, build):
    before = counts()
    plan = roster.import_roster(io.BytesIO(build()))
    assert not plan.ok
    assert all(p.sheet == "人员" and p.row == 3 for p in plan.problems), [str(p) for p in plan.problems]
    assert counts() == before


def test_control_characters_are_removed_from_cells(db):
    sheets = {"组织": [roster.ORG_HEADERS, *ORGS], "人员": [roster.PERSON_HEADERS, person_row(姓名="王\x0b小\x01明")]}
    plan = roster.plan_sheets(sheets)
    assert plan.new_people[0][1]["name"] == "王\n小明"


# ---------------------------------------------------------------- through the web task (isolated)


def upload(user: Any, content: bytes, name: str = "花名册.xlsx") -> ImportJob:
    return ImportJob.objects.create(uploaded_by=user, organization=user.organization, file=ContentFile(content, name),
                                    filename=name)  # fmt: skip


@pytest.mark.parametrize("name", ["sparse_far_cell", "deflate_bomb", "cell_of_100000_characters"])
def test_the_web_task_refuses_crafted_files_and_deletes_them(tree, personas, name):
    build, message = CRAFTED[name]
    job = upload(personas["county_officer"], build())
    before = counts()
    tasks.run_roster_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert message in job.problems[0]
    assert not job.file and counts() == before


def test_a_reader_that_dies_is_a_refusal_not_a_crash():
    """The safety net: a child that runs out of memory takes nothing else down."""
    with pytest.raises(workbook.WorkbookError) as refused:
        workbook._read_in_child(roster_workbook().getvalue(), None, memory=16 * 1024 * 1024)
    assert refused.value.message == workbook.TOO_BIG
    assert workbook._read_in_child(roster_workbook().getvalue(), ["人员"])["人员"][0][:2] == ["姓名", "公民身份号码"]


# ---------------------------------------------------------------- a real worker keeps going


@pytest.mark.django_db(transaction=True)
def test_the_worker_survives_a_bomb_and_runs_the_next_import(tree, personas):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    officer = personas["county_officer"]
    orgs = [["测试县委", "", "县委", "", ""], ["南镇党委", "测试县委", "乡镇党委", "", ""],
            ["南一村党支部", "测试县委/南镇党委", "党支部", "", "南一村"]]  # fmt: skip
    bomb, good = (
        upload(officer, sparse_far_cell()),
        upload(officer, roster_workbook(orgs=orgs, people=[person_row()]).getvalue()),
    )
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        tasks.run_roster_import.enqueue(bomb.pk)
        tasks.run_roster_import.enqueue(good.pk)
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()  # fmt: skip
    bomb.refresh_from_db()
    good.refresh_from_db()
    assert (bomb.status, good.status) == (ImportStatus.FAILED, ImportStatus.DONE)
    assert good.counts["people_created"] == 1
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]


# ---------------------------------------------------------------- stuck jobs


def stuck(user: Any, worker: str, heartbeat_minutes: int = 0, status: str = ImportStatus.CHECKING) -> ImportJob:
    job = upload(user, b"x")
    heartbeat = timezone.now() - dt.timedelta(minutes=heartbeat_minutes)
    ImportJob.objects.filter(pk=job.pk).update(status=status, worker=worker, heartbeat_at=heartbeat)
    return job


def test_jobs_of_a_dead_worker_are_recovered(tree, personas):
    import socket

    officer = personas["county_officer"]
    dead = stuck(officer, f"{socket.gethostname()}:{2**22 + 12345}", status=ImportStatus.WRITING)
    alive = stuck(officer, f"{socket.gethostname()}:{os.getppid()}")
    remote_silent = stuck(officer, "other-host:42", heartbeat_minutes=31)
    remote_busy = stuck(officer, "other-host:43", heartbeat_minutes=5)
    assert tasks.recover_stuck_imports() == 2
    states = {j.pk: (j.status, j.problems) for j in ImportJob.objects.all()}
    assert states[dead.pk] == (ImportStatus.ERROR, [tasks.INTERRUPTED])
    assert states[remote_silent.pk] == (ImportStatus.ERROR, [tasks.INTERRUPTED])
    assert states[alive.pk][0] == states[remote_busy.pk][0] == ImportStatus.CHECKING
    assert not ImportJob.objects.get(pk=dead.pk).file  # the upload with its ID numbers is gone too


def test_the_job_page_shows_an_interrupted_job(tree, personas):
    import socket

    from django.test import Client

    job = stuck(personas["county_officer"], f"{socket.gethostname()}:{2**22 + 12345}")
    client = Client()
    client.force_login(personas["county_officer"])
    page = client.get(f"/people/roster/jobs/{job.pk}/").content.decode()
    assert "导入中断（后台任务进程已退出），未写入任何数据，请重新上传。" in page


# ---------------------------------------------------------------- hypothesis: any cell


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
CELL = st.one_of(
    st.none(), TEXT, st.text(min_size=1990, max_size=2100), st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["正式党员", "测试县委/南镇党委/南一村党支部", "2024年13月1日", "=SUM(A1)", "@x", "\x0b", "\x00"]),
)  # fmt: skip


def _xml_text(value: str) -> str:
    return "".join(c if c in "\t\n\r" or ord(c) >= 32 else f"&#{ord(c)};" for c in value).replace("&#0;", "")


def _sheet_with(cells: list[tuple[int, int, Any]]) -> bytes:
    """The default roster with cells overwritten; text written as escaped inline strings (so that
    control characters reach the reader as they would from other software)."""
    book = roster_workbook()
    data = book.getvalue()
    source = zipfile.ZipFile(io.BytesIO(data))
    name = "xl/worksheets/sheet2.xml"
    xml = source.read(name).decode()
    extra = []
    for row, column, value in cells:
        ref = f"{workbook.column_letters(column)}{row}"
        if isinstance(value, bool):
            extra.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            extra.append(f'<c r="{ref}"><v>{value!r}</v></c>')
        elif isinstance(value, str):
            text = _xml_text(value).replace("&", "&amp;").replace("&amp;#", "&#").replace("<", "&lt;")
            extra.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
    rows = "".join(f'<row r="{10 + i}">{c}</row>' for i, c in enumerate(extra))
    xml = xml.replace("</sheetData>", rows + "</sheetData>")
    return _replace_member(data, name, xml.encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.just(0), st.integers(1, 17), CELL), max_size=6))
def test_any_cells_fail_cleanly_or_import(db, cells):
    before = counts()
    data = _sheet_with([(0, column, value) for _, column, value in cells])
    plan = roster.import_roster(io.BytesIO(data))
    if not plan.ok:
        assert counts() == before, "a failed import must not write anything"
        for problem in plan.problems:
            assert problem.reason and str(problem).startswith(f"{problem.sheet} {problem.row} {problem.column}: ")
