import datetime as dt

import pytest

from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.organizations import actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person


def test_create_under_own_subtree_is_audited(tree, personas):
    officer = personas["township_officer"]
    org = actions.create_organization(
        officer, parent=tree.east, name="东三村党支部", kind=OrgKind.BRANCH, village_name="东三村"
    )
    assert org.full_path == "测试县委/东镇党委/东三村党支部"
    assert org.is_village_level and org.village is not None and org.village.name == "东三村"
    event = AuditEvent.objects.get(object_type="organizations.organization", object_id=str(org.pk))
    assert (event.action, event.actor, event.changes["kind"]) == ("create", officer, "branch")


def test_create_in_other_township_is_refused_and_writes_nothing(tree, personas):
    before = (Organization.objects.count(), AuditEvent.objects.count())
    with pytest.raises(AccessDenied):
        actions.create_organization(
            personas["other_township_officer"], parent=tree.east, name="X村党支部", kind=OrgKind.BRANCH
        )
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


def test_kind_rules_refuse_a_township_under_a_branch(tree, personas):
    with pytest.raises(DomainError, match="党支部下不能设立乡镇党委"):
        actions.create_organization(
            personas["county_officer"], parent=tree.east1, name="错误镇党委", kind=OrgKind.TOWNSHIP_COMMITTEE
        )


def test_duplicate_full_path_is_refused(tree, personas):
    with pytest.raises(DomainError, match="已存在同名组织"):
        actions.create_organization(
            personas["township_officer"], parent=tree.east, name="东一村党支部", kind=OrgKind.BRANCH
        )


def test_rename_rewrites_descendant_paths(tree, personas):
    actions.rename_organization(personas["county_officer"], tree.east, "东城镇党委")
    tree.group.refresh_from_db()
    assert tree.group.full_path == "测试县委/东城镇党委/东一村党支部/第一党小组"


def test_move_rewrites_paths_and_people_follow(tree, personas):
    person = make_person(tree.group, "李四")
    actions.move_organization(personas["county_officer"], tree.east1, tree.west)
    tree.group.refresh_from_db()
    person.refresh_from_db()
    assert tree.group.full_path == "测试县委/西镇党委/东一村党支部/第一党小组"
    assert person.org_path == tree.group.path
    assert Person.objects.in_subtree(Organization.objects.get(pk=tree.west.pk)).filter(pk=person.pk).exists()
    assert not Person.objects.in_subtree(Organization.objects.get(pk=tree.east.pk)).exists()


def test_move_into_own_descendant_is_refused(tree, personas):
    with pytest.raises(DomainError, match="不能把组织移动到它自己"):
        actions.move_organization(personas["county_officer"], tree.east, tree.east1)


def test_township_officer_cannot_move_own_township(tree, personas):
    with pytest.raises(AccessDenied):
        actions.move_organization(personas["township_officer"], tree.east, tree.county)


def test_dissolve_keeps_history_and_requires_empty_org(tree, personas):
    person = make_person(tree.east2, "王五")
    officer = personas["township_officer"]
    with pytest.raises(DomainError, match="请先将该组织的人员转出"):
        actions.dissolve_organization(officer, tree.east2)
    person.delete()
    actions.dissolve_organization(officer, tree.east2, on=dt.date(2026, 1, 1))
    org = Organization.objects.get(pk=tree.east2.pk)
    assert org.dissolved_on == dt.date(2026, 1, 1)
    assert not Organization.objects.active().filter(pk=org.pk).exists()
    # The name can be used again by a new organization; the old record stays.
    again = actions.create_organization(officer, parent=tree.east, name="东二村党支部", kind=OrgKind.BRANCH)
    assert again.pk != org.pk


def test_member_cannot_create(tree, personas):
    with pytest.raises(AccessDenied):
        actions.create_organization(personas["member"], parent=tree.east1, name="第二党小组", kind=OrgKind.PARTY_GROUP)


def test_visible_to_is_the_users_subtree(tree, personas):
    names = set(Organization.objects.visible_to(personas["township_officer"]).values_list("name", flat=True))
    assert names == {"东镇党委", "东一村党支部", "东二村党支部", "第一党小组"}
    assert not Organization.objects.visible_to(None).exists()


def test_new_siblings_never_renumber_existing_paths(tree, personas):
    person = make_person(tree.east2, "赵一")
    before = {o.pk: o.path for o in Organization.objects.all()}
    # Names that sort before the existing ones.
    for name in ("阿村党支部", "一村党支部", "东〇村党支部"):
        actions.create_organization(personas["township_officer"], parent=tree.east, name=name, kind=OrgKind.BRANCH)
    after = {o.pk: o.path for o in Organization.objects.all()}
    assert all(after[pk] == path for pk, path in before.items())
    person.refresh_from_db()
    assert person.org_path == person.organization.path


def test_every_person_path_matches_after_moves(tree, personas):
    people = [make_person(org, "钱二") for org in (tree.east1, tree.group, tree.east2, tree.west1)]
    actions.move_organization(personas["county_officer"], tree.east1, tree.west)
    actions.move_organization(personas["county_officer"], tree.west1, tree.east)
    for person in people:
        person.refresh_from_db()
        assert person.org_path == person.organization.path
