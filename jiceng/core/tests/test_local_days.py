"""Entry dates are days in Beijing time: a record entered at 01:00 on 3 December (17:00 UTC on
the 2nd) was entered on the 3rd, so something that happened on the 3rd is not late and one that
happened on the 2nd is a day late — whatever the server's clock zone."""

from __future__ import annotations

import datetime as dt

from jiceng.assessments.models import Evidence
from jiceng.dues.models import Payment as DuesPayment
from jiceng.meetings.rules import notice_lead_days
from jiceng.pay.models import Payment as PayPayment
from jiceng.volunteers.models import Service

AT_1AM_BEIJING = dt.datetime(2026, 12, 2, 17, 0, tzinfo=dt.UTC)
D3 = dt.date(2026, 12, 3)
D2 = dt.date(2026, 12, 2)


def test_volunteer_service_gap_counts_beijing_days() -> None:
    assert Service(held_on=D3, entered_at=AT_1AM_BEIJING).gap_days == 0
    assert Service(held_on=D2, entered_at=AT_1AM_BEIJING).gap_days == 1


def test_pay_payment_gap_counts_beijing_days() -> None:
    assert PayPayment(paid_on=D3, entered_at=AT_1AM_BEIJING).gap_days == 0
    assert PayPayment(paid_on=D2, entered_at=AT_1AM_BEIJING).gap_days == 1


def test_dues_payment_is_late_only_after_its_beijing_day() -> None:
    assert DuesPayment(paid_on=D3, entered_at=AT_1AM_BEIJING).late is False
    assert DuesPayment(paid_on=D2, entered_at=AT_1AM_BEIJING).late is True


def test_assessment_evidence_gap_counts_beijing_days() -> None:
    assert Evidence(on=D3, created_at=AT_1AM_BEIJING).entry_gap_days == 0
    assert Evidence(on=D2, created_at=AT_1AM_BEIJING).entry_gap_days == 1


def test_meeting_notice_lead_counts_beijing_days() -> None:
    # sent 01:00 on the 3rd Beijing time, the meeting at 09:00 on the 8th: five days ahead
    starts = dt.datetime(2026, 12, 8, 1, 0, tzinfo=dt.UTC)
    assert notice_lead_days(AT_1AM_BEIJING, starts) == 5
