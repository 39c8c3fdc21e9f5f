"""Care targets: 特殊人员 are seen by the branch secretary's account and officers only — never by
a member, an anonymous visitor, another village's secretary, in the API or the export."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from jiceng.accounts.models import ApiToken, Role
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.councils import actions
from jiceng.councils.models import CareTarget

from .factories import FOUNDED, D, council, councillor, register


@pytest.fixture
def targets(tree: Any) -> Any:
    c = council(tree.east1)
    member = councillor(c)
    for kind, detail, name in (("hardship", "alone", "孤寡老人甲"), ("youth", "youth", "返乡青年乙"),
                               ("special", "cult", "特殊甲")):  # fmt: skip
        actions.add_target(SYSTEM, c, kind=kind, detail=detail, name=name, councillor=member, since=FOUNDED)
    return c


def _names(user: Any) -> list[str]:
    return sorted(CareTarget.objects.visible_to(user).values_list("name", flat=True))


def test_who_sees_which_targets(targets: Any, tree: Any, personas: dict[str, Any]) -> None:
    everything = ["孤寡老人甲", "特殊甲", "返乡青年乙"]
    assert _names(personas["county_officer"]) == everything
    assert _names(personas["township_officer"]) == everything
    assert _names(personas["village_secretary"]) == everything
    assert _names(personas["member"]) == []
    assert _names(personas["other_township_officer"]) == []
    # An editor of the subtree who is not the branch's secretary account: no 特殊人员.
    above = make_user("east_secretary", tree.east, Role.VILLAGE_SECRETARY)
    assert _names(above) == ["孤寡老人甲", "返乡青年乙"]


def test_only_those_who_see_them_enter_special_targets(targets: Any, tree: Any) -> None:
    above = make_user("east_secretary", tree.east, Role.VILLAGE_SECRETARY)
    member = targets.councillors.get()
    with pytest.raises(DomainError, match="特殊人员只能由本支部书记或乡镇、县级工作人员登记"):
        actions.add_target(above, targets, kind="special", detail="released", name="特殊乙", councillor=member,
                           since=FOUNDED)  # fmt: skip
    assert CareTarget.objects.count() == 3


def test_a_target_names_a_confirmed_councillor_and_a_household_of_the_village(targets: Any, tree: Any) -> None:
    pending = councillor(targets, "待确认", confirmed=False)
    with pytest.raises(DomainError, match="请选择本理事会已确认的理事"):
        actions.add_target(SYSTEM, targets, kind="youth", detail="youth", name="甲", councillor=pending, since=FOUNDED)
    (elsewhere,) = register(tree.east2, 1)
    with pytest.raises(DomainError, match="该农户不属于东一村党支部所在村，不能登记"):
        actions.add_target(SYSTEM, targets, kind="youth", detail="youth", name="乙", household=elsewhere,
                           councillor=targets.councillors.get(name="林理事"), since=FOUNDED)  # fmt: skip
    assert CareTarget.objects.count() == 3


def test_the_pages_api_and_export_never_show_special_to_others(targets: Any, personas: dict[str, Any]) -> None:
    special = CareTarget.objects.get(kind="special")
    pages = [reverse("councils:council", args=[targets.pk]), reverse("councils:index")]
    member = Client()
    member.force_login(personas["member"])
    for url in pages:
        assert "特殊甲" not in member.get(url).content.decode()
    assert member.get(reverse("councils:targets", args=[targets.pk])).status_code == 403
    assert member.get(reverse("councils:target", args=[special.pk])).status_code == 404
    anonymous = Client().get(reverse("councils:target", args=[special.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    token = ApiToken.objects.issue(personas["member"])
    api = Client().get(reverse("api-v1:list_targets", args=[targets.pk]), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 404  # a refusal in the API reads as "not found"
    secretary = Client()
    secretary.force_login(personas["village_secretary"])
    page = secretary.get(reverse("councils:targets", args=[targets.pk])).content.decode()
    assert "特殊甲" in page and "限制查看" in page
    export = secretary.get(reverse("councils:visits_xlsx", args=[targets.pk]))
    assert export.status_code == 200 and "特殊甲".encode() not in export.content


def test_care_records_of_a_target(targets: Any) -> None:
    target = CareTarget.objects.get(name="特殊甲")
    record = actions.add_care_record(SYSTEM, target, councillor=targets.councillors.get(), cared_on=D(2024, 6, 1),
                                     content="帮助办好低保手续")  # fmt: skip
    assert list(target.records.values_list("cared_on", "content")) == [(record.cared_on, "帮助办好低保手续")]
    with pytest.raises(DomainError, match="请填写关怀内容"):
        actions.add_care_record(SYSTEM, target, councillor=targets.councillors.get(), cared_on=D(2024, 6, 1),
                                content=" ")  # fmt: skip


def test_the_public_board_of_the_village_never_shows_special_targets(targets: Any, tree: Any) -> None:
    for url in (reverse("openness:board", args=[tree.east1.pk]), reverse("openness:board", args=[tree.east.pk])):
        response = Client().get(url)
        assert response.status_code == 200 and "特殊甲" not in response.content.decode()


def test_the_audit_log_never_names_a_special_target(targets: Any) -> None:
    from jiceng.core.models import AuditEvent

    special = CareTarget.objects.get(kind="special")
    actions.add_care_record(
        SYSTEM, special, councillor=targets.councillors.get(), cared_on=D(2024, 6, 1), content="谈心"
    )
    events = AuditEvent.objects.filter(object_type__in=["councils.caretarget", "councils.carerecord"])
    assert "特殊甲" not in str(list(events.values_list("object_repr", "changes")))
    assert sorted(events.values_list("object_repr", flat=True)) == [
        "2024-06-01 关怀记录", "关怀对象（限制查看）", "孤寡老人甲", "返乡青年乙"]  # fmt: skip
