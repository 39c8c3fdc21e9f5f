"""The selection pages: list, detail in each state (refusals shown), a refused count that keeps
what was typed, the tally workbook and the A4 考察预告."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from jiceng.core.testing import pdf_text
from jiceng.selection.models import Kind, RecommendationRound

from .factories import candidates_of, exercise

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_list_and_the_detail_in_every_state(
    tree: Any, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    done = exercise(tree, until="appointed")
    running = exercise(tree, Kind.VILLAGE, until="candidate_notice")
    client = _client(personas["township_officer"])
    with django_assert_max_num_queries(12):
        html = client.get(reverse("selection:index")).content.decode()
    assert "东镇党委委员选拔" in html and "东一村党支部委员“二推一选”" in html and "任职" in html
    page = client.get(reverse("selection:detail", args=[done.pk])).content.decode()
    assert (
        "赵一" in page
        and "30/36（83.3%）" in page
        and '8/36（22.2%） <span class="text-danger">未过门槛</span>' in page
    )
    assert "推荐人 推荐人1" not in page and "推荐人（推荐单位负责人） 推荐人1" in page
    page = client.get(reverse("selection:detail", args=[running.pk])).content.decode()
    assert "党员推荐" in page and "群众推荐" in page and "20/28（71.4%）" in page and "40/55（72.7%）" in page
    assert "发布考察预告、开始考察" in page and "考察组人员" in page
    from django.utils import timezone

    from jiceng.selection.demo import _business_day_before

    recent = exercise(tree, until="announced", start=_business_day_before(tree.east.path, timezone.localdate(), 1))
    page = client.get(reverse("selection:detail", args=[recent.pk])).content.decode()
    assert "暂不能办理：“公布职位、条件和资格”环节：" in page
    for state in ("draft", "announced", "recommending", "inspection", "election"):
        ex = exercise(tree, Kind.VILLAGE, until=state) if state != "draft" else exercise(tree, Kind.VILLAGE)
        assert client.get(reverse("selection:detail", args=[ex.pk])).status_code == 200


def test_a_count_above_the_forms_is_refused_on_the_page(tree: Any, personas: dict[str, Any]) -> None:
    ex = exercise(tree, until="recommending")
    first = candidates_of(ex)[0]
    data = {
        "pool": "meeting",
        "held_on": ex.state_on.isoformat(),
        "issued": "40",
        "returned": "41",
        "valid": "36",
        f"votes_{first.pk}": "10",
    }
    response = _client(personas["township_officer"]).post(reverse("selection:record_round", args=[ex.pk]), data)
    assert response.status_code == 400
    assert "收回推荐表41张，多于发出的40张" in response.content.decode()
    assert RecommendationRound.objects.get().returned == 38


def test_the_tally_workbook_and_the_preview(tree: Any, personas: dict[str, Any]) -> None:
    ex = exercise(tree, until="appointed")
    client = _client(personas["county_officer"])
    response = client.get(reverse("selection:tally_xlsx", args=[ex.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "职位",
        "人选",
        "推荐方式",
        "推荐人或推荐单位",
        "推荐会得票",
        "推荐会得票率",
        "超过50%",
        "考察对象",
        "拟任人选",
    )
    assert rows[1] == ("东镇党委党组织委员", "赵一", "组织推荐", "推荐人1", 30, "83.3%", "是", "是", "是")
    assert rows[3] == ("东镇党委党组织委员", "孙三", "组织推荐", "推荐人3", 8, "22.2%", "否", None, None)
    text = pdf_text(client.get(reverse("selection:preview_pdf", args=[ex.pk])).content)
    for part in ("考察预告", "赵一", "钱二", "个别谈话、民主测评", "0571-88881234", "考察保密责任制"):
        assert part in text
    assert "孙三" not in text


def test_the_person_search_narrows_the_choice(tree: Any, personas: dict[str, Any]) -> None:
    ex = exercise(tree)
    from .factories import people

    people(tree.east1, ("赵一", "钱二"))
    html = _client(personas["township_officer"]).get(reverse("selection:detail", args=[ex.pk]), {"q": "赵"}).content
    text = html.decode()
    start = text.index('id="candidate_person"')
    select = text[start : text.index("</select>", start)]
    assert "赵一" in select and "钱二" not in select
    assert 'hx-select="#candidate_person"' in text


def test_each_move_form_posts_its_own_step(tree: Any, personas: dict[str, Any]) -> None:
    ex = exercise(tree, until="recommending")
    client = _client(personas["township_officer"])
    html = client.get(reverse("selection:detail", args=[ex.pk])).content.decode()
    assert html.count('name="target"') == 2  # 确定考察对象并公示, 终止选拔: one hidden target each
    response = client.post(reverse("selection:move", args=[ex.pk]), {"target": "stopped", "note": ""})
    assert response.status_code == 400 and "请填写终止原因" in response.content.decode()
    response = client.post(reverse("selection:move", args=[ex.pk]), {"target": "stopped", "note": "职位调整"})
    assert response.status_code == 302
    ex.refresh_from_db()
    last = ex.events().last()
    assert ex.state == "stopped" and last is not None and last.note == "职位调整"
