"""Development statistics (issue 13.3): people developed in a period, exact counts and medians."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from jiceng.core.errors import DomainError
from jiceng.development import actions, stats
from jiceng.development.models import File
from jiceng.people.rules import Category, Education
from jiceng.people.tests.factories import make_person

from .factories import SYSTEM, D, open_file, walk
from .test_api import client_of
from .test_views import _client

EDU_ZERO = {"研究生": 0, "大学本科": 0, "大学专科": 0, "中专": 0, "高中": 0, "初中": 0, "小学": 0, "未上学": 0,
            "未知": 0}  # fmt: skip


def test_tally_counts_bands_and_medians() -> None:
    rows = [
        stats.DevRow(D(1989, 7, 1), "M", "high_school", "汉族", D(2023, 1, 1), D(2024, 7, 1), D(2023, 2, 1),
                     D(2024, 3, 1), ("关怀对象",)),  # 35 on the day: 35岁及以下
        stats.DevRow(D(1989, 7, 2), "F", "", "苗族", D(2023, 1, 1), D(2024, 7, 1), D(2023, 3, 3), None,
                     ("关怀对象", "外出务工经商人员", "关怀对象")),  # 34 on the day
        stats.DevRow(D(1980, 1, 1), "F", "bachelor", "", D(2022, 1, 1), D(2024, 1, 1)),
    ]  # fmt: skip
    figures = stats.tally(rows)
    assert figures == {
        "total": 3,
        "age": {"35岁及以下": 2, "35岁以上": 1},
        "sex": {"男": 1, "女": 2},
        "education": {**EDU_ZERO, "高中": 1, "大学本科": 1, "未知": 1},
        "ethnicity": {"汉族": 2, "苗族": 1},
        "minority": 1,
        "durations": {
            "applicant_to_activist": 46.0,
            "activist_to_candidate": 394.0,
            "candidate_to_member": 122.0,
            "applicant_to_member": 547.0,
        },
        "tags": {"关怀对象": 2, "外出务工经商人员": 1},
    }


def test_the_age_line_is_35_inclusive_on_the_day_of_admission() -> None:
    def band(birth: dt.date) -> dict[str, int]:
        return stats.tally([stats.DevRow(birth, "M", "", "汉族", D(2020, 1, 1), D(2024, 7, 1))])["age"]

    assert band(D(1988, 7, 2)) == {"35岁及以下": 1, "35岁以上": 0}  # 35 until 2024-07-01
    assert band(D(1988, 7, 1)) == {"35岁及以下": 0, "35岁以上": 1}  # 36 on the day


@pytest.fixture
def developed(tree: Any) -> dict[str, File]:
    """Two members developed in 东一村 (入党 2024-07-01), one in 西一村, one activist only."""
    first = walk(open_file(tree.east1), "probationary")
    wang = make_person(tree.east1, "王芳", Category.RESIDENT, birth=D(1980, 1, 1), male=False, ethnicity="苗族",
                       education=Education.HIGH_SCHOOL)  # fmt: skip
    second = walk(open_file(tree.east1, person=wang, applied_on=D(2023, 2, 1)), "probationary")
    west = walk(open_file(tree.west1, person=make_person(tree.west1, "赵西", Category.RESIDENT, birth=D(1990, 1, 1))),
                "probationary")  # fmt: skip
    walk(open_file(tree.east1, person=make_person(tree.east1, "周积", Category.RESIDENT, birth=D(1995, 1, 1))),
         "activist")  # fmt: skip
    actions.set_tags(SYSTEM, first, ["关怀对象"])
    actions.set_tags(SYSTEM, second, ["外出务工经商人员", "关怀对象"])
    return {"first": first, "second": second, "west": west}


EAST_2024 = {
    "start": "2024-01-01",
    "end": "2024-12-31",
    "total": 2,
    "age": {"35岁及以下": 1, "35岁以上": 1},
    "sex": {"男": 1, "女": 1},
    "education": {**EDU_ZERO, "高中": 1, "未知": 1},
    "ethnicity": {"汉族": 1, "苗族": 1},
    "minority": 1,
    # 2023-03-01 / 2023-02-01 → 2023-04-10 (40, 68 days) → 2024-04-10 (366) → 2024-07-01 (82)
    "durations": {
        "applicant_to_activist": 54.0,
        "activist_to_candidate": 366.0,
        "candidate_to_member": 82.0,
        "applicant_to_member": 502.0,
    },
    "tags": {"关怀对象": 2, "外出务工经商人员": 1},
}


@pytest.mark.django_db
def test_the_api_counts_the_township_exactly_and_the_county_both(tree: Any, personas: dict[str, Any],
                                                                 developed: dict[str, File]) -> None:  # fmt: skip
    township = client_of(personas["township_officer"])
    got = township.get("/api/v1/development/stats", {"start": "2024-01-01", "end": "2024-12-31"})
    assert got.status_code == 200, got.content
    assert got.json() == EAST_2024
    county = client_of(personas["county_officer"]).get("/api/v1/development/stats",
                                                       {"start": "2024-01-01", "end": "2024-12-31"})  # fmt: skip
    assert county.json()["total"] == 3
    one_org = client_of(personas["county_officer"]).get(
        "/api/v1/development/stats", {"start": "2024-01-01", "end": "2024-12-31", "org_id": tree.west1.pk}
    )
    assert one_org.json()["total"] == 1
    later = township.get("/api/v1/development/stats", {"start": "2025-01-01", "end": "2025-12-31"}).json()
    assert later["total"] == 0 and later["durations"]["applicant_to_member"] is None
    outside = client_of(personas["other_township_officer"]).get(
        "/api/v1/development/stats", {"start": "2024-01-01", "end": "2024-12-31", "org_id": tree.east1.pk}
    )
    assert outside.status_code == 404
    backwards = township.get("/api/v1/development/stats", {"start": "2024-12-31", "end": "2024-01-01"})
    assert backwards.status_code == 400 and backwards.json() == {"detail": "开始日期不能晚于结束日期"}


@pytest.mark.django_db
def test_the_page_and_its_workbook_show_the_same_figures(tree: Any, personas: dict[str, Any],
                                                         developed: dict[str, File]) -> None:  # fmt: skip
    from python_calamine import CalamineWorkbook

    client = _client(personas["township_officer"])
    url = reverse("development:stats")
    html = client.get(url, {"start": "2024-01-01", "end": "2024-12-31"}).content.decode()
    assert '<div class="fs-5" id="total">2</div>' in html
    assert "<td>外出务工经商人员</td><td>1</td>" in html and "<td>入党申请人→预备党员</td><td>502 天</td>" in html
    book = client.get(url, {"start": "2024-01-01", "end": "2024-12-31", "format": "xlsx"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(book.content)).get_sheet_by_index(0).to_python()
    assert sheet[:3] == [["项目", "分类", "人数"], ["合计", "", 2], ["少数民族", "", 1]]
    assert ["来源", "关怀对象", 2] in sheet
    bad = client.get(url, {"start": "2024-12-31", "end": "2024-01-01"})
    assert bad.status_code == 400 and "开始日期不能晚于结束日期" in bad.content.decode()


@pytest.mark.django_db
def test_tags_are_cleaned_and_bad_ones_refused_without_writing(tree: Any) -> None:
    file = open_file(tree.east1)
    actions.set_tags(SYSTEM, file, [" 关怀对象 ", "", "关怀对象", "退役军人"])
    assert File.objects.get(pk=file.pk).tags == ["关怀对象", "退役军人"]
    with pytest.raises(DomainError, match="来源标签不能超过20个字"):
        actions.set_tags(SYSTEM, file, ["长" * 21])
    with pytest.raises(DomainError, match="来源标签最多10个"):
        actions.set_tags(SYSTEM, file, [f"标签{i}" for i in range(11)])
    assert File.objects.get(pk=file.pk).tags == ["关怀对象", "退役军人"]


@pytest.mark.django_db
def test_the_api_sets_tags_and_refuses_a_long_one_in_chinese(tree: Any, personas: dict[str, Any]) -> None:
    file = open_file(tree.east1)
    api = client_of(personas["village_secretary"])
    url = f"/api/v1/development/files/{file.pk}/tags"
    done = api.post(url, {"tags": ["关怀对象"]}, content_type="application/json")
    assert done.status_code == 200 and done.json()["tags"] == ["关怀对象"]
    refused = api.post(url, {"tags": ["长" * 21]}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"].startswith("来源标签不能超过20个字")
    assert File.objects.get(pk=file.pk).tags == ["关怀对象"]


@pytest.mark.django_db
def test_the_application_page_records_the_source_tags(tree: Any, personas: dict[str, Any]) -> None:
    from .factories import applicant

    person = applicant(tree.east1, "孙关怀")
    response = _client(personas["village_secretary"]).post(
        reverse("development:new"),
        {"person": person.pk, "applied_on": "2024-03-01", "note": "", "tags": "关怀对象，外出务工经商人员"},
    )
    assert response.status_code == 302
    assert File.objects.get(person=person).tags == ["关怀对象", "外出务工经商人员"]


@pytest.mark.django_db
def test_the_page_narrows_to_one_organization_of_the_scope(tree: Any, personas: dict[str, Any],
                                                           developed: dict[str, File]) -> None:  # fmt: skip
    url = reverse("development:stats")
    period = {"start": "2024-01-01", "end": "2024-12-31"}
    county = _client(personas["county_officer"])
    whole = county.get(url, period).content.decode()
    assert '<div class="fs-5" id="total">3</div>' in whole
    assert (
        f'<option value="{tree.west1.pk}">　西一村党支部</option>' in whole and f'value="{tree.group.pk}"' not in whole
    )
    west = county.get(url, {**period, "org": tree.west1.pk}).content.decode()
    assert '<div class="fs-5" id="total">1</div>' in west and "西一村党支部：2024-01-01" in west
    east = county.get(url, {**period, "org": tree.east.pk}).content.decode()
    assert '<div class="fs-5" id="total">2</div>' in east
    township = _client(personas["township_officer"])
    options = township.get(url, period).content.decode()
    assert f'value="{tree.east2.pk}"' in options and f'value="{tree.west1.pk}"' not in options
    assert township.get(url, {**period, "org": tree.west1.pk}).status_code == 404
    assert township.get(url, {**period, "org": "x"}).status_code == 404
