"""Modest demo meetings for the first township of the demo county (used by `seed_demo`).

Three months of 支委会 and 主题党日 in each of its village branches, three 例会 with village
reports and issues (one resolved on the spot, one overdue for a special meeting), and a 例会
scheduled next week with its notices sent.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core.actor import SYSTEM, Actor
from jiceng.organizations.models import Organization

from . import actions
from .rules import Kind, Presence, ReportQuality, Route

REPORTS = ["今年目标：完成组级道路硬化，发展村集体经济合作社", "春耕备耕物资已落实，人居环境整治持续推进",
           "村务公开按季度更新，三本台账运行正常"]  # fmt: skip


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def seed_meetings(actor: Actor, township: Organization, today: dt.date, seed: int = 1) -> int:
    rng = random.Random(seed)
    branches = list(township.children_qs().filter(is_village_level=True).order_by("path"))
    made = 0
    with transaction.atomic():
        for months_ago in (3, 2, 1):
            first = (today.replace(day=1) - dt.timedelta(days=28 * months_ago)).replace(day=1)
            for branch in branches:
                for kind, day in ((Kind.COMMITTEE, 5), (Kind.THEME_DAY, 10)):
                    if rng.random() < 0.15:  # some branches fall behind
                        continue
                    presences = {
                        p: Presence.ABSENT if rng.random() < 0.12 else Presence.PRESENT for p in _member_ids(branch)
                    }
                    actions.record_meeting(
                        actor,
                        organization=branch,
                        kind=kind,
                        theme=f"{first.month}月{Kind(kind).label}",
                        starts_at=_at(first.replace(day=day)),
                        presences=presences,
                        minutes="学习上级文件精神，研究本月工作",
                        place="村党群服务中心",
                    )
                    made += 1
            made += _regular(actor, township, branches, first.replace(day=15), rng, months_ago == 1)
        upcoming = actions.schedule_meeting(
            actor,
            organization=township,
            kind=Kind.REGULAR,
            theme="村两委主要干部例会",
            starts_at=_at(today + dt.timedelta(days=7), 14),
            place="镇政府三楼会议室",
            leader="党委书记",
            recorder="党政办",
            report_theme="年度目标完成情况",
        )
        actions.send_notices(actor, upcoming)
    return made + 1


def _member_ids(branch: Organization) -> list[int]:
    from jiceng.people.models import Person

    return list(Person.objects.in_subtree(branch).members().values_list("pk", flat=True)[:60])


def _regular(actor: Actor, township: Organization, branches: list[Organization], day: dt.date, rng: random.Random,
             last: bool) -> int:  # fmt: skip
    meeting = actions.schedule_meeting(
        actor,
        organization=township,
        kind=Kind.REGULAR,
        theme=f"{day.month}月例会",
        starts_at=_at(day),
        place="镇政府三楼会议室",
        leader="党委书记",
        recorder="党政办",
        report_theme="各村重点工作进展",
    )
    rows = list(meeting.attendances.all())
    actions.record_attendance(
        actor, meeting, {a.pk: rng.choice([Presence.PRESENT] * 8 + [Presence.LATE]) for a in rows}
    )
    actions.hold_meeting(actor, meeting, minutes="听取各村汇报，研究解决反映的问题", now=_at(day, 18))
    for branch in branches[:4]:
        actions.save_report(actor, meeting, branch, rng.choice(REPORTS), quality=rng.choice(ReportQuality.values))
    if branches:
        actions.raise_issue(actor, meeting, text="村道路灯损坏", route=Route.ON_THE_SPOT, owner="分管副镇长",
                            organization=branches[0])  # fmt: skip
        if last or len(branches) > 1:
            actions.raise_issue(actor, meeting, text="塘堰清淤资金不足", route=Route.SPECIAL_MEETING, owner="镇长",
                                organization=branches[-1])  # fmt: skip
    return 1


def seed_for_demo(today: dt.date, seed: int, progress: Any) -> int:
    """A few months of meetings in the first demo township (called by `seed_demo`)."""
    township = Organization.objects.filter(kind="township_committee").order_by("path").first()
    if township is None:
        return 0
    made = seed_meetings(SYSTEM, township, today, seed)
    from jiceng.accounts.models import User

    # The demo township's 党委书记 has no account: it names its officer as the leave approver, so the
    # demo login can approve the requests (a township sets this on its 会议规则 page).
    officer = User.objects.filter(username="township", organization=township).first()
    if officer is not None:
        actions.save_township_rule(SYSTEM, township, leave_approver=officer)
    progress(f"{township.name}：已生成 {made} 次演示会议")
    return made
