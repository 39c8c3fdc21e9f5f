"""The demo county shows the newer apps with data (one seeding, each app's figures checked)."""

import datetime as dt
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiceng.accounts.models import User
from jiceng.development.models import File
from jiceng.dues import queries as dues_queries
from jiceng.dues.models import Payment
from jiceng.notices.models import Notice
from jiceng.training import queries as training_queries
from jiceng.training.models import Session


@pytest.mark.django_db
def test_the_demo_has_development_files_dues_and_training() -> None:
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime(2026, 12, 2, 10))):
        call_command("seed_demo", scale="township", stdout=io.StringIO())
        village = User.objects.get(username="village").organization
        (behind,) = dues_queries.arrears(village, dt.date(2026, 12, 2))
    # 会议: the demo township's officer approves leave (named by the township)
    from jiceng.meetings.services import leave_approver

    assert leave_approver(village).user == User.objects.get(username="township")
    # 发展党员: an application, an activist, one in its 公示
    files = File.objects.select_related("person").order_by("applied_on")
    assert [(f.step, f.person.category) for f in files] == [
        ("notice", "candidate"), ("activist", "activist"), ("applied", "applicant")]  # fmt: skip
    (notice,) = Notice.objects.filter(step="notice", subject_ref__startswith="development.")
    assert notice.title == f"关于拟发展{files[0].person.name}同志为预备党员的公示"
    # 党费: January to November paid, one member six months behind
    assert behind.run == [dt.date(2026, m, 1) for m in range(6, 12)]
    members = Payment.objects.values("person").distinct().count()
    assert Payment.objects.count() == 11 * members - 6
    # 培训: a cadres' two-day course (16 学时) and a members' one-day course
    course, remote = Session.objects.order_by("starts_on")
    assert (course.title, course.hours, remote.hours) == ("村“两委”干部集中轮训", Decimal(16), Decimal(8))
    first = course.participants.order_by("pk").first()
    assert first is not None
    found = training_queries.hours_of(first.person, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (found.hours, found.days) == (Decimal(16), Decimal(2))
