"""The pure rules with exact values: scoring rules, bands, deductions, 一票否决, grades, ratings,
stars, 升级晋档 moves, scheme checks (weights adding up, unknown metrics, forbidden measures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from jiceng.assessments import rules
from jiceng.assessments.templates import SCHEMES
from jiceng.core.errors import DomainError

METRICS = {"meetings.compliance": "organization", "ledgers.overdue": "organization", "ledgers.visits": "person"}


def test_target_rule_full_or_nothing_and_the_letters_target_replaces_it():
    rule = rules.check_rule({"kind": "target", "target": 1}, "发展党员")
    assert rules.score_metric(rule, 1, D(5)).points == D(5)
    assert rules.score_metric(rule, 0, D(5)).points == D(0)
    assert rules.score_metric(rule, 0, D(5), target=D(0)).points == D(5)
    below = rules.check_rule({"kind": "target", "target": 3, "direction": "max"}, "逾期")
    assert rules.score_metric(below, 4, D(10)).points == D(0)
    assert rules.score_metric(below, 3, D(10)).points == D(10)


def test_linear_rule_is_clamped_and_rounded_half_up():
    rule = rules.check_rule({"kind": "linear", "zero": 60, "full": 100}, "会议")
    assert rules.score_metric(rule, 66.7, D(10)).points == D("1.68")  # 1.675 → 1.68
    assert rules.score_metric(rule, 59, D(10)).points == D("0.00")
    assert rules.score_metric(rule, 120, D(10)).points == D("10.00")
    assert rules.score_metric(rule, 90, D(20)).points == D("15.00")


def test_bands_give_the_share_of_the_highest_band_reached():
    rule = rules.check_rule({"kind": "bands", "bands": [[100, 100], [90, 80], [80, 60], [0, 0]]}, "学时")
    assert rules.score_metric(rule, 100, D(10)).points == D("10.00")
    assert rules.score_metric(rule, D("95.5"), D(10)).points == D("8.00")
    assert rules.score_metric(rule, 80, D(10)).points == D("6.00")
    assert rules.score_metric(rule, D("79.9"), D(10)).points == D("0.00")
    with pytest.raises(DomainError, match="从高到低"):
        rules.check_rule({"kind": "bands", "bands": [[80, 60], [90, 80]]}, "学时")


def test_deduction_per_occurrence_never_below_zero():
    rule = rules.check_rule({"kind": "deduction", "per": 2}, "逾期")
    assert rules.score_metric(rule, 0, D(10)).points == D("10.00")
    assert rules.score_metric(rule, 2, D(10)).points == D("6.00")
    assert rules.score_metric(rule, 7, D(10)).points == D("0.00")


def test_veto_above_the_limit():
    rule = rules.check_rule({"kind": "veto", "limit": 5}, "否决")
    assert rules.score_metric(rule, 5, D(0)).vetoed is False
    assert rules.score_metric(rule, 6, D(0)).vetoed is True


def test_no_data_scores_as_the_rule_says():
    assert rules.score_metric(rules.check_rule({"kind": "linear", "zero": 0, "full": 1}, "x"), None, D(4)).points == 0
    full = rules.check_rule({"kind": "linear", "zero": 0, "full": 1, "empty": "full"}, "x")
    assert rules.score_metric(full, None, D(4)).points == D(4)


def test_review_mean_and_diary_sum_within_range():
    assert rules.score_review([D(8), D(9)]) == D("8.50")
    assert rules.score_review([D(7), D(8), D(8)]) == D("7.67")
    assert rules.score_review([]) is None
    assert rules.score_diary([D(3), D(4), D(5)], D(10)) == D("10.00")
    assert rules.score_diary([D(-3), D(1)], D(10), floor=D(-10)) == D("-2.00")
    assert rules.score_diary([D(-3)], D(10)) == D("0.00")
    with pytest.raises(DomainError, match="0至10之间"):
        rules.check_points(D("10.5"), D(0), D(10), "班子团结")


def test_grades_ratings_and_stars():
    grades = [["90", "优秀"], ["75", "良好"], ["60", "合格"], ["0", "不合格"]]
    assert rules.grade_of(D("95.5"), grades) == "优秀"
    assert rules.grade_of(D("74.99"), grades) == "合格"
    assert rules.grade_of(D("95.5"), grades, vetoed=True) == "不合格"
    rating = {"label": "五个好村党支部", "min_total": "90", "min_category_percent": "80"}
    good = {"A": (D("18.5"), D(20)), "E": (D(16), D(20))}
    assert rules.rating_of(rating, D("95.5"), good, False) == "五个好村党支部"
    assert rules.rating_of(rating, D("95.5"), {**good, "E": (D(15), D(20))}, False) == ""  # 75 % in one category
    assert rules.rating_of(rating, D("95.5"), good, True) == ""
    assert rules.stars_of([(D(10), D(10)), (D(9), D(10)), (D(10), D(10))], D(100)) == 2


LEVELS = [{"name": "一类村", "min": "90"}, {"name": "二类村", "min": "75"}, {"name": "三类村", "min": "0"}]


def test_class_moves_up_one_step_a_year_and_down_below_the_margin():
    assert rules.next_class(LEVELS, None, D(80), False) == rules.ClassMove(1, "定档")
    assert rules.next_class(LEVELS, 2, D(95), False) == rules.ClassMove(1, "升档")  # at most one class a year
    assert rules.next_class(LEVELS, 2, D(95), False, step=2) == rules.ClassMove(0, "升档")
    assert rules.next_class(LEVELS, 1, D(72), False, margin=D(5)) == rules.ClassMove(1, "保持")  # within the margin
    assert rules.next_class(LEVELS, 1, D("69.99"), False, margin=D(5)) == rules.ClassMove(2, "降档")
    assert rules.next_class(LEVELS, 0, D(99), True) == rules.ClassMove(1, "降档")  # 一票否决
    assert rules.next_class(LEVELS, 2, D(10), True) == rules.ClassMove(2, "保持")


def test_goal_share_of_villages_in_a_class_or_above():
    # seed 001: 二类村计划要达30%: 3 of 10 villages in 二类 or above
    assert rules.goal_reached([0, 1, 1, 2, 2, 2, 2, 2, 2, 2], 1, D(30)) == (D("30.00"), True)
    assert rules.goal_reached([1, 2, 2, 2, 2, 2, 2, 2, 2], 1, D(30)) == (D("11.11"), False)


def _tree(**changes: Any) -> list[dict[str, Any]]:
    tree: list[dict[str, Any]] = [{"code": "A", "name": "班子", "points": 20, "indicators": [
        {"code": "A1", "name": "三会一课", "points": 10, "method": "metric", "metric": "meetings.compliance",
         "rule": {"kind": "linear", "zero": 60, "full": 100}},
        {"code": "A2", "name": "民主决策", "points": 10, "method": "review", "rubric": "好10分"},
    ]}]  # fmt: skip
    tree[0]["indicators"][0].update(changes)
    return tree


def test_scheme_checks():
    categories = rules.parse_tree("points", _tree(), METRICS, "village")
    assert rules.total_points(categories) == D(20)
    with pytest.raises(DomainError, match="未登记"):
        rules.parse_tree("points", _tree(metric="accounts.logins"), METRICS, "village")
    with pytest.raises(DomainError, match="打卡"):
        rules.parse_tree("points", _tree(name="每日打卡"), METRICS, "village")
    with pytest.raises(DomainError, match="照片"):
        rules.parse_tree("points", _tree(metric="照片上传数"), METRICS, "village")
    with pytest.raises(DomainError, match="其指标分值合计为25"):
        rules.parse_tree("points", _tree(points=15), METRICS, "village")
    with pytest.raises(DomainError, match="组织的数据"):
        rules.parse_tree("points", _tree(metric="ledgers.visits"), METRICS, "village")


def test_weights_must_add_up_at_each_level():
    tree: list[dict[str, Any]] = [{"code": "A", "name": "班子", "weight": 60, "indicators": [
        {"code": "A1", "name": "三会一课", "weight": 70, "method": "metric", "metric": "meetings.compliance",
         "rule": {"kind": "target", "target": 90}},
        {"code": "A2", "name": "民主决策", "weight": 30, "method": "review", "rubric": "好"},
    ]}]  # fmt: skip
    with pytest.raises(DomainError, match="各类别权重合计应为100，现为60"):
        rules.parse_tree("weights", tree, METRICS, "village")
    tree[0]["weight"] = 100
    tree[0]["indicators"][1]["weight"] = 20
    with pytest.raises(DomainError, match="指标权重合计应为100，现为90"):
        rules.parse_tree("weights", tree, METRICS, "village")
    tree[0]["indicators"][1]["weight"] = 30
    indicators = rules.indicators(rules.parse_tree("weights", tree, METRICS, "village"))
    assert (indicators["A1"].points, indicators["A2"].points) == (D("70.00"), D("30.00"))


def test_every_template_passes_its_own_checks():
    from jiceng.core.registry import metrics

    known = {m.key: m.subject for m in metrics()}
    for code, data in SCHEMES.items():
        categories = rules.parse_tree(data["mode"], data["tree"], known, data["subject"])
        rules.check_outcomes(data["outcomes"], categories)
        non_diary = sum((i.points for c in categories for i in c.indicators if i.method != "diary"), D(0))
        assert non_diary == D(100), code


def test_spans():
    assert rules.span("year", 2025, 1) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert rules.span("half", 2025, 2) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert rules.span("quarter", 2025, 1) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    with pytest.raises(DomainError):
        rules.span("quarter", 2025, 5)
