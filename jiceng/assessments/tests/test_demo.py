"""The demo township shows assessments with data: schemes copied, a 五个好 round final."""

import datetime as dt

import pytest

from jiceng.assessments.models import QuotaScheme, Round, Scheme
from jiceng.core.registry import demo_seeders
from jiceng.demo.seed import seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_final_round_and_the_quotas() -> None:
    day = dt.date(2026, 11, 23)
    seed("township", 3, day, lambda _: None)
    for entry in demo_seeders():  # as `seed_demo` does
        entry.seeder(day, 3, lambda _: None)
    assert sorted(Scheme.objects.values_list("code", flat=True)) == ["mubiao", "shengji", "wugehao"]
    rnd = Round.objects.get()
    assert (rnd.state, rnd.period, rnd.year, rnd.number) == ("final", "half", 2026, 1)  # January–June of the demo year
    assert rnd.results.count() >= 1 and all(r.lines for r in rnd.results.all())
    assert QuotaScheme.objects.get().evidence.count() == 1
