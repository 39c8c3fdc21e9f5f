"""Demo assessments for the demo township (registered with `core.registry`): the 五个好 and
升级晋档 schemes copied from the templates, a 目标责任书 signed in March with the demo village,
the first half-year's 五个好 round scored from what the other demos recorded, reviewed, 公示ed
and final; a current draft round; 三帮四定五联 with one hand-entered evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.people.models import Person

from . import actions, scoring


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    officer = User.objects.filter(username="township").select_related("organization").first()
    if officer is None or officer.organization is None or today.month < 4:
        return
    township = officer.organization
    with transaction.atomic():
        five = actions.copy_template(officer, township, "wugehao")
        actions.copy_template(officer, township, "shengji")
        actions.copy_template(officer, township, "mubiao")
        villages = scoring.subjects_of(five, township, today)
        if not villages:
            return
        first = villages[0].organization
        assert first is not None
        actions.sign_target(officer, five, organization=first, year=today.year, signed_on=dt.date(today.year, 3, 15),
                            signed_by=f"乡党委、{first.name}党支部", targets={"B2": 2}, today=today)  # fmt: skip
        number = 1 if today.month < 7 else 2
        rnd = actions.open_round(officer, five, organization=township, year=today.year, period="half",
                                 number=max(1, number - 1), today=today - dt.timedelta(days=20))  # fmt: skip
        for i, village in enumerate(villages):
            for code in ("A2", "D2"):
                actions.record_review(officer, rnd, subject_ref=village.ref, indicator=code,
                                      points=Decimal(10 - (i + len(code)) % 4))  # fmt: skip
        actions.record_report(officer, rnd, organization=first, reporter=f"{first.name}党支部书记",
                              audience="乡镇党委和本村全体党员", reported_on=today - dt.timedelta(days=21),
                              text="上半年召开支部党员大会两次，收集群众问题并逐件办理，发展党员一名。",
                              today=today)  # fmt: skip
        actions.compute(officer, rnd, today=today - dt.timedelta(days=20))
        actions.publish(officer, rnd, days=5, today=today - dt.timedelta(days=20))
        actions.finalize(officer, rnd, today=today)
        quota = actions.copy_quota(officer, township, "sanbang")
        person = Person.objects.filter(org_path__startswith=township.path).members().order_by("pk").first()
        if person is not None:
            actions.add_evidence(officer, quota, item="B1", person=person, on=today - dt.timedelta(days=3), amount=3,
                                 description="联系县劳务公司，帮助3名剩余劳动力外出务工", today=today)  # fmt: skip
    progress(f"{township.name}：考核方案 3 套，{rnd.label}五个好考核 {rnd.results.count()} 个村已公示并确定")
