"""Another township's officer learns nothing about where a person or an organization is
(issue 11 item 9): the same answer whether the ID number or the path exists or not, and where
an ID number is already registered, only that it needs a transfer."""

from __future__ import annotations

import datetime as dt
import io

from django.test import Client

from jiceng.people import roster
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person, valid_id

from .test_roster import person_row, workbook

REGISTERED_ELSEWHERE = "已在本县其他组织登记，请办理组织关系转接"


def people_sheet(*rows: list) -> io.BytesIO:
    return workbook(orgs=[], people=list(rows))


def test_the_person_form_does_not_say_where_an_id_number_is_registered(tree, personas):
    east = make_person(tree.east1, "张三", phone="13812345678")
    client = Client()
    client.force_login(personas["other_township_officer"])
    response = client.post("/people/new/", {"name": "张三", "id_number": east.id_number, "category": "resident",
                                            "organization": tree.west1.pk})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    from jiceng.people.rules import REGISTERED_ELSEWHERE as in_code

    assert in_code == REGISTERED_ELSEWHERE
    assert REGISTERED_ELSEWHERE in page
    assert "东镇" not in page and "东一村" not in page
    assert Person.objects.count() == 1


def test_in_the_own_subtree_the_form_says_it_is_registered(tree, personas):
    east = make_person(tree.east1, "张三")
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.post("/people/new/", {"name": "张三", "id_number": east.id_number, "category": "resident",
                                            "organization": tree.east2.pk})  # fmt: skip
    assert "该公民身份号码已登记" in response.content.decode()


def test_the_roster_import_does_not_say_where_an_id_number_is_registered(tree, personas):
    east = make_person(tree.east1, "张三")
    row = person_row(公民身份号码=east.id_number, 所在党组织="测试县委/西镇党委/西一村党支部", 党内职务="", 村委会职务="",
                     性别="", 出生日期="")  # fmt: skip
    plan = roster.import_roster(people_sheet(row), personas["other_township_officer"])
    assert [str(p) for p in plan.problems] == [f"人员 2 公民身份号码: {REGISTERED_ELSEWHERE}"]


def test_the_roster_import_never_confirms_another_townships_paths(tree, personas):
    """An existing path of 东镇 and a made-up one get the same answer."""
    number = valid_id(dt.date(1980, 1, 1))
    answers = []
    for path in ("测试县委/东镇党委/东一村党支部", "测试县委/东镇党委/无此村党支部"):
        row = person_row(公民身份号码=number, 所在党组织=path, 党内职务="", 村委会职务="", 性别="", 出生日期="")
        plan = roster.import_roster(people_sheet(row), personas["other_township_officer"])
        answers.append([str(p) for p in plan.problems])
    assert answers[0] == answers[1] == ["人员 2 所在党组织: 不在您的管辖范围内"]
