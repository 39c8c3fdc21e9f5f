"""Seed 002's figures reproduced from the records of a generated county: 152 demonstrators
(兰花 13, 水果 72, 养猪 27, 养鱼 18, 养鸡 13 and 9 others: "等共152"), 512 万 of loans (3–5 万 each), over 50 万 of subsidy,
and the training bases with their classes from the training records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiceng.core import engine
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.programs import metrics, queries, rules
from jiceng.programs.models import Application, Loan, Subsidy, TrainingBase
from jiceng.training.models import Participant, Session

from .factories import CRITERIA, program

pytestmark = pytest.mark.django_db
D = dt.date
# 13 + 72 + 27 + 18 + 13 = 143: the seed's "等共152" leaves 9 in other industries
INDUSTRIES = [("orchid", 13), ("fruit", 72), ("pig", 27), ("fish", 18), ("chicken", 13), ("other", 9)]
LENT = D(2008, 6, 1)


def _county(tree, prog):
    """152 files in the villages of both townships, each with its loan (124 of 3 万, 28 of 5 万,
    quarterly interest at 5.31 % for two years, fully subsidised) and its eight subsidies paid."""
    villages = [tree.east1, tree.east2, tree.west1]
    people = Person.objects.bulk_create(
        Person(
            name=f"示范户{i:03d}",
            organization=villages[i % 3],
            category=Category.FULL,
            birth_date=D(1970, 1, 1),
            org_path=villages[i % 3].path,
            id_digest=f"programs-test-{i}",
        )
        for i in range(152)
    )
    industries = [kind for kind, count in INDUSTRIES for _ in range(count)]
    flow_row = engine.current_version("programs.application")
    apps = Application.objects.bulk_create(
        Application(program=prog, person=p, organization=p.organization, org_path=p.organization.path, flow=flow_row,
                    category="full", project="项目", industry=industries[i], criteria=CRITERIA, applied_on=D(2008, 3, 1),
                    state="loaned", state_on=LENT)
        for i, p in enumerate(people)
    )  # fmt: skip
    loans = Loan.objects.bulk_create(
        Loan(application=a, org_path=a.org_path, amount=5_000_000 if i < 28 else 3_000_000, bank="县农信社",
             lent_on=LENT, term_months=24, rate=Decimal("5.31"), periods_per_year=4, subsidy_share=Decimal("100"))
        for i, a in enumerate(apps)
    )  # fmt: skip
    Subsidy.objects.bulk_create(
        Subsidy(loan=loan, org_path=loan.org_path, period=p.number, starts_on=p.starts_on, ends_on=p.ends_on,
                interest=p.interest, amount=p.subsidy, paid_on=p.ends_on)
        for loan in loans for p in loan.schedule()
    )  # fmt: skip
    return apps


def test_seed_002_figures_from_records(tree):
    prog = program(tree, started_on=D(2008, 1, 2))
    _county(tree, prog)
    bases = [TrainingBase.objects.create(program=prog, organization=tree.east1, org_path=tree.east1.path,
                                         name=f"基地{i}", industry="orchid") for i in range(10)]  # fmt: skip
    person = Person.objects.filter(organization=tree.east1).order_by("pk")[0]
    for i in range(53):
        session = Session.objects.create(organization=tree.east1, org_path=tree.east1.path, title=f"培训班{i}",
                                         kind="concentrated", starts_on=D(2008, 5, 1), ends_on=D(2008, 5, 1),
                                         unit="hours", amount=4, hours=4, days=Decimal("0.5"))  # fmt: skip
        Participant.objects.create(session=session, person=person, hours=4)
        bases[i % 10].sessions.add(session)
    found = queries.figures(prog)
    assert found.demonstrators == 152
    assert found.by_industry == [
        ("兰花种植", 13),
        ("水果种植", 72),
        ("养猪", 27),
        ("养鱼", 18),
        ("养鸡", 13),
        ("其他", 9),
    ]
    assert (found.loans, found.loan_total) == (152, 512_000_000)  # 512 万元
    # two years of quarterly interest: 3 万 → 8 × 39 825 = 318 600 fen; 5 万 → 8 × 66 375 = 531 000
    assert found.subsidy_total == 124 * 318_600 + 28 * 531_000 == 54_374_400  # 543 744 元: 50 万元以上
    assert (found.bases, found.classes, found.trainees) == (10, 53, 53)
    east = queries.figures(prog, tree.east.path)
    assert east.demonstrators == 102  # two of every three villages' files
    value = metrics.loans_lent(tree.county, D(2008, 1, 1), D(2008, 12, 31))
    assert (value.value, len(value.records)) == (5_120_000.0, 152)
    assert metrics.demonstrators(tree.west, D(2008, 1, 1), D(2008, 12, 31)).value == 50


def test_each_subsidy_matches_the_rule():
    periods = rules.schedule(3_000_000, LENT, 24, 4, Decimal("5.31"), Decimal("100"))
    assert {p.subsidy for p in periods} == {39_825} and len(periods) == 8
