"""The township dashboard at county scale (issue 13, `make bench`): what falls due is counted in
SQL with the same test as each file's page, the list comes a page at a time, and the number of
queries does not grow with the files."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiceng.development import actions, queries
from jiceng.development.models import File
from jiceng.development.views import PAGE_SIZE

from .factories import SYSTEM, D, applicant, full_members, open_file, walk
from .test_views import NOW, _client

pytestmark = pytest.mark.django_db


def test_latest_start_on_both_sides_of_a_month_end() -> None:
    # add_months(2026-08-31, 6) is 2027-02-28: due by the 28th, so August 31 is the last start.
    assert queries.latest_start(6, D(2027, 2, 28)) == D(2026, 8, 31)
    assert queries.latest_start(6, D(2027, 2, 27)) == D(2026, 8, 27)
    assert queries.latest_start(12, D(2025, 12, 31)) == D(2024, 12, 31)


def _files(tree: Any) -> dict[str, File]:
    """Open files each due (or not) for another reason, as of the end of December 2026."""
    members = full_members(tree.east1)
    made = {"activist": walk(open_file(tree.east1), "activist"),  # half-year review overdue since 2023
            "sworn": walk(open_file(tree.east1, person=applicant(tree.east1, "钱预备")), "sworn")}  # fmt: skip
    for key, name, applied in (("talk_due", "周新", D(2026, 11, 20)), ("talk_next_month", "吴月初", D(2026, 12, 2))):
        made[key] = open_file(tree.east1, person=applicant(tree.east1, name), applied_on=applied, today=D(2026, 12, 2))
    late = open_file(tree.east1, person=applicant(tree.east1, "孙积极"), applied_on=D(2026, 6, 1), today=D(2026, 6, 1))
    actions.move(SYSTEM, late, "talked", on=D(2026, 6, 10), today=D(2026, 6, 10), note="谈话")
    actions.move(SYSTEM, late, "activist", on=D(2026, 6, 30), today=D(2026, 6, 30), contacts=[members[0].pk])
    made["review_on_the_last_day"] = late  # 2026-06-30 + 6 months = 2026-12-30
    talked = open_file(
        tree.east1, person=applicant(tree.east1, "周谈过"), applied_on=D(2026, 11, 1), today=D(2026, 11, 1)
    )
    made["talked"] = actions.move(SYSTEM, talked, "talked", on=D(2026, 11, 5), today=D(2026, 11, 5), note="谈话")
    return made


def test_what_is_due_in_sql_is_what_each_file_shows(tree: Any) -> None:
    made = _files(tree)
    files = File.objects.open()
    for until in (D(2026, 12, 29), D(2026, 12, 31), D(2027, 1, 2)):
        in_python = {f.pk for f in files if queries.due_items(f, until)}
        assert set(queries.with_due(files, until).values_list("pk", flat=True)) == in_python, until
    due = set(queries.with_due(files, D(2026, 12, 31)).values_list("pk", flat=True))
    assert due == {made[k].pk for k in ("activist", "sworn", "talk_due", "review_on_the_last_day")}
    assert set(queries.with_due(files, D(2026, 12, 29)).values_list("pk", flat=True)) == {
        made[k].pk for k in ("activist", "sworn", "talk_due")
    }


def _dashboard(client: Any, query: str = "") -> tuple[str, int]:
    with mock.patch("django.utils.timezone.now", return_value=NOW), CaptureQueriesContext(connection) as sql:
        html = client.get(reverse("development:index") + query).content.decode()
    return html, len(sql)


def test_the_dashboard_pages_the_files_and_its_queries_do_not_grow(tree: Any, personas: dict[str, Any]) -> None:
    _files(tree)
    client = _client(personas["township_officer"])
    html, few = _dashboard(client)
    assert "有本月到期或已超期事项的档案 4 份" in html and 'id="next-page"' not in html
    due_only, _ = _dashboard(client, "?due=1")
    assert due_only.count('class="list-group-item list-group-item-action"') == 4
    assert "周新" in due_only and "吴月初" not in due_only and "周谈过" not in due_only
    for i in range(PAGE_SIZE):  # applications of this month: the talk falls due next month
        open_file(tree.east2, person=applicant(tree.east2, f"申请人{i}"), applied_on=D(2026, 12, 1 + i % 2),
                  today=D(2026, 12, 2))  # fmt: skip
    html, many = _dashboard(client)
    assert many == few
    assert html.count('class="list-group-item list-group-item-action"') == PAGE_SIZE and 'id="next-page"' in html
    second, _ = _dashboard(client, "?page=2")
    assert second.count('class="list-group-item list-group-item-action"') == 6  # 56 files, 50 on the first page
    assert "有本月到期或已超期事项的档案 4 份" in html


def test_the_county_dashboard_counts_by_township(tree: Any, personas: dict[str, Any]) -> None:
    _files(tree)
    full_members(tree.west1)
    open_file(tree.west1, person=applicant(tree.west1, "西申请"), applied_on=D(2026, 11, 25), today=D(2026, 12, 2))
    html, _ = _dashboard(_client(personas["county_officer"]))
    table = html[html.index('id="by-org"') :].split("</table>")[0]
    assert "按乡镇查看" in table and "东一村党支部" not in table
    # 东镇: applicants 周新, 吴月初, 周谈过 (talked); activists 李小青, 孙积极; 钱预备 on probation
    east = table[table.index("<td>东镇党委</td>") :].split("</tr>")[0]
    west = table[table.index("<td>西镇党委</td>") :].split("</tr>")[0]
    assert east.count("<td>") == 5 and "<td>3</td><td>2</td><td>0</td><td>1</td>" in east
    assert "<td>1</td><td>0</td><td>0</td><td>0</td>" in west
