"""Registering talents: duplicates refused in Chinese with nothing written, the person link, checks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.people.tests.factories import make_person
from jiceng.talents import actions
from jiceng.talents.models import Talent
from jiceng.talents.rules import Category

from .factories import talent

pytestmark = pytest.mark.django_db


def test_a_talent_is_registered_with_its_honors_and_audited(tree: Any) -> None:
    t = talent(tree.east1, contact="138 1234 5678", local_top=True, other_honors="县劳动模范")
    assert (t.org_path, t.contact, t.contact_masked, t.honors) == (
        tree.east1.path, "13812345678", "138****5678", ["乡土拔尖人才", "县劳动模范"])  # fmt: skip
    assert AuditEvent.objects.filter(action="create", object_repr=str(t)).count() == 1


def test_the_same_name_village_and_category_is_refused_even_spaced(tree: Any) -> None:
    talent(tree.east1, "李大富")
    with pytest.raises(DomainError, match=r"^东一村党支部已登记李 大富为养殖类实用人才，不能重复登记$"):
        talent(tree.east1, "李 大富")
    assert Talent.objects.count() == 1


def test_the_same_name_in_another_category_or_village_is_another_talent(tree: Any) -> None:
    talent(tree.east1, "李大富")
    talent(tree.east1, "李大富", Category.PROCESSING, skills="豆腐加工")
    talent(tree.east2, "李大富")
    assert Talent.objects.count() == 3


def test_the_same_person_is_registered_once(tree: Any) -> None:
    person = make_person(tree.east1, "王小明")
    first = talent(tree.east1, "", person=person)
    assert first.name == "王小明"
    with pytest.raises(DomainError, match=r"^王小明已登记为养殖类实用人才，同一人员只登记一次$"):
        talent(tree.east1, "", Category.BROKER, person=person)
    assert Talent.objects.count() == 1


def test_a_person_of_another_village_or_another_name_is_refused(tree: Any) -> None:
    other = make_person(tree.east2, "赵四")
    with pytest.raises(DomainError, match=r"^所选人员档案不存在或不在本村$"):
        talent(tree.east1, "赵四", person=other)
    mine = make_person(tree.east1, "钱五")
    with pytest.raises(DomainError, match=r"^姓名与所选人员档案（钱五）不一致$"):
        talent(tree.east1, "钱六", person=mine)
    assert Talent.objects.count() == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"skills": "  "}, "请填写专长技能"),
    ({"category": "astronaut"}, "请选择人才类别"),
    ({"contact": "138-1234"}, None),
    ({"contact": "12345"}, "联系电话应为7到12位数字"),
    ({"name": " "}, "请填写姓名"),
])  # fmt: skip
def test_bad_input_is_refused_in_chinese(tree: Any, data: dict[str, str], message: str | None) -> None:
    fields = {"name": "李大富", "category": Category.BREEDING, "skills": "蛋鸡养殖", **data}
    if message is None:
        assert actions.create_talent(SYSTEM, tree.east1, **fields).contact == "1381234"
        return
    with pytest.raises(DomainError, match=f"^{re.escape(message)}$"):
        actions.create_talent(SYSTEM, tree.east1, **fields)
    assert Talent.objects.count() == 0


def test_talents_belong_to_a_village(tree: Any) -> None:
    with pytest.raises(DomainError, match=r"^实用人才登记在村级党组织下$"):
        talent(tree.east)


def test_an_edit_into_a_duplicate_is_refused_and_nothing_changes(tree: Any) -> None:
    talent(tree.east1, "李大富")
    other = talent(tree.east1, "李小富")
    with pytest.raises(DomainError, match="不能重复登记"):
        actions.update_talent(SYSTEM, other, name="李大富")
    other.refresh_from_db()
    assert other.name == "李小富"
    assert actions.update_talent(SYSTEM, other, skills="肉鸭养殖").skills == "肉鸭养殖"


def test_a_member_may_not_register(tree: Any, personas: dict[str, Any]) -> None:
    with pytest.raises(DomainError):
        talent(tree.east1, actor=personas["member"])
    assert Talent.objects.count() == 0
