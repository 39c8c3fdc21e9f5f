import datetime as dt

import pytest

from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.people import actions
from jiceng.people.models import CategoryChange, Person
from jiceng.people.rules import Category, CommitteeTitle, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person, valid_id


def test_create_stores_id_encrypted_and_masked(tree, personas):
    number = valid_id(dt.date(1980, 3, 4), male=False)
    person = actions.create_person(
        personas["village_secretary"],
        id_number=number,
        name="刘芳",
        category=Category.RESIDENT,
        organization=tree.east1,
    )
    row = Person.objects.filter(pk=person.pk).values().get()
    assert number not in str(row)
    assert row["id_masked"] == number[:4] + "*" * 10 + number[-4:]
    assert person.id_number == number
    assert (person.sex, person.birth_date) == ("F", dt.date(1980, 3, 4))
    assert (person.name_pinyin, person.name_initials) == ("liufang", "lf")


def test_duplicate_id_refused(tree, personas):
    person = make_person(tree.east1)
    with pytest.raises(DomainError, match="已登记"):
        actions.create_person(
            personas["township_officer"],
            id_number=person.id_number,
            name="重复",
            category=Category.RESIDENT,
            organization=tree.east2,
        )


def test_member_rules(tree, personas):
    with pytest.raises(DomainError, match="转正日期不能早于入党日期"):
        make_person(
            tree.east1,
            joined_on=dt.date(2010, 1, 1),
            confirmed_on=dt.date(2009, 1, 1),
            actor=personas["township_officer"],
        )
    with pytest.raises(DomainError, match="党员必须填写入党日期"):
        make_person(tree.east1, category=Category.PROBATIONARY, joined_on=None)


def test_secretary_cannot_add_people_outside_branch(tree, personas):
    with pytest.raises(AccessDenied):
        make_person(tree.east2, actor=personas["village_secretary"])
    assert not Person.objects.exists()


def test_update_category_appends_history_and_audit(tree, personas):
    person = make_person(tree.east1, category=Category.PROBATIONARY, joined_on=dt.date(2025, 6, 1))
    actions.update_person(
        personas["village_secretary"], person, category=Category.FULL, confirmed_on=dt.date(2026, 6, 1), via="pipeline"
    )
    assert list(CategoryChange.objects.filter(person=person).values_list("category", "since")) == [
        (Category.PROBATIONARY, dt.date(2025, 6, 1)),
        (Category.FULL, dt.date(2026, 6, 1)),
    ]
    event = AuditEvent.objects.filter(action="update").get()
    assert event.changes["category"] == ["probationary", "full"]


def test_member_cannot_update(tree, personas):
    person = make_person(tree.east1)
    with pytest.raises(AccessDenied):
        actions.update_person(personas["member"], person, phone="13800000000")
    person.refresh_from_db()
    assert person.phone == ""


def test_transfer_to_other_township_refused_for_township_officer(tree, personas):
    person = make_person(tree.east1)
    with pytest.raises(AccessDenied):
        actions.update_person(personas["township_officer"], person, organization=tree.west1)


def test_posts_and_end(tree, personas):
    person = make_person(tree.east1)
    officer = personas["township_officer"]
    post = actions.add_post(
        officer, person, body=PostBody.PARTY, title=PartyTitle.SECRETARY, start_on=dt.date(2021, 1, 1)
    )
    actions.add_post(officer, person, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR)
    with pytest.raises(DomainError, match="离任日期不能早于任职日期"):
        actions.end_post(officer, post, dt.date(2020, 1, 1))
    actions.end_post(officer, post, dt.date(2026, 1, 1))
    assert person.posts.current_on(dt.date(2026, 2, 1)).count() == 1
