import pytest

from jiceng.core.models import AuditEvent


def test_audit_is_append_only(tree, personas):
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_audit_visible_to_officers_of_the_subtree_only(tree, personas):
    township = set(AuditEvent.objects.visible_to(personas["township_officer"]).values_list("object_repr", flat=True))
    assert "东一村党支部" in township and "西一村党支部" not in township
    assert not AuditEvent.objects.visible_to(personas["village_secretary"]).exists()
    assert not AuditEvent.objects.visible_to(personas["member"]).exists()


# ---------------------------------------------------------------- the trail in words (issue 10.10)


def _page(client, **query):
    return client.get("/audit/", query).content.decode()


def test_the_audit_page_shows_changes_in_words_not_code_dicts(tree, personas):
    from django.test import Client

    from jiceng.organizations import actions as org_actions

    org_actions.rename_organization(personas["township_officer"], tree.east2, "东二村新党支部")
    client = Client()
    client.force_login(personas["township_officer"])
    body = _page(client)
    assert "组织名称：东二村党支部 → 东二村新党支部" in body  # the model's verbose name
    assert "{" not in body.split("<tbody>")[1].split("</tbody>")[0]  # no raw JSON
    assert "更名" in body and ">rename<" not in body
    assert "组织类别：党支部" in body  # the creation's snapshot: a choice code by its label
    assert "党组织</span> 东二村新党支部" in body or "组织</span> 东二村新党支部" in body


def test_describe_labels_values_pairs_and_nested_changes(tree):
    from jiceng.core.audit_display import describe, register_audit_labels

    lines = [str(x) for x in describe("organizations.organization", "update", {
        "name": ["旧", "新"], "kind": ["branch", "general_branch"], "dissolved_on": "2026-01-05",
        "首次登录码": "2026-02-01", "published": [False, True], "note": None,
    })]  # fmt: skip
    assert lines[0] == "组织名称：旧 → 新"
    assert lines[1] == "组织类别：党支部 → 党总支"
    assert lines[2] == "撤销日期：2026-01-05"
    assert lines[3] == "首次登录码：2026-02-01"
    assert lines[4] == "公开：否 → 是"
    assert lines[5] == "其他：空"
    meeting = [str(x) for x in describe("meetings.meeting", "update", {
        "attendance": {"张三": ["invited", "absent"], "李四": ["外出"]}, "vote": [10, 2, 1],
        "recorded_at": "2026-03-01T02:00:00+00:00",
    })]  # fmt: skip
    # The model's fields first, in their declared order, then the other keys as written
    assert meeting[0].endswith("2026-03-01 10:00")  # recorded_at, in Asia/Shanghai
    assert meeting[1] == "出席情况：张三：应到 → 缺席；李四：外出"
    assert meeting[2] == "表决（赞成、反对、弃权）：10、2、1"
    register_audit_labels("meetings.meeting", {"vote": "表决票数"})
    assert str(describe("meetings.meeting", "update", {"vote": [1, 0, 0]})[0]) == "表决票数：1、0、0"


def test_a_persons_history_on_their_page_is_in_words(tree, personas):
    from django.test import Client

    from jiceng.people.tests.factories import make_person

    person = make_person(tree.east1, "张三")
    from jiceng.core import audit

    audit.record(personas["township_officer"], "update", person, org=tree.east1, changes={"phone": ["", "13800000000"]})
    client = Client()
    client.force_login(personas["township_officer"])
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert "修改：联系电话：空 → 13800000000" in body
    assert "{&#x27;phone" not in body and "{'phone" not in body
