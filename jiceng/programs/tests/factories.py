"""Test data: the county program, applicants of 东一村, a held 支委会, a file walked to a state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.economy.tests.factories import household
from jiceng.meetings import actions as meetings
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind
from jiceng.meetings.tests.factories import at
from jiceng.notices.models import Notice
from jiceng.organizations.models import Organization
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person
from jiceng.programs import actions
from jiceng.programs.models import Application, Program

__all__ = ["household"]

D = dt.date
STARTED = D(2024, 1, 2)
APPLIED = D(2024, 3, 4)  # Monday
COMMITTEE = D(2024, 3, 11)
VISIT = D(2024, 3, 20)
PUBLISHED = D(2024, 3, 25)  # Monday: 5 working days end Friday 29 March
APPROVED = D(2024, 4, 1)
LENT = D(2024, 4, 10)
CRITERIA = {"ability": True, "credit": True, "example": True, "coop": False}


def program(tree: Any, **extra: Any) -> Program:
    data: dict[str, Any] = {"name": "农村党员创业示范工程", "started_on": STARTED, "bank": "县农村信用合作联社",
                            "leading_group": "县委副书记任组长，组织部、扶贫办、财政局、农信社为成员单位",
                            "fund_account": "县扶贫办专帐", "subsidy_share": "100", **extra}  # fmt: skip
    return actions.create_program(SYSTEM, tree.county, **data)


def committee(org: Organization, day: dt.date) -> Meeting:
    """A held 支委会 of `org` on `day`."""
    meeting = meetings.schedule_meeting(SYSTEM, organization=org, kind=Kind.COMMITTEE,
                                        theme="研究推荐党员创业示范帮扶对象", starts_at=at(day))  # fmt: skip
    return meetings.hold_meeting(SYSTEM, meeting, now=at(day, 12))


def applicant(org: Organization, name: str = "黄志强", category: str = Category.FULL) -> Any:
    return make_person(org, name, category)


def apply(prog: Program, person: Any, **extra: Any) -> Application:
    data: dict[str, Any] = {"project": "兰花种植20亩", "industry": "orchid", "scale": "20亩", "criteria": CRITERIA,
                            "applied_on": APPLIED, "today": APPLIED, **extra}  # fmt: skip
    return actions.apply(SYSTEM, prog, person, **data)


def notice_end(app: Application) -> dt.date:
    return Notice.objects.get(subject_ref=f"programs.application:{app.pk}").ends_on


def walk(app: Application, until: str, actor: Any = SYSTEM) -> Application:
    """The main path up to and including `until` (recommended, feasible, notice, approved, loaned)."""
    actions.link_meeting(actor, app, committee(app.organization, COMMITTEE))
    actions.recommend(actor, app, on=COMMITTEE, today=COMMITTEE, note="支委会研究同意推荐")
    if until == "recommended":
        return app
    actions.evaluate(actor, app, evaluator="县扶贫办 刘专员", feasible=True, opinion="已具规模", on=VISIT, today=VISIT)
    if until == "feasible":
        return app
    actions.publish(actor, app, today=PUBLISHED)
    if until == "notice":
        return app
    actions.approve(actor, app, designated="陈组织委员", on=APPROVED, today=APPROVED)
    if until == "approved":
        return app
    actions.record_loan(actor, app, amount=5_000_000, lent_on=LENT, term_months=24, rate="5.31", today=LENT)
    return app
