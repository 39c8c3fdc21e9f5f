"""The union pages, Excel and API: a union outside 25–30 households warned on the form and stored
only when confirmed; activities summed on the page, in the Excel and the API; the demo union."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_user
from jiceng.accounts.models import Role
from jiceng.core.actor import SYSTEM
from jiceng.unions import actions, demo
from jiceng.unions.models import Activity, Union
from jiceng.unions.rules import ActivityKind, OfficerRole

from .factories import FOUNDED, D, make_union, register


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_twelve_households_warned_on_the_form_then_stored_when_confirmed(tree: Any, personas: Any) -> None:
    houses = register(tree.east1, 12)
    client = _client(personas["village_secretary"])
    url = reverse("unions:union_new", args=[tree.east1.pk])
    data = {"name": "李家冲户联理事会", "basis": "hamlet", "place": "李家冲", "founded_on": "2024-03-01",
            "households": [str(h.pk) for h in houses]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "现为12户（少于规定规模），确认无误后请勾选“确认规模”再保存" in response.content.decode()
    assert Union.objects.count() == 0
    response = client.post(url, {**data, "confirm_size": "on"})
    union = Union.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("unions:union", args=[union.pk])
    page = client.get(response["Location"]).content.decode()
    assert "农户 <strong>12</strong> 户（规模已确认）" in page and "一组农户12" in page


def test_a_household_of_another_village_cannot_be_posted(tree: Any, personas: Any) -> None:
    houses = register(tree.east1, 25) + register(tree.east2, 1, "东二一组")
    response = _client(personas["village_secretary"]).post(reverse("unions:union_new", args=[tree.east1.pk]), {
        "name": "甲", "basis": "hamlet", "place": "甲", "founded_on": "2024-03-01",
        "households": [str(h.pk) for h in houses]})  # fmt: skip
    assert response.status_code == 400 and "所选农户不属于本村或已加入其他户联理事会" in response.content.decode()
    assert Union.objects.count() == 0


def _recorded(tree: Any) -> Union:
    union = make_union(tree.east1, 26, chair=True)
    actions.choose_officer(SYSTEM, union, role=OfficerRole.MEMBER, name="李秀英", chosen_on=FOUNDED, voting=26,
                           votes=20)  # fmt: skip
    actions.record_activity(SYSTEM, union, kind=ActivityKind.ECONOMY, held_on=D(2024, 4, 1), title="互换劳力",
                            households=26, labour=1_200)  # fmt: skip
    actions.record_activity(SYSTEM, union, kind=ActivityKind.GOOD_DEEDS, held_on=D(2024, 5, 1), title="修路",
                            households=20, water=300, road_km=Decimal("2.8"), money=1_234_550)  # fmt: skip
    return union


def test_the_union_page_sums_the_activities_and_hides_households_from_members(tree: Any, personas: Any) -> None:
    union = _recorded(tree)
    page = _client(personas["village_secretary"]).get(reverse("unions:union", args=[union.pk])).content.decode()
    assert ("互换劳力 <strong>1200</strong> 人次 · 整修堰塘水渠 <strong>300</strong> 人次 · 修路 <strong>2.80</strong> 公里"
            " · 集资 <strong>12,345.50</strong> 元") in page  # fmt: skip
    assert "一组农户1" in page
    member_page = _client(personas["member"]).get(reverse("unions:union", args=[union.pk])).content.decode()
    assert "王德厚" in member_page and "一组农户1" not in member_page and 'id="activity-form"' not in member_page


def test_the_excel_has_a_row_per_union_with_its_sums(tree: Any, personas: Any) -> None:
    _recorded(tree)
    make_union(tree.east2, 25, name="李家冲户联理事会", grid="东二一组")
    response = _client(personas["township_officer"]).get(reverse("unions:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("村", "户联理事会", "组建单元", "屋场院子或自然村落", "成立日期", "农户（户）")
    assert [r[:2] + r[5:] for r in rows[1:]] == [
        ("东一村党支部", "王家湾户联理事会", 26, "王德厚", "李秀英", 2, 1200, 300, 2.8, "12,345.50", "0.00"),
        ("东二村党支部", "李家冲户联理事会", 25, None, None, 0, 0, 0, 0, "0.00", "0.00"),
    ]


def test_the_api_lists_details_and_records(tree: Any, personas: Any) -> None:
    union = _recorded(tree)
    from jiceng.accounts.models import ApiToken

    bearer = f"Bearer {ApiToken.objects.issue(personas['village_secretary'])}"
    client = Client()
    got = client.get(reverse("api-v1:get_union", args=[union.pk]), HTTP_AUTHORIZATION=bearer).json()
    assert (got["households"], got["totals"], [o["name"] for o in got["officers"]]) == (
        26, {"labour": 1200, "water": 300, "road_km": "2.80", "money_fen": 1_234_550}, ["王德厚", "李秀英"])  # fmt: skip
    assert [(k["kind"], k["activities"]) for k in got["by_kind"]] == [
        ("economy", 1), ("security", 0), ("good_deeds", 1), ("culture", 0)]  # fmt: skip
    url = reverse("api-v1:union_activity_create", args=[union.pk])
    body = {"kind": "culture", "held_on": "2024-06-01", "title": "老曲新唱", "households": 27}
    bad = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=bearer)
    assert (bad.status_code, bad.json()["detail"]) == (400, "参与户数（27户）不能多于本会农户（26户）")
    assert Activity.objects.count() == 2


def test_the_demo_union(tree: Any) -> None:
    make_user("village", tree.east1, Role.VILLAGE_SECRETARY)
    register(tree.east1, 10)
    said: list[str] = []
    today = dt.date(2026, 12, 2)
    demo.seed_for_demo(today, 1, said.append)
    union = Union.objects.get()
    assert (union.members.count(), union.size_confirmed, union.officers.count(), union.activities.count()) == (
        10, True, 2, 4)  # fmt: skip
    assert said == ["东一村党支部：户联理事会 1 个，农户 10 户，四联活动 4 次"]
    demo.seed_for_demo(today, 1, said.append)
    assert Union.objects.count() == 1


def test_a_union_raises_a_village_self_government_proposal(tree: Any, personas: dict[str, Any]) -> None:
    """Seed 002 村民自治事项: 村委会或户联理事会提出议案 → the village's procedure, named from the union."""
    from jiceng.openness.models import Procedure

    u = make_union(tree.east1, 26)
    client = Client()
    client.force_login(personas["village_secretary"])
    response = client.post(reverse("unions:proposal_new", args=[u.pk]),
                           {"title": "修缮组内堰塘", "started_on": "2024-05-06"})  # fmt: skip
    proc = Procedure.objects.get()
    assert response["Location"] == reverse("openness:procedure", args=[proc.pk])
    assert (proc.kind, proc.title, proc.organization) == ("zizhi", "修缮组内堰塘", tree.east1)
    page = client.get(reverse("unions:union", args=[u.pk])).content.decode()
    assert "修缮组内堰塘" in page and "2024-05-06提出" in page
    refused = client.post(reverse("unions:proposal_new", args=[u.pk]), {"title": "", "started_on": "2024-05-06"})
    assert refused.status_code == 400 and Procedure.objects.count() == 1
