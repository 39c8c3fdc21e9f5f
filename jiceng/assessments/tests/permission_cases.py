"""Permission cases of the assessment pages and API (see jiceng/core/testing.py): the officers of
the township (and the county) make schemes, sign 目标责任书, run rounds and enter evidence; a
village's people see their village's results and letters; the 公示牌 is public."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiceng.assessments import actions
from jiceng.assessments.models import (
    DiaryEntry,
    Evidence,
    QuotaScheme,
    Report,
    Result,
    ReviewScore,
    Round,
    Scheme,
    TargetLetter,  # fmt: skip
)
from jiceng.core.actor import SYSTEM
from jiceng.core.testing import EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.people.tests.factories import make_person

OFFICERS_ANYWHERE = frozenset({"county_officer", "township_officer", "other_township_officer"})
PUBLIC = EVERYONE | {"anonymous"}
Y = timezone.localdate().year - 1


def _scheme(f: Fixtures, template: str = "wugehao") -> Scheme:
    return actions.copy_template(SYSTEM, f.tree.east, template)


def _ref(org: Any) -> str:
    return f"organizations.organization:{org.pk}"


def _round(f: Fixtures, on: dt.date | None = None) -> Round:
    return actions.open_round(SYSTEM, _scheme(f), organization=f.tree.east, year=Y, today=on)


def _scored(f: Fixtures, on: dt.date | None = None) -> Round:
    rnd = _round(f, on)
    reviewer = f.personas["township_officer"]
    for org in (f.tree.east1, f.tree.east2):
        for code in ("A2", "D2"):
            actions.record_review(reviewer, rnd, subject_ref=_ref(org), indicator=code, points=Decimal(6))
    return actions.compute(SYSTEM, rnd, today=on)


def _in_notice(f: Fixtures) -> Round:
    past = timezone.localdate() - dt.timedelta(days=30)
    rnd = _scored(f, past)
    return actions.publish(SYSTEM, rnd, days=5, today=past)


def _result(f: Fixtures) -> dict[str, Any]:
    rnd = _scored(f)
    return {"kwargs": {"pk": Result.objects.get(round=rnd, organization=f.tree.east1).pk}}


def _letter(f: Fixtures) -> dict[str, Any]:
    letter = actions.sign_target(SYSTEM, _scheme(f), organization=f.tree.east1, year=timezone.localdate().year, signed_on=timezone.localdate(),
                                 signed_by="东镇党委、东一村党支部", targets={"B2": 2})  # fmt: skip
    return {"kwargs": {"pk": letter.pk}}


def _quota(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": actions.copy_quota(SYSTEM, f.tree.east, "sanbang").pk}, **extra}


def _mine(persona: str) -> str:
    return {"other_township_officer": "西镇党委", "county_officer": "测试县委"}.get(persona, "东镇党委")


def _copied(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Scheme.objects.values_list("owner__name", "code", "version")) == [(_mine(persona), "shengji", 1)]


def _edited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Scheme.objects.get(pk=prepared["kwargs"]["pk"]).name == "五个好村党支部考评（东镇）"


def _versioned(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert sorted(Scheme.objects.values_list("version", flat=True)) == [1, 2]


def _diary(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = DiaryEntry.objects.get()
    assert (row.subject_name, row.indicator, row.points) == ("东一村党支部", "D1", Decimal(3))


def _signed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(TargetLetter.objects.values_list("organization__name", "targets")) == [("东一村党支部", {"B2": "2"})]


def _opened(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Round.objects.values_list("year", "period", "state")) == [(Y, "year", "draft")]


def _reviewed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = ReviewScore.objects.get()
    assert (row.reviewer, row.indicator, row.points) == (f.personas[persona], "A2", Decimal(7))


def _reported(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Report.objects.values_list("reporter", "organization__name")) == [("王书记", "东一村党支部")]


def _computed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Round.objects.get().state == "scored"
    assert sorted(Result.objects.values_list("name", flat=True)) == ["东一村党支部", "东二村党支部"]


def _published(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Round.objects.get().state == "publicity"


def _final(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Round.objects.get().state == "final"


def _quota_copied(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(QuotaScheme.objects.values_list("owner__name", "code")) == [(_mine(persona), "zhucun5")]


def _evidenced(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Evidence.objects.values_list("item", "amount", "person__name")) == [("B1", 3, "刘干部")]


def _with_person(f: Fixtures) -> dict[str, Any]:
    person = make_person(f.tree.east1, "刘干部")
    return _quota(f, data={"item": "B1", "person": person.pk, "on": timezone.localdate().isoformat(), "amount": 3,
                           "description": "帮助3名剩余劳动力外出务工"})  # fmt: skip


def _edit_data(f: Fixtures) -> dict[str, Any]:
    scheme = _scheme(f)
    return {"kwargs": {"pk": scheme.pk}, "data": {"name": "五个好村党支部考评（东镇）", "mode": "points",
                                                  "tree": json.dumps(scheme.tree), "outcomes": json.dumps(scheme.outcomes)}}  # fmt: skip


CASES = [
    UrlCase("assessments:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("assessments:scheme_copy", method="post", allowed=OFFICERS_ANYWHERE, outside_scope=(),
            setup=lambda f: {"data": {"template": "shengji"}}, expect=_copied),
    UrlCase("assessments:scheme", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"pk": _scheme(f).pk}}),
    UrlCase("assessments:scheme_edit", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"pk": _scheme(f).pk}}),
    UrlCase("assessments:scheme_edit", method="post", allowed=EAST_OFFICERS, setup=_edit_data, expect=_edited),
    UrlCase("assessments:scheme_version", method="post", allowed=EAST_OFFICERS,
            setup=lambda f: {"kwargs": {"pk": _scheme(f).pk}}, expect=_versioned),
    UrlCase("assessments:diary_add", method="post", allowed=EAST_OFFICERS, expect=_diary,
            setup=lambda f: {"kwargs": {"pk": _scheme(f, "mubiao").pk}, "data": {
                "subject_ref": _ref(f.tree.east1), "indicator": "D1", "on": timezone.localdate().isoformat(),
                "description": "引进苹果深加工项目", "points": "3"}}),
    UrlCase("assessments:target_sign", method="post", allowed=EAST_OFFICERS, expect=_signed,
            setup=lambda f: {"kwargs": {"pk": _scheme(f).pk}, "data": {
                "organization": f.tree.east1.pk, "year": timezone.localdate().year, "signed_on": timezone.localdate().isoformat(),
                "signed_by": "东镇党委、东一村党支部", "t_B2": "2"}}),
    UrlCase("assessments:target", allowed=EAST1_SCOPE, setup=_letter),
    UrlCase("assessments:round_create", method="post", allowed=EAST_OFFICERS, expect=_opened,
            setup=lambda f: {"kwargs": {"pk": _scheme(f).pk}, "data": {"year": Y, "period": "year", "number": 1}}),
    UrlCase("assessments:round", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"pk": _round(f).pk}}),
    UrlCase("assessments:round_review", method="post", allowed=EAST_OFFICERS, expect=_reviewed,
            setup=lambda f: {"kwargs": {"pk": _round(f).pk}, "data": {
                "subject_ref": _ref(f.tree.east1), "indicator": "A2", "points": "7"}}),
    UrlCase("assessments:round_report", method="post", allowed=EAST_OFFICERS, expect=_reported,
            setup=lambda f: {"kwargs": {"pk": _round(f).pk}, "data": {
                "organization": f.tree.east1.pk, "reporter": "王书记", "audience": "乡镇党委和本村全体党员",
                "reported_on": timezone.localdate().isoformat(), "text": "全年发展党员一名"}}),
    UrlCase("assessments:round_compute", method="post", allowed=EAST_OFFICERS, expect=_computed,
            setup=lambda f: {"kwargs": {"pk": _reviewed_round(f).pk}}),
    UrlCase("assessments:round_publish", method="post", allowed=EAST_OFFICERS, expect=_published,
            setup=lambda f: {"kwargs": {"pk": _scored(f).pk}}),
    UrlCase("assessments:round_finalize", method="post", allowed=EAST_OFFICERS, expect=_final,
            setup=lambda f: {"kwargs": {"pk": _in_notice(f).pk}}),
    UrlCase("assessments:result", allowed=EAST1_SCOPE, setup=_result),
    UrlCase("assessments:history", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"pk": f.tree.east1.pk}}),
    UrlCase("assessments:quota_copy", method="post", allowed=OFFICERS_ANYWHERE, outside_scope=(),
            setup=lambda f: {"data": {"template": "zhucun5"}}, expect=_quota_copied),
    UrlCase("assessments:quota", allowed=EAST_OFFICERS, setup=_quota),
    UrlCase("assessments:quota_evidence", method="post", allowed=EAST_OFFICERS, setup=_with_person, expect=_evidenced),
    UrlCase("assessments:board", allowed=PUBLIC, outside_scope=(), setup=lambda f: {"kwargs": {"org_id": f.tree.east.pk}}),
    UrlCase("api-v1:assessment_schemes", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase("api-v1:assessment_scheme", api=True, allowed=EAST_OFFICERS,
            setup=lambda f: {"kwargs": {"scheme_id": _scheme(f).pk}}),
    UrlCase("api-v1:assessment_target", api=True, allowed=EAST1_SCOPE,
            setup=lambda f: {"kwargs": {"target_id": _letter(f)["kwargs"]["pk"]}}),
    UrlCase("api-v1:assessment_rounds", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase("api-v1:assessment_org_results", api=True, allowed=EAST1_SCOPE,
            setup=lambda f: {"kwargs": {"org_id": _result(f) and f.tree.east1.pk}}),
    UrlCase("api-v1:assessment_round", api=True, allowed=EAST_OFFICERS,
            setup=lambda f: {"kwargs": {"round_id": _round(f).pk}}),
    UrlCase("api-v1:assessment_round_compute", method="post", api=True, allowed=EAST_OFFICERS, expect=_computed,
            setup=lambda f: {"kwargs": {"round_id": _reviewed_round(f).pk}}),
    UrlCase("api-v1:assessment_quota", api=True, allowed=EAST_OFFICERS,
            setup=lambda f: {"kwargs": {"quota_id": _quota(f)["kwargs"]["pk"]}}),
]  # fmt: skip


def _reviewed_round(f: Fixtures) -> Round:
    rnd = _round(f)
    reviewer = f.personas["township_officer"]
    for org in (f.tree.east1, f.tree.east2):
        for code in ("A2", "D2"):
            actions.record_review(reviewer, rnd, subject_ref=_ref(org), indicator=code, points=Decimal(6))
    return rnd
