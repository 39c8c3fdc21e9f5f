import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jiceng.people import rules
from jiceng.people.rules import Category


def make_id(birth: dt.date, seq: int, region: str = "420102") -> str:
    return rules.id_with_check_digit(f"{region}{birth:%Y%m%d}{seq:03d}")


def test_valid_id_has_no_problem_and_derives_sex_and_birth():
    number = make_id(dt.date(1990, 1, 1), 122)
    assert rules.id_problem(number) is None
    assert rules.birth_date_from_id(number) == dt.date(1990, 1, 1)
    assert rules.sex_from_id(number) == rules.Sex.FEMALE  # 17th digit 2 is even
    assert rules.sex_from_id(make_id(dt.date(1990, 1, 1), 121)) == rules.Sex.MALE


def test_bad_checksum_and_length_are_explained():
    number = make_id(dt.date(1990, 1, 1), 123)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert rules.id_problem(wrong) == "公民身份号码校验位不正确"
    assert rules.id_problem(number[:-1]) == "公民身份号码应为18位"
    assert rules.id_problem(make_id(dt.date(1990, 2, 1), 1, region="999999")) == "公民身份号码的地址码不存在"
    assert rules.id_problem(rules.id_with_check_digit("42010219900230123")) == "公民身份号码中的出生日期不存在"
    assert rules.id_problem("42010219900101123A") == "公民身份号码只能由数字和末位X组成"


def test_person_born_before_district_existed_is_accepted():
    # 江夏区 (420115) dates from 1995; people born there in 1950 carry its code.
    assert rules.id_problem(make_id(dt.date(1950, 6, 1), 11, region="420115")) is None


def test_mask_keeps_region_prefix_and_last_four():
    assert rules.mask_id("420102199001011234") == "4201**********1234"


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2010, 12, 31)),
    st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2099, 12, 31)),
)
def test_age_matches_counting_birthdays(birth, on):
    birthdays_passed = sum(
        1
        for year in range(birth.year + 1, on.year + 1)
        if (on.month, on.day) >= (birth.month, birth.day) or year < on.year
    )
    assert rules.age_on(birth, on) == birthdays_passed


def test_age_leap_day():
    assert rules.age_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28)) == 17
    assert rules.age_on(dt.date(2000, 2, 29), dt.date(2018, 3, 1)) == 18


def test_pinyin_keys():
    assert rules.pinyin_keys("张三") == ("zhangsan", "zs")


def test_category_on_follows_member_dates():
    joined, confirmed = dt.date(2020, 7, 1), dt.date(2021, 7, 1)
    on = rules.category_on
    assert on(Category.FULL, joined, confirmed, dt.date(2022, 1, 1)) == Category.FULL
    assert on(Category.FULL, joined, confirmed, dt.date(2021, 1, 1)) == Category.PROBATIONARY
    assert on(Category.FULL, joined, confirmed, dt.date(2019, 1, 1)) == Category.CANDIDATE
    assert on(Category.PROBATIONARY, joined, None, dt.date(2020, 7, 1)) == Category.PROBATIONARY
    assert on(Category.ACTIVIST, None, None, dt.date(1990, 1, 1)) == Category.ACTIVIST


def test_pinyin_of_polyphonic_surnames_and_latin_letters():
    assert rules.pinyin_keys("曾国藩") == ("zengguofan", "zgf")
    assert rules.pinyin_keys("单雄信") == ("shanxiongxin", "sxx")
    assert rules.pinyin_keys("李Anna") == ("lianna", "lanna")
