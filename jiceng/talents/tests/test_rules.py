"""Talent rules: eleven categories in order, the figures as seed 003 words them, names compared."""

from __future__ import annotations

from jiceng.talents import rules
from jiceng.talents.rules import Category


def test_there_are_eleven_categories_beginning_with_the_four_the_seed_names() -> None:
    assert len(Category.choices) == 11
    assert [str(c.label) for c in list(Category)[:4]] == ["种植", "养殖", "加工", "农村经纪人"]


def test_the_figures_of_seed_003_read_as_the_seed_reports_them() -> None:
    counts = {c: 165 for c in Category.values}
    counts[Category.PLANTING] = 175  # 10 × 165 + 175 = 1 825
    assert rules.figures_text(counts) == "共有种植、养殖、加工、农村经纪人等11类农村实用人才1825人"
    rows = rules.by_category(counts)
    assert (len(rows), rows[0].count, sum(r.count for r in rows)) == (11, 175, 1825)


def test_categories_without_talents_count_zero_and_are_left_out_of_the_text() -> None:
    counts = {Category.BREEDING.value: 3, Category.BROKER.value: 2}
    assert [r.count for r in rules.by_category(counts)] == [0, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    assert rules.figures_text(counts) == "共有养殖、农村经纪人2类农村实用人才5人"
    assert rules.figures_text({}) == "尚未登记农村实用人才"


def test_names_are_compared_without_spaces_and_in_half_width() -> None:
    assert rules.normal_name(" 王 小明 ") == rules.normal_name("王小明") == "王小明"
    assert rules.normal_name("Ａ王") == "A王"
