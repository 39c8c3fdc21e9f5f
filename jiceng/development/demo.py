"""Demo development files for the demo village (registered with `core.registry`).

Three files at different stages, dated back from today so the township list shows what is due:
an application of three weeks ago (the talk is due within a month), an activist of thirteen months
(due to be considered as 发展对象), and a 发展对象 whose 公示 runs now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.core.calendar import add_months, load_calendar
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import actions


def _working_day_before(path: str, day: dt.date) -> dt.date:
    calendar = load_calendar(path)
    while not calendar.is_business_day(day):
        day -= dt.timedelta(days=1)
    return day


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    org = secretary.organization
    young = Person.objects.filter(organization=org, category=Category.RESIDENT, birth_date__gte=dt.date(1990, 1, 1))
    people = list(young.order_by("birth_date", "pk")[:3])
    full = list(Person.objects.filter(organization=org, category=Category.FULL).order_by("joined_on", "pk")[:2])
    if len(people) < 3 or len(full) < 2:
        return
    day = lambda months, days=0: _working_day_before(org.path, add_months(today, -months) - dt.timedelta(days))  # noqa: E731
    with transaction.atomic():
        actions.open_file(SYSTEM, people[0], day(0, 21), note="递交书面入党申请书", today=today)
        activist = actions.open_file(SYSTEM, people[1], day(15), note="递交书面入党申请书", today=today)
        actions.move(SYSTEM, activist, "talked", on=day(15, -10), today=today, note="党支部书记谈话")
        actions.move(SYSTEM, activist, "activist", on=day(13), today=today, contacts=[full[0].pk])
        candidate = actions.open_file(SYSTEM, people[2], day(28), note="递交书面入党申请书", today=today)
        steps: list[tuple[str, dt.date, dict[str, Any]]] = [
            ("talked", day(28, -14), {"note": "党支部书记谈话"}),
            ("activist", day(26), {"contacts": [full[0].pk, full[1].pk]}),
            ("candidate", day(2), {"opinions": "党小组、培养联系人、党员和群众均同意"}),
            ("introduced", day(1, 20), {"introducers": [full[0].pk, full[1].pk]}),
            ("vetted", day(1, 10), {"vetting": "政治审查合格"}),
            ("trained", day(1), {"training_days": 3}),
            ("checked", day(0, 14), {}),
            ("prereviewed", day(0, 7), {}),
            ("notice", _working_day_before(org.path, today - dt.timedelta(days=2)), {}),
        ]
        for target, on, data in steps:
            actions.move(SYSTEM, candidate, target, on=on, today=today, **data)
    progress(f"{org.name}：发展党员档案 3 份（申请、积极分子、公示中）")
