import datetime as dt

import pytest

from jiceng.accounts import rules

COUNTY, TOWN, VILLAGE, OTHER_TOWN = "0001", "00010001", "000100010001", "00010002"


@pytest.mark.parametrize(
    ("actor_role", "actor_path", "role", "org_path", "allowed"),
    [
        ("township_officer", TOWN, "member", VILLAGE, True),
        ("township_officer", TOWN, "village_secretary", VILLAGE, True),
        ("township_officer", TOWN, "member", TOWN, True),
        # Their own rank only strictly below their own organization: not a colleague's account.
        ("township_officer", TOWN, "township_officer", TOWN, False),
        ("township_officer", TOWN, "county_officer", VILLAGE, False),
        ("township_officer", TOWN, "member", OTHER_TOWN, False),
        ("township_officer", TOWN, "member", COUNTY, False),
        ("county_officer", COUNTY, "township_officer", TOWN, True),
        ("county_officer", COUNTY, "county_officer", COUNTY, False),
        ("county_officer", COUNTY, "county_officer", TOWN, True),
        # Secretaries and members manage no accounts at all.
        ("village_secretary", VILLAGE, "member", VILLAGE, False),
        ("member", VILLAGE, "member", VILLAGE, False),
        ("township_officer", TOWN, "superuser", VILLAGE, False),
    ],
)
def test_who_may_grant_which_role_where(actor_role, actor_path, role, org_path, allowed):
    assert rules.may_grant(actor_role, actor_path, role, org_path) is allowed


@pytest.mark.parametrize(
    ("role", "kind", "fits"),
    [
        ("township_officer", "township_committee", True),
        ("township_officer", "branch", False),
        ("county_officer", "county_committee", True),
        ("county_officer", "township_committee", False),
        ("village_secretary", "branch", True),
        ("village_secretary", "party_group", False),
        ("village_secretary", "township_committee", False),
        ("member", "party_group", True),
        ("member", "county_committee", True),
    ],
)
def test_roles_fit_organization_kinds(role, kind, fits):
    assert rules.role_fits(role, kind) is fits


def test_secretaries_and_members_belong_to_people_of_their_subtree_officers_need_not():
    assert rules.person_outside("member", VILLAGE, VILLAGE + "0001") is False
    assert rules.person_outside("member", VILLAGE, OTHER_TOWN + "0001") is True
    assert rules.person_outside("village_secretary", VILLAGE, TOWN) is True
    assert rules.person_outside("township_officer", TOWN, OTHER_TOWN + "0001") is False


def test_login_names_from_pinyin_with_digits_for_namesakes():
    taken = {"zhangsan", "zhangsan2"}
    assert rules.free_login_name("zhangsan", taken) == "zhangsan3"
    assert rules.free_login_name("zhangsan", taken) == "zhangsan4"
    assert rules.free_login_name("lvli", taken) == "lvli"
    assert "zhangsan3" in taken and "lvli" in taken


def test_login_name_base_is_ascii_starts_with_a_letter_and_is_bounded():
    assert rules.login_name_base("Tom·li") == "tomli"
    assert rules.login_name_base("007") == "u007"
    assert rules.login_name_base("") == "u"
    assert len(rules.login_name_base("a" * 80)) == rules.LOGIN_NAME_MAX - 4


def test_codes_are_random_from_an_alphabet_without_look_alikes():
    codes = {rules.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and set(c) <= set(rules.CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(rules.CODE_ALPHABET)


def test_codes_are_printed_in_two_groups_and_read_back_however_typed():
    assert rules.format_code("K7MX3QPA") == "K7MX-3QPA"
    assert rules.normalize_code(" k7mx－3qpa ") == "K7MX3QPA"
    assert rules.normalize_code("k7mx 3qpa") == "K7MX3QPA"


def test_codes_expire_after_thirty_days():
    issued = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    assert rules.code_expiry(issued) == dt.datetime(2026, 12, 31, 9, 30, tzinfo=dt.UTC)
