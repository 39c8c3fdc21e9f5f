"""The demo seeder: one finished 二推一选 and one running 干部选拔 in the demo township."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from jiceng.notices.models import Notice
from jiceng.people.models import Post
from jiceng.people.tests.factories import make_person
from jiceng.selection.demo import seed_for_demo
from jiceng.selection.models import Exercise

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_and_an_ongoing_exercise(tree: Any) -> None:
    for i in range(6):
        make_person(tree.east1, f"党员{i + 1}")
    said: list[str] = []
    today = timezone.localdate()
    seed_for_demo(today, 0, said.append)
    rows = {e.kind: e for e in Exercise.objects.all()}
    assert (rows["village"].state, rows["standard"].state) == ("appointed", "candidate_notice")
    assert Post.objects.filter(organization=tree.east1, title="member", appointment_mode="elected").count() == 1
    running = Notice.objects.get(subject_ref=f"selection.exercise:{rows['standard'].pk}", step="candidate_notice")
    assert running.starts_on <= today <= running.ends_on
    assert said and "二推一选 1 次（已任职）" in said[0]
