"""Demo 党员创业示范工程 for the demo county (registered with core.registry): the program (翁源's
terms: 3–5 万 each, full interest subsidy), and in the demo village one demonstrator taken
through the whole file (支委会, site visit, 公示 of two months ago, loan, subsidies, 承诺书) and one
fresh application waiting for the branch's recommendation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jiceng.core.actor import SYSTEM
from jiceng.core.calendar import add_months, load_calendar
from jiceng.meetings import actions as meetings
from jiceng.meetings.rules import Kind
from jiceng.notices.models import Notice
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import actions
from .rules import Industry

CRITERIA = {"ability": True, "credit": True, "example": True, "coop": True}


def _working(path: str, day: dt.date) -> dt.date:
    calendar = load_calendar(path)
    while not calendar.is_business_day(day):
        day -= dt.timedelta(days=1)
    return day


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    from jiceng.accounts.models import User

    secretary = User.objects.filter(username="village").select_related("organization").first()
    county = User.objects.filter(username="county").select_related("organization").first()
    if secretary is None or county is None or secretary.organization is None or county.organization is None:
        return
    village, root = secretary.organization, county.organization
    members = list(Person.objects.filter(organization=village, category=Category.FULL).order_by("pk")[:2])
    if len(members) < 2:
        return
    start = add_months(today, -14)
    with transaction.atomic():
        program = actions.create_program(
            SYSTEM, root, name="农村党员创业示范工程", started_on=add_months(today, -24), bank="县农村信用合作联社",
            leading_group="县委副书记任组长，组织部、扶贫办、农业局、财政局、农信社为成员单位",
            fund_account="县扶贫办农村党员创业示范帮扶资金专帐", fund_budget=60_000_000,
            subsidy_share="100")  # fmt: skip
        app = actions.apply(SYSTEM, program, members[0], project="九仙桃种植30亩", industry=Industry.FRUIT,
                            scale="30亩", criteria=CRITERIA, applied_on=_working(village.path, start),
                            today=today)  # fmt: skip
        day = _working(village.path, start + dt.timedelta(days=7))
        meeting = meetings.schedule_meeting(SYSTEM, organization=village, kind=Kind.COMMITTEE,
                                            theme="研究推荐党员创业示范帮扶对象", starts_at=_at(day))  # fmt: skip
        meetings.hold_meeting(SYSTEM, meeting, now=_at(day, 12))
        actions.link_meeting(SYSTEM, app, meeting)
        actions.recommend(SYSTEM, app, on=day, today=today, note="支委会研究同意推荐")
        visit = _working(village.path, day + dt.timedelta(days=14))
        actions.evaluate(SYSTEM, app, evaluator="县扶贫办 刘专员", feasible=True, on=visit, today=today,
                         opinion="果园已初具规模，市场前景好")  # fmt: skip
        publish_day = _working(village.path, visit + dt.timedelta(days=3))
        actions.publish(SYSTEM, app, today=publish_day)
        ends = Notice.objects.filter(subject_ref=f"programs.application:{app.pk}").get().ends_on
        approved = ends + dt.timedelta(days=1)
        actions.approve(SYSTEM, app, designated="陈组织委员", on=approved, today=today)
        actions.sign_commitment(SYSTEM, app, signed_on=approved, today=today)
        loan = actions.record_loan(SYSTEM, app, amount=5_000_000, lent_on=approved, term_months=24, rate="5.31",
                                   periods_per_year=4, today=today)  # fmt: skip
        for period in loan.schedule():
            if period.ends_on <= today:
                actions.grant_subsidy(SYSTEM, loan, period_day=period.starts_on, paid_on=period.ends_on, today=today)
        actions.apply(SYSTEM, program, members[1], project="生猪养殖50头", industry=Industry.PIG, scale="50头",
                      criteria=CRITERIA, applied_on=_working(village.path, today - dt.timedelta(days=3)),
                      today=today)  # fmt: skip
    progress(f"党员创业示范工程：{village.name} 帮扶对象 1 名（贷款 5 万元），待推荐申请 1 份")


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))
