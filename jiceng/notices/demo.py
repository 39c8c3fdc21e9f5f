"""Demo 公示 for the first village of the demo county (registered with `core.registry`).

One 公示 in progress on the village's public page with one objection waiting to be verified,
and one that ended without objection. The subject is the village branch itself (the apps whose
records are usually the subject — development files, ratings, loans — publish their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.calendar import load_calendar
from jiceng.organizations.models import Organization

from . import actions

RUNNING_TEXT = ("经村党支部研究，拟推选本村2026年度“十星级党员”候选人3名，现予公示。"
                "公示期间，群众可通过本页面或向镇党委组织办反映意见。")  # fmt: skip
ENDED_TEXT = "经村“两委”联席会议研究，村集体经济合作社2026年上半年收支情况已整理完毕，现予公示。"


def seed_notices(today: dt.date, seed: int, progress: Callable[[str], None]) -> int:
    village = Organization.objects.filter(is_village_level=True).order_by("path").first()
    if village is None:
        return 0
    calendar = load_calendar(village.path)
    started = today
    for _ in range(2):  # two working days ago, so the 公示 is visibly running
        started = started - dt.timedelta(days=1)
        while not calendar.is_business_day(started):
            started -= dt.timedelta(days=1)
    earlier = started - dt.timedelta(days=30)
    earlier = calendar.next_business_day(earlier)
    with transaction.atomic():
        actions.publish_notice(SYSTEM, subject=village, step="demo_income", organization=village,
                               title="村集体经济收支情况公示", text=ENDED_TEXT, starts_on=earlier,
                               today=today)  # fmt: skip
        running = actions.publish_notice(SYSTEM, subject=village, step="demo_rating", organization=village,
                                         title="十星级党员候选人公示", text=RUNNING_TEXT, starts_on=started,
                                         today=today)  # fmt: skip
        actions.submit_objection(
            running,
            text="候选人之一去年未按时参加组织生活，请核实。",
            address="demo",
            now=timezone.make_aware(dt.datetime.combine(today, dt.time(10))),
        )
    progress(f"{village.name}：公示 2 条")
    return 2
