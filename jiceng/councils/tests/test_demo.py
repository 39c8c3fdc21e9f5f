"""The demo seeder: a council for the demo village with its posts, 理事, account and visits."""

import datetime as dt
from typing import Any

from conftest import make_user
from jiceng.accounts.models import Role
from jiceng.councils import demo, queries
from jiceng.councils.models import Council
from jiceng.people.tests.factories import make_person

from .factories import cadre, register


def test_the_demo_council(tree: Any) -> None:
    make_user("village", tree.east1, Role.VILLAGE_SECRETARY)
    cadre(tree.east1, "简书记")
    for name in ("甲", "乙", "丙", "丁", "戊", "己"):
        make_person(tree.east1, f"党员{name}")
    register(tree.east1, 10)
    said: list[str] = []
    today = dt.date(2026, 12, 2)
    demo.seed_for_demo(today, 1, said.append)
    c = Council.objects.get()
    cov = queries.coverage([c], today)[c.pk]
    assert (c.posts.count(), c.councillors.filter(status="confirmed").count(), c.targets.count()) == (4, 4, 2)
    assert (cov.visited, cov.households, cov.deeds, sum(e.amount for e in c.entries.all())) == (5, 10, 1, 200_000)
    assert said == ["东一村党支部：关怀理事会 1 个，理事 5 名，本月走访 5 户"]
    demo.seed_for_demo(today, 1, said.append)  # twice: nothing more
    assert Council.objects.count() == 1


def test_the_seeded_demo_has_a_council(db: Any) -> None:
    import io
    from unittest import mock

    from django.core.management import call_command
    from django.utils import timezone

    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime(2026, 12, 2, 10))):
        call_command("seed_demo", scale="township", stdout=io.StringIO())
    (c,) = Council.objects.all()
    cov = queries.coverage([c], dt.date(2026, 12, 1))[c.pk]
    assert (c.posts.count(), c.chair == demo.actions.secretary_of(c.organization, dt.date(2026, 12, 2))) == (4, True)
    assert cov.households > 0 and cov.visited == cov.households // 2 and cov.deeds == 1
