"""The pages: each renders with data, within a query budget; refusals are shown in Chinese and
write nothing; the API computes once and refuses the second time."""

from __future__ import annotations

import json
from decimal import Decimal as D
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import ApiToken
from jiceng.assessments import actions
from jiceng.assessments.models import Result, Round, Scheme
from jiceng.core.actor import SYSTEM
from jiceng.people.tests.factories import make_person

Y = timezone.localdate().year - 1


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _computed(tree: Any, personas: dict[str, Any]) -> Round:
    scheme = actions.copy_template(SYSTEM, tree.east, "wugehao")
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=Y)
    for org in (tree.east1, tree.east2):
        for code in ("A2", "D2"):
            actions.record_review(personas["township_officer"], rnd, subject_ref=f"organizations.organization:{org.pk}",
                                  indicator=code, points=D(8))  # fmt: skip
    return actions.compute(SYSTEM, rnd)


def test_pages_render_within_budgets(tree: Any, personas: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    rnd = _computed(tree, personas)
    actions.copy_quota(SYSTEM, tree.east, "sanbang")
    make_person(tree.east1, "王书记")
    officer = _client(personas["township_officer"])
    with django_assert_max_num_queries(25):
        page = officer.get(reverse("assessments:index")).content.decode()
    assert "五个好村党支部考评（第1版）" in page and "三帮四定五联" in page and "meetings.compliance" in page
    with django_assert_max_num_queries(30):
        page = officer.get(reverse("assessments:round", args=[rnd.pk])).content.decode()
    assert "东一村党支部" in page and "已计分" in page and "公示结果" in page
    result = Result.objects.get(round=rnd, organization=tree.east1)
    with django_assert_max_num_queries(20):
        page = officer.get(reverse("assessments:result", args=[result.pk])).content.decode()
    assert result.score == D("26.00")  # A2 8 + D2 8 + C2 10 (no overdue items)
    assert "三会一课按期召开" in page and "26.00" in page
    page = officer.get(reverse("assessments:scheme", args=[rnd.scheme_id])).content.decode()
    assert "已用于评分" in page and "修改方案" not in page and "三会一课按期召开率：线性计分" in page
    member = _client(personas["member"])
    assert member.get(reverse("assessments:result", args=[result.pk])).status_code == 200
    assert member.get(reverse("assessments:round", args=[rnd.pk])).status_code == 404


def test_the_editor_shows_the_refusal_and_keeps_what_was_typed(tree: Any, personas: dict[str, Any]) -> None:
    scheme = actions.copy_template(SYSTEM, tree.east, "wugehao")
    bad = [dict(c) for c in scheme.tree]
    bad[0] = {**bad[0], "indicators": [{**bad[0]["indicators"][0], "metric": "accounts.logins"},
                                       *bad[0]["indicators"][1:]]}  # fmt: skip
    response = _client(personas["township_officer"]).post(reverse("assessments:scheme_edit", args=[scheme.pk]), {
        "name": "新名称", "mode": "points", "tree": json.dumps(bad, ensure_ascii=False),
        "outcomes": json.dumps(scheme.outcomes)})  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "所用的数据“accounts.logins”未登记" in page and "新名称" in page
    assert Scheme.objects.get(pk=scheme.pk).name == "五个好村党支部考评"
    response = _client(personas["township_officer"]).post(reverse("assessments:scheme_edit", args=[scheme.pk]), {
        "name": "新名称", "mode": "points", "tree": "[{", "outcomes": "{}"})  # fmt: skip
    assert response.status_code == 400 and "格式不正确" in response.content.decode()


def test_api_computes_once(tree: Any, personas: dict[str, Any]) -> None:
    scheme = actions.copy_template(SYSTEM, tree.east, "wugehao")
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=Y)
    for org in (tree.east1, tree.east2):
        for code in ("A2", "D2"):
            actions.record_review(personas["township_officer"], rnd, subject_ref=f"organizations.organization:{org.pk}",
                                  indicator=code, points=D(8))  # fmt: skip
    token = ApiToken.objects.issue(personas["township_officer"])
    url = reverse("api-v1:assessment_round_compute", kwargs={"round_id": rnd.pk})
    first = Client().post(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert first.status_code == 200
    body = first.json()
    assert body["state"] == "scored" and {r["name"] for r in body["results"]} == {"东一村党支部", "东二村党支部"}
    line = next(x for x in body["results"][0]["lines"] if x["code"] == "A2")
    assert line["points"] == "8.00"
    again = Client().post(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert again.status_code == 400 and again.json()["detail"] == "本轮考核已经计分，不能重复计分"
    assert Result.objects.filter(round=rnd).count() == 2


def test_the_editor_speaks_chinese_and_saves_the_same_scheme(tree: Any, personas: dict[str, Any]) -> None:
    import html as html_lib
    import re

    scheme = actions.copy_template(SYSTEM, tree.east, "wugehao")
    client = _client(personas["township_officer"])
    page = client.get(reverse("assessments:scheme_edit", args=[scheme.pk])).content.decode()
    tree_box = re.search(r'<textarea name="tree"[^>]*>(.*?)</textarea>', page, re.S)
    assert tree_box is not None
    shown = html_lib.unescape(tree_box.group(1))
    assert (
        '"计分方式": "业务数据"' in shown and '"业务数据": "三会一课按期召开率"' in shown and '"规则": "线性"' in shown
    )
    assert not re.search(r"[A-Za-z]{3,}", shown)  # no English word left for the officer
    outcomes_box = re.search(r'<textarea name="outcomes"[^>]*>(.*?)</textarea>', page, re.S)
    assert outcomes_box is not None
    outcomes = html_lib.unescape(outcomes_box.group(1))
    saved = client.post(reverse("assessments:scheme_edit", args=[scheme.pk]),
                        {"name": "五个好（东镇）", "mode": "points", "tree": shown, "outcomes": outcomes})  # fmt: skip
    assert saved.status_code == 302
    stored = Scheme.objects.get(pk=scheme.pk)
    assert (stored.name, stored.tree, stored.outcomes) == ("五个好（东镇）", scheme.tree, scheme.outcomes)
