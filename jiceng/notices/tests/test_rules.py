"""The rules of 公示: working-day periods, personal data, objections, rate, outcome, the step."""

from __future__ import annotations

import datetime as dt

import pytest

from jiceng.core.calendar import Calendar, load_calendar
from jiceng.core.errors import DomainError
from jiceng.core.models import CalendarDay
from jiceng.notices import rules
from jiceng.notices.rules import NoticeFact, ObjectionFact, Outcome

D = dt.date
START, END = D(2026, 9, 30), D(2026, 10, 12)


# ---------------------------------------------------------------- periods over the shipped calendar


@pytest.mark.django_db
def test_five_working_days_over_national_day_2026_end_on_12_october() -> None:
    # 9-30 (Wed) is day 1; 1–7 October are holidays; 10-8, 10-9, 10-10 (Saturday, 调休) and 10-12.
    assert rules.period(load_calendar(), START, 5) == (START, END)


@pytest.mark.django_db
def test_the_tiaoxiu_saturday_counts_and_the_sunday_after_it_does_not() -> None:
    cal = load_calendar()
    assert rules.period(cal, D(2026, 10, 9), 2) == (D(2026, 10, 9), D(2026, 10, 10))
    assert rules.period(cal, D(2026, 10, 10), 2) == (D(2026, 10, 10), D(2026, 10, 12))
    # Sunday 20 September 2026 is a 调休 working day: a 公示 may start on it.
    assert rules.period(cal, D(2026, 9, 20), 1) == (D(2026, 9, 20), D(2026, 9, 20))


@pytest.mark.django_db
def test_a_start_on_a_holiday_is_refused_with_the_nearest_working_day() -> None:
    with pytest.raises(DomainError) as exc:
        rules.period(load_calendar(), D(2026, 10, 1), 5)
    assert exc.value.message == "2026-10-01不是工作日，公示应从工作日开始（最近的工作日为2026-10-08）"


@pytest.mark.django_db
def test_a_county_holiday_moves_the_end_for_its_subtree_only(tree: object) -> None:
    county = tree.county  # type: ignore[attr-defined]
    CalendarDay.objects.create(scope=county.path, day=D(2026, 10, 8), is_workday=False, name="县庆")
    assert rules.period(load_calendar(tree.east1.path), START, 5)[1] == D(2026, 10, 13)  # type: ignore[attr-defined]
    assert rules.period(load_calendar(), START, 5)[1] == END


def test_the_default_start_is_today_or_the_next_working_day() -> None:
    cal = Calendar()
    assert rules.default_start(cal, D(2026, 12, 2)) == D(2026, 12, 2)  # Wednesday
    assert rules.default_start(cal, D(2026, 12, 5)) == D(2026, 12, 7)  # Saturday → Monday


@pytest.mark.parametrize(("days", "message"), [
    (0, "公示期不能少于1个工作日"), (-3, "公示期不能少于1个工作日"), (31, "公示期不能超过30个工作日"),
    (True, "公示期应填写工作日天数（整数）"), ("5", "公示期应填写工作日天数（整数）"),
])  # fmt: skip
def test_a_period_shorter_than_one_working_day_or_absurdly_long_is_refused(days: object, message: str) -> None:
    with pytest.raises(DomainError) as exc:
        rules.check_days(days)
    assert exc.value.message == message


def test_one_working_day_ends_on_its_start_and_thirty_are_allowed() -> None:
    cal = Calendar()
    assert rules.period(cal, D(2026, 12, 2), 1) == (D(2026, 12, 2), D(2026, 12, 2))
    assert rules.period(cal, D(2026, 12, 1), 30)[1] == D(2027, 1, 11)


def test_describe_period() -> None:
    assert rules.describe_period(START, END, 5) == "2026年9月30日至2026年10月12日（5个工作日）"


# ---------------------------------------------------------------- personal data


@pytest.mark.parametrize(("text", "found"), [
    ("张三，身份证号11010519491231002X，拟列为发展对象", [("身份证号", "110****02X")]),
    ("号码 110105194912310021 未校验也不能公开", [("身份证号", "110****021")]),
    ("老证号 110105491231002", [("身份证号", "110****002")]),
    ("联系电话13812345678", [("手机号码", "138****678")]),
    ("电话：138-1234-5678 或 +86 139 1234 5678", [("手机号码", "138****678"), ("手机号码", "+86****678")]),
    ("电话１３８１２３４５６７８（全角）", [("手机号码", "138****678")]),
    ("办公室 0751-2345678、(020)87654321", [("电话号码", "075****678"), ("电话号码", "(02****321")]),
])  # fmt: skip
def test_id_and_phone_numbers_are_found(text: str, found: list[tuple[str, str]]) -> None:
    assert rules.personal_data_in(text) == found


@pytest.mark.parametrize("text", [
    "公示时间：2026年9月30日至2026年10月12日", "项目资金138000元", "监督电话12380", "编号20261001",
    "共有党员1234567人", "贷款50000元，期限3年",
])  # fmt: skip
def test_dates_amounts_and_service_numbers_are_not_personal_data(text: str) -> None:
    assert rules.personal_data_in(text) == []


def test_publishable_text_refuses_personal_data_in_chinese() -> None:
    with pytest.raises(DomainError) as exc:
        rules.check_publishable("公示内容", "李四 13812345678")
    assert exc.value.message == "公示内容中不能包含身份证号、电话号码等个人信息，请删除：手机号码“138****678”"


@pytest.mark.parametrize(("value", "result"), [("0751-2345678", "0751-2345678"), ("12380", "12380"), ("", "")])
def test_an_office_line_or_12380_is_a_hotline(value: str, result: str) -> None:
    assert rules.check_hotline(value) == result


@pytest.mark.parametrize(("value", "message"), [
    ("13812345678", "受理电话请填写单位固定电话或12380等公共服务号码，不要填写个人手机号码"),
    ("请找村支书", "受理电话格式不正确，例如 0751-2345678 或 12380"),
])  # fmt: skip
def test_a_mobile_or_a_word_is_not_a_hotline(value: str, message: str) -> None:
    with pytest.raises(DomainError) as exc:
        rules.check_hotline(value)
    assert exc.value.message == message


# ---------------------------------------------------------------- objections


def test_an_objection_of_2000_characters_is_accepted_and_of_2001_refused() -> None:
    assert rules.check_objection("意" * 2000, " 王五 ", "") == ("意" * 2000, "王五", "")
    with pytest.raises(DomainError) as exc:
        rules.check_objection("意" * 2001, "", "")
    assert exc.value.message == "异议内容不能超过2000字（现有2001字），请精简后再提交"


@pytest.mark.parametrize(("text", "name", "contact", "message"), [
    ("  ", "", "", "请填写异议内容"), ("有意见", "名" * 51, "", "姓名不能超过50个字"),
    ("有意见", "", "1" * 51, "联系方式不能超过50个字"),
])  # fmt: skip
def test_bad_objections_are_refused(text: str, name: str, contact: str, message: str) -> None:
    with pytest.raises(DomainError) as exc:
        rules.check_objection(text, name, contact)
    assert exc.value.message == message


NOW = dt.datetime(2026, 10, 8, 10, 0, tzinfo=dt.UTC)


def test_the_sixth_within_an_hour_is_refused_and_says_how_long_to_wait() -> None:
    times = [NOW - dt.timedelta(minutes=m) for m in (50, 40, 30, 20, 10)]
    with pytest.raises(DomainError) as exc:
        rules.check_rate(times, NOW)
    assert exc.value.message == "同一网络地址一小时内最多提交5条异议，请约10分钟后再试"


def test_submissions_older_than_an_hour_no_longer_count() -> None:
    times = [NOW - dt.timedelta(minutes=m) for m in (60, 40, 30, 20, 10)]
    rules.check_rate(times, NOW)  # the one of exactly an hour ago has left the window
    assert rules.recent(times, NOW) == sorted(times[1:])


def test_objections_are_received_on_the_days_of_the_period_only() -> None:
    rules.accepting(START, END, False, START)
    rules.accepting(START, END, False, END)
    for today, withdrawn, message in [
        (D(2026, 9, 29), False, "公示将于2026-09-30开始，开始后才能提出异议"),
        (D(2026, 10, 13), False, "公示期已于2026-10-12结束，不再受理异议；如有问题请向所在乡镇党委反映"),
        (START, True, "该公示已撤回，不再受理异议"),
    ]:
        with pytest.raises(DomainError) as exc:
            rules.accepting(START, END, withdrawn, today)
        assert exc.value.message == message


# ---------------------------------------------------------------- outcome and the waiting step


def fact(*objections: ObjectionFact, **extra: object) -> NoticeFact:
    return NoticeFact(START, END, objections=objections, **extra)  # type: ignore[arg-type]


AFTER = D(2026, 10, 13)


@pytest.mark.parametrize(("notice", "today", "expected"), [
    (fact(), D(2026, 9, 29), Outcome.UPCOMING),
    (fact(), END, Outcome.RUNNING),
    (fact(), AFTER, Outcome.NO_OBJECTION),
    (fact(ObjectionFact("investigating")), AFTER, Outcome.PENDING),
    (fact(ObjectionFact("dismissed", END)), AFTER, Outcome.DISMISSED),
    (fact(ObjectionFact("dismissed", END), ObjectionFact("upheld", END)), AFTER, Outcome.UPHELD),
    (fact(ObjectionFact("upheld", END), decision="continue"), AFTER, Outcome.CONTINUED),
    (fact(ObjectionFact("upheld", END), decision="stop"), AFTER, Outcome.STOPPED),
    (fact(withdrawn=True), AFTER, Outcome.WITHDRAWN),
])  # fmt: skip
def test_outcome(notice: NoticeFact, today: dt.date, expected: Outcome) -> None:
    assert rules.outcome(notice, today) == expected


@pytest.mark.parametrize(("notice", "on", "reason"), [
    (fact(), END, "公示期为2026-09-30至2026-10-12，期满后（2026-10-13起）才能办理下一环节"),
    (fact(ObjectionFact("received"), ObjectionFact("dismissed", END)), AFTER,
     "公示期间收到的异议尚有1件未处理完毕，处理完毕后才能办理下一环节"),
    (fact(ObjectionFact("dismissed", D(2026, 10, 14))), AFTER, "异议于2026-10-14处理完毕，下一环节的日期不能早于该日"),
    (fact(ObjectionFact("upheld", END)), AFTER,
     "公示期间有异议经核实成立，须由组织委员作出处理决定（不影响继续，或终止）后才能办理下一环节"),
    (fact(ObjectionFact("upheld", END), decision="stop", decided_on=AFTER), AFTER,
     "公示期间的异议经核实成立，已决定终止，不能办理下一环节"),
    (fact(ObjectionFact("upheld", END), decision="continue", decided_on=D(2026, 10, 15)), D(2026, 10, 14),
     "处理决定于2026-10-15作出，下一环节的日期不能早于该日"),
    (fact(withdrawn=True), AFTER, "公示已撤回，请重新发布公示"),
])  # fmt: skip
def test_the_step_waits_with_a_reason(notice: NoticeFact, on: dt.date, reason: str) -> None:
    assert rules.step_blocker(notice, on) == reason


@pytest.mark.parametrize("notice", [
    fact(), fact(ObjectionFact("dismissed", END)),
    fact(ObjectionFact("upheld", END), decision="continue", decided_on=AFTER),
])  # fmt: skip
def test_the_step_completes_the_day_after_the_period_once_everything_is_handled(notice: NoticeFact) -> None:
    assert rules.step_blocker(notice, AFTER) is None
    assert rules.outcome(notice, AFTER) in rules.PASSING
