"""People pages: list filters and search, export, detail, forms, web roster import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jiceng.core.models import AuditEvent
from jiceng.people import actions
from jiceng.people.models import ImportJob, Person
from jiceng.people.rules import Category, CommitteeTitle, Education, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

from .test_roster import person_row, workbook


@pytest.fixture
def people(tree, system):
    zhang = make_person(tree.east1, "张三", birth=dt.date(1960, 1, 1), education=Education.JUNIOR_HIGH)
    actions.add_post(system, zhang, body=PostBody.PARTY, title=PartyTitle.SECRETARY)
    actions.add_post(system, zhang, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR)
    make_person(tree.east2, "李四", Category.ACTIVIST, birth=dt.date(1995, 1, 1))
    make_person(tree.west1, "王五")
    return {"zhang": zhang}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def names(response) -> list[str]:
    return [p.name for p in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["张三", "李四"]),
        ({"q": "zhangsan"}, ["张三"]),
        ({"q": "zs"}, ["张三"]),
        ({"q": "李"}, ["李四"]),
        ({"category": "activist"}, ["李四"]),
        ({"age_min": "60"}, ["张三"]),
        ({"age_max": "40"}, ["李四"]),
        ({"education": "junior_high"}, ["张三"]),
        ({"post": "dual"}, ["张三"]),
        ({"post": "secretary"}, ["张三"]),
    ],
)
def test_list_filters_and_search(personas, people, query, expected):
    response = client_for(personas["township_officer"]).get(reverse("people:list"), query)
    assert sorted(names(response)) == sorted(expected)


def test_list_never_shows_other_townships(personas, people, tree):
    response = client_for(personas["township_officer"]).get(reverse("people:list"), {"org": tree.west1.pk})
    assert "王五" not in names(response)


def test_htmx_request_gets_only_the_table(personas, people):
    response = client_for(personas["township_officer"]).get(reverse("people:list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "张三" in body and "<nav" not in body and "<table" in body


def test_list_query_budget(personas, people, tree, django_assert_max_num_queries):
    for i in range(30):
        make_person(tree.east1, f"测试{i}")
    client = client_for(personas["township_officer"])
    with django_assert_max_num_queries(12):
        client.get(reverse("people:list"))


def test_export_masks_ids_unless_full_is_allowed_and_audits(personas, people):
    zhang = people["zhang"]
    data = client_for(personas["township_officer"]).get(reverse("people:export")).content
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(data)).active.iter_rows()]
    assert rows[0][:2] == ["姓名", "公民身份号码"]
    assert [zhang.name, zhang.id_masked] in [r[:2] for r in rows]
    assert not AuditEvent.objects.filter(action="export").exists()
    full = client_for(personas["township_officer"]).get(reverse("people:export"), {"full_ids": "1"}).content
    assert zhang.id_number in str([[c.value for c in r] for r in load_workbook(io.BytesIO(full)).active.iter_rows()])
    assert AuditEvent.objects.filter(action="export").count() == 1
    denied = client_for(personas["village_secretary"]).get(reverse("people:export"), {"full_ids": "1"})
    assert denied.status_code == 404


def test_detail_shows_full_id_only_to_editors(personas, people):
    zhang = people["zhang"]
    url = reverse("people:detail", args=[zhang.pk])
    assert zhang.id_number in client_for(personas["village_secretary"]).get(url).content.decode()
    member_view = client_for(personas["member"]).get(url).content.decode()
    assert zhang.id_number not in member_view and zhang.id_masked in member_view


def test_create_person_through_the_form(personas, tree):
    from .factories import valid_id

    number = valid_id(dt.date(1985, 6, 1), male=False)
    response = client_for(personas["village_secretary"]).post(
        reverse("people:create"),
        {
            "name": "赵敏",
            "id_number": number,
            "category": "applicant",
            "organization": tree.east1.pk,
            "ethnicity": "汉族",
        },
    )
    person = Person.objects.get(name="赵敏")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert (person.sex, person.category) == ("F", "applicant")


def test_create_in_another_township_changes_nothing(personas, tree):
    from .factories import valid_id

    response = client_for(personas["other_township_officer"]).post(
        reverse("people:create"),
        {
            "name": "越界",
            "id_number": valid_id(),
            "category": "resident",
            "organization": tree.east1.pk,
        },
    )
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert not Person.objects.exists()


def test_rule_violation_is_shown_in_chinese(personas, people):
    zhang = people["zhang"]
    response = client_for(personas["township_officer"]).post(
        reverse("people:edit", args=[zhang.pk]),
        {
            "name": "张三",
            "category": "full",
            "organization": zhang.organization_id,
            "joined_on": "2000-07-01",
            "confirmed_on": "1999-01-01",
        },
    )
    assert "转正日期不能早于入党日期" in response.content.decode()


def test_cadres_page_marks_dual_posts(personas, people):
    response = client_for(personas["township_officer"]).get(reverse("people:cadres"))
    assert response.context["dual"] == 1
    xlsx = client_for(personas["township_officer"]).get(reverse("people:cadres"), {"format": "xlsx"}).content
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(xlsx)).active.iter_rows()]
    assert rows[1][0] == "测试县委/东镇党委/东一村党支部" and rows[1][1] == "张三" and rows[1][-1] == "是"


def _upload(client: Client, data: bytes, dry_run: bool = False):
    payload: dict[str, object] = {"file": SimpleUploadedFile("花名册.xlsx", data)}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("people:roster_import"), payload)


def test_web_import_runs_as_a_task_and_reports(personas, tree):
    client = client_for(personas["county_officer"])
    orgs = [
        ["测试县委", "", "县委", "", ""],
        ["南镇党委", "测试县委", "乡镇党委", "", ""],
        ["南一村党支部", "测试县委/南镇党委", "党支部", "", "南一村"],
    ]
    response = _upload(client, workbook(orgs=orgs, people=[person_row()]).getvalue())
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("people:roster_job", args=[job.pk])
    assert (job.status, job.counts["people_created"], job.counts["orgs_created"]) == ("done", 1, 2)
    page = client.get(response["Location"]).content.decode()
    assert "导入完成" in page and "新增人员 1" in page


def test_web_import_errors_offer_the_workbook_back_with_an_error_column(personas, tree):
    client = client_for(personas["township_officer"])
    people = [person_row(所在党组织="测试县委/东镇党委/东一村党支部", 性别="女", 党内职务="", 村委会职务="")]
    _upload(client, workbook(orgs=[], people=people).getvalue())
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.problems == ["人员 2 性别: 与公民身份号码不一致"]
    assert not Person.objects.exists()
    download = client.get(reverse("people:roster_job_errors", args=[job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content))["人员"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "错误" and sheet.cell(row=2, column=len(header)).value == "性别: 与公民身份号码不一致"


def test_web_import_rejects_non_xlsx(personas):
    client = client_for(personas["township_officer"])
    response = client.post(reverse("people:roster_import"), {"file": SimpleUploadedFile("名单.txt", b"hello")})
    assert response.status_code == 200 and "请上传 .xlsx 格式的文件" in response.content.decode()
    assert not ImportJob.objects.exists()
    _upload(client, b"not really a workbook")
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.problems == ["文件 1 -: 无法读取该文件，请上传 .xlsx 格式的花名册"]


def test_progress_partial_polls_until_finished(personas, tree):
    client = client_for(personas["township_officer"])
    _upload(client, workbook(orgs=[], people=[]).getvalue(), dry_run=True)
    job = ImportJob.objects.get()
    partial = client.get(reverse("people:roster_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'id="progress"' in partial and "every 1s" not in partial and "<nav" not in partial
