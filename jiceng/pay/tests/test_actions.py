"""Pay actions: the pay sheet of seed 004's shares, 一肩挑 per the configured rule, scores,
awards, payments and the balance; refusals write nothing."""

from decimal import Decimal

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.pay import actions, queries, rules
from jiceng.pay.models import Award, Payment, Scheme, VillageYear
from jiceng.pay.scores import score_for

from .factories import BASE, DIRECTOR, SECRETARY, TODAY, YEAR, D, cadre, scheme, scored, seed_004_village

pytestmark = pytest.mark.django_db


def _lines(org, year=YEAR):
    data = queries.sheet(org, year, TODAY)
    return [(ln.name, ln.label, ln.pay) for ln in data.lines]


def test_seed_004_sheet_at_250000_yuan_and_coefficient_one(tree):
    scheme(tree.east)
    seed_004_village(tree.east1)
    scored(tree.east1, "92")  # ≥ 90 → 1.00
    data = queries.sheet(tree.east1, YEAR, TODAY)
    assert (data.base, data.coefficient, data.score) == (BASE, 10_000, Decimal("92.0"))
    assert _lines(tree.east1) == [
        ("赵书记", "党支部书记", 25_000_000),
        ("钱主任", "村委会主任", 17_500_000),
        ("孙副书记", "党支部副书记", 13_750_000),
        ("李副主任", "村委会副主任", 12_500_000),
        ("周支委", "党支部委员", 11_250_000),
        ("吴村委", "村委会委员", 10_000_000),
    ]  # the 第一书记 is not on the sheet
    assert (data.due, data.paid, data.balance) == (90_000_000, 0, 90_000_000)


def test_combined_village_plus_rule(tree):
    scheme(tree.east)  # 一肩挑: secretary's pay + 30 % of the 主任's
    cadre(tree.east2, "王一肩挑", SECRETARY, DIRECTOR)
    scored(tree.east2, "85")  # → 0.90
    assert _lines(tree.east2) == [("王一肩挑", "党支部书记、村委会主任（一肩挑）", 27_225_000)]  # 302 500 × 0.9


def test_combined_village_higher_rule_and_a_later_scheme_version(tree):
    scheme(tree.east)
    scheme(tree.east, 2025, combined_rule=rules.CombinedRule.HIGHER, combined_share=0)
    cadre(tree.east2, "王一肩挑", SECRETARY, DIRECTOR)
    scored(tree.east2, "92")
    scored(tree.east2, "92", 2025)
    assert _lines(tree.east2) == [("王一肩挑", "党支部书记、村委会主任（一肩挑）", 30_250_000)]  # 2024: plus
    assert [ln.pay for ln in queries.sheet(tree.east2, 2025, D(2025, 12, 31)).lines] == [25_000_000]  # 2025: higher


def test_a_village_base_and_a_lower_coefficient(tree):
    scheme(tree.east)
    seed_004_village(tree.east1)
    scored(tree.east1, "75", secretary_base=22_000_000)  # 220 000 元 × 0.80
    assert [p for _, _, p in _lines(tree.east1)] == [17_600_000, 12_320_000, 9_680_000, 8_800_000, 7_920_000,
                                                     7_040_000]  # fmt: skip


def test_a_negative_share_is_refused_and_nothing_written(tree):
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="党支部副书记的报酬比例不能为负数"):
        scheme(tree.east, shares={**rules.SEED_004_SHARES, "deputy_secretary": -5_500})
    assert (Scheme.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_a_scheme_belongs_to_a_township(tree):
    with pytest.raises(DomainError, match="乡镇党委"):
        scheme(tree.east1)


def test_score_needs_a_scheme_and_a_source(tree):
    with pytest.raises(DomainError, match="尚未制定2024年"):
        scored(tree.east1)
    scheme(tree.east)
    with pytest.raises(DomainError, match="得分来源"):
        actions.enter_score(SYSTEM, tree.east1, YEAR, Decimal("90"), " ")
    with pytest.raises(DomainError, match="0至100"):
        scored(tree.east1, "101")
    assert VillageYear.objects.count() == 0


def test_score_for_returns_the_entered_score(tree):
    scheme(tree.east)
    assert score_for(tree.east1, YEAR) is None
    scored(tree.east1, "88.5")
    found = score_for(tree.east1, YEAR)
    assert found is not None
    assert (found.value, found.source) == (Decimal("88.5"), "2024年度村级目标责任制考核（乡党委会议2025年1月10日确定）")


def test_awards_payments_and_the_balance(tree):
    scheme(tree.east)
    people = seed_004_village(tree.east1)
    director = people["director"]
    with pytest.raises(DomainError, match="尚未核定"):
        actions.record_payment(SYSTEM, tree.east1, YEAR, director, 100_000, D(2024, 6, 5), today=TODAY)
    scored(tree.east1, "92")
    actions.add_award(SYSTEM, tree.east1, YEAR, director, "招商引资单项工作奖", 500_000, D(2024, 12, 28), TODAY)
    actions.record_payment(SYSTEM, tree.east1, YEAR, director, 8_750_000, D(2024, 7, 5), "P1", today=TODAY)
    actions.record_payment(SYSTEM, tree.east1, YEAR, director, 8_750_000, D(2025, 1, 20), "P2", today=TODAY)
    line = next(ln for ln in queries.sheet(tree.east1, YEAR, TODAY).lines if ln.person_id == director.pk)
    assert (line.pay, line.awards, line.due, line.paid, line.balance) == (17_500_000, 500_000, 18_000_000,
                                                                          17_500_000, 500_000)  # fmt: skip
    with pytest.raises(DomainError, match=r"超过钱主任应发未发的5,000\.00元"):
        actions.record_payment(SYSTEM, tree.east1, YEAR, director, 500_001, D(2025, 1, 21), today=TODAY)
    with pytest.raises(DomainError, match="不是东一村党支部2024年领取报酬的村干部"):
        actions.record_payment(SYSTEM, tree.east1, YEAR, people["first_secretary"], 100, D(2025, 1, 21), today=TODAY)
    with pytest.raises(DomainError, match="不能晚于今天"):
        actions.record_payment(SYSTEM, tree.east1, YEAR, director, 100, D(2025, 3, 11), today=TODAY)
    assert (Payment.objects.count(), Award.objects.count()) == (2, 1)
    data = queries.sheet(tree.east1, YEAR, TODAY)
    assert (data.due, data.paid, data.balance) == (90_500_000, 17_500_000, 73_000_000)


def test_account(tree):
    account = actions.save_account(SYSTEM, tree.east1, name="东一村村干部报酬专户", bank="农商银行", number="6222 0001")
    again = actions.save_account(SYSTEM, tree.east1, name="东一村村干部报酬专户", bank="信用社")
    assert (account.pk, again.bank, again.number, again.managed_by) == (again.pk, "信用社", "", "乡镇财政所")


def test_scheme_and_score_frozen_once_paid(tree):
    scheme(tree.east)
    people = seed_004_village(tree.east1)
    scored(tree.east1, "92")
    scheme(tree.east, secretary_base=26_000_000)  # no payment yet: corrected in place
    actions.record_payment(SYSTEM, tree.east1, YEAR, people["director"], 100_000, D(2024, 7, 5), today=TODAY)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="已按2024年起的方案发放过报酬"):
        scheme(tree.east, secretary_base=30_000_000)
    with pytest.raises(DomainError, match="已开始发放，不能再修改考核得分"):
        scored(tree.east1, "75")
    scored(tree.east1, "92")  # the same score again changes nothing
    scheme(tree.east, 2025, secretary_base=30_000_000)  # a new year's scheme is the way to change
    assert (Scheme.objects.get(year=YEAR).secretary_base, AuditEvent.objects.count()) == (26_000_000, events + 2)


def test_a_change_of_director_during_the_year_pays_by_month(tree):
    from jiceng.people import actions as people_actions
    from jiceng.people.models import Post

    scheme(tree.east)
    old = cadre(tree.east1, "旧主任", DIRECTOR)
    people_actions.end_post(SYSTEM, Post.objects.get(person=old), D(2024, 6, 10), "term_ended")
    cadre(tree.east1, "新主任", DIRECTOR, since=D(2024, 6, 12))
    scored(tree.east1, "92")
    # 旧主任 January–May (not in office on 15 June); 新主任 June–December
    assert [(ln.name, ln.label, ln.months, ln.pay) for ln in queries.sheet(tree.east1, YEAR, TODAY).lines] == [
        ("新主任", "村委会主任", 7, 10_208_333),
        ("旧主任", "村委会主任", 5, 7_291_667),
    ]


def test_without_an_entered_score_the_final_assessment_result_is_the_score(tree, personas):
    """Entered once (issue 16): the village's final 目标责任制 result, after its 公示, sets the pay."""
    import datetime as dt

    from jiceng.assessments import actions as assessment_actions
    from jiceng.assessments import queries as assessment_queries
    from jiceng.assessments import scoring
    from jiceng.notices.models import Notice

    scheme(tree.east)
    seed_004_village(tree.east1)
    assert score_for(tree.east1, YEAR) is None
    plan = assessment_actions.copy_template(SYSTEM, tree.east, "mubiao")
    rnd = assessment_actions.open_round(SYSTEM, plan, organization=tree.east, year=YEAR, today=D(2025, 1, 5))
    for subject in scoring.subjects_of(plan, tree.east, rnd.ends_on):  # the one reviewed indicator: 重点工作
        assessment_actions.record_review(personas["township_officer"], rnd, subject_ref=subject.ref, indicator="W3",
                                         points=Decimal(6))  # fmt: skip
    assessment_actions.compute(SYSTEM, rnd, today=D(2025, 1, 6))
    assessment_actions.publish(SYSTEM, rnd, days=5, today=D(2025, 1, 6))
    assert score_for(tree.east1, YEAR) is None  # still in 公示
    notice = Notice.objects.get(subject_ref=f"assessments.round:{rnd.pk}")
    assessment_actions.finalize(SYSTEM, rnd, today=notice.ends_on + dt.timedelta(days=1))
    final = assessment_queries.score_of(tree.east1, YEAR, "mubiao")
    found = score_for(tree.east1, YEAR)
    assert final is not None and found is not None
    value = final[0]
    assert found.value == value == Decimal("16.00")  # 重点工作 6 + 无逾期问题 10
    assert found.source == f"{rnd}（考核结果已公示确定）"
    assert queries.sheet(tree.east1, YEAR, TODAY).score == value
    scored(tree.east1, "92")  # a score the township enters itself comes first
    entered = score_for(tree.east1, YEAR)
    assert entered is not None and entered.value == Decimal("92.0")
