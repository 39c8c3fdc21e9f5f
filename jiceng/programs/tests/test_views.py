"""The pages: a file's schedule and steps, the refusal of a loan outside the range shown in
Chinese with nothing written, the 《帮扶承诺书》 PDF with its four commitments, the Excel figures."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import pdf_text
from jiceng.programs import actions
from jiceng.programs.models import Application, Loan

from .factories import APPROVED, applicant, apply, program, walk

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_file_page_shows_schedule_and_the_loan_refusal(tree, personas):
    app = walk(apply(program(tree), applicant(tree.east1)), "approved")
    county = _client(personas["county_officer"])
    response = county.post(reverse("programs:loan", args=[app.pk]),
                           {"amount": "60000", "lent_on": "2024-04-10", "term_months": "24", "rate": "5.31",
                            "periods_per_year": "4", "method": "interest_only"}, follow=True)  # fmt: skip
    assert "贷款金额60,000.00元不在本工程的贷款额度（30,000.00—50,000.00元）之内" in response.content.decode()
    assert not Loan.objects.exists() and Application.objects.get().state == "approved"
    county.post(reverse("programs:loan", args=[app.pk]),
                {"amount": "50000", "lent_on": "2024-04-10", "term_months": "24", "rate": "5.31",
                 "periods_per_year": "4", "method": "interest_only"})  # fmt: skip
    page = _client(personas["village_secretary"]).get(reverse("programs:detail", args=[app.pk])).content.decode()
    assert '当前环节：<strong id="state">帮扶中</strong>' in page
    assert page.count('<td class="text-end">663.75</td>') == 16  # 8 quarters: interest and subsidy columns
    assert "经公示无异议" in page and "县扶贫办 刘专员" in page


def test_commitment_pdf_has_the_four_commitments(tree, personas):
    app = walk(apply(program(tree), applicant(tree.east1)), "approved")
    actions.sign_commitment(SYSTEM, app, signed_on=APPROVED, today=APPROVED)
    response = _client(personas["village_secretary"]).get(reverse("programs:commitment_pdf", args=[app.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", "")
    assert "帮扶承诺书" in text and "黄志强" in text and "2024年4月1日" in text
    for needle in (
        "争当农村创业致富带头人",
        "争当产业发展和科技致富带头人",
        "争当文明兴村带头人",
        "争当为民办事带头人",
    ):
        assert needle in text


def test_excel_figures_and_member_sees_no_names(tree, personas):
    prog = program(tree)
    walk(apply(prog, applicant(tree.east1)), "loaned")
    from openpyxl import load_workbook

    response = _client(personas["member"]).get(reverse("programs:program_xlsx", args=[prog.pk]))
    book = load_workbook(io.BytesIO(response.content))
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows(min_row=2)]
    assert summary[:4] == [
        ["帮扶对象（人）", 1],
        ["其中兰花种植", 1],
        ["贷款（笔）", 1],
        ["贷款合计（元）", "50000.00"],
    ]
    assert book["帮扶档案"].max_row == 1  # the member sees the figures, not the files
    rows = list(_client(personas["township_officer"]).get(reverse("programs:program_xlsx", args=[prog.pk])).content)
    assert rows
    page = _client(personas["member"]).get(reverse("programs:program", args=[prog.pk])).content.decode()
    assert "共帮扶创业示范户 1 名（兰花种植 1 名），银行提供贷款 50,000.00 元（1 笔）" in page
    assert "黄志强" not in page


def test_a_training_base_and_its_class_from_the_training_records(tree, personas):
    from jiceng.people.tests.factories import make_person
    from jiceng.programs.models import TrainingBase
    from jiceng.training.tests.factories import session

    prog = program(tree)
    county = Client()
    county.force_login(personas["county_officer"])
    page = county.get(reverse("programs:program", args=[prog.pk])).content.decode()
    assert "登记培训基地" in page and "还没有登记培训基地" in page
    county.post(reverse("programs:base_new", args=[prog.pk]),
                {"organization": tree.east1.pk, "name": "沙溪兰花种植基地", "industry": "orchid"})  # fmt: skip
    base = TrainingBase.objects.get()
    held = session(tree.east1, [make_person(tree.east1, "学员甲"), make_person(tree.east1, "学员乙")],
                   title="兰花种植技术培训班")  # fmt: skip
    county.post(reverse("programs:base_session", args=[base.pk]), {"session": held.pk})
    page = county.get(reverse("programs:program", args=[prog.pk])).content.decode()
    assert "沙溪兰花种植基地（东一村党支部，兰花种植）：培训班 兰花种植技术培训班" in page
    assert "培训基地 1 个，培训班 1 期、2 人次" in page
    twice = county.post(reverse("programs:base_new", args=[prog.pk]),
                        {"organization": tree.east1.pk, "name": "沙溪兰花种植基地", "industry": "orchid"}, follow=True)  # fmt: skip
    assert "已有名为“沙溪兰花种植基地”的培训基地" in twice.content.decode() and TrainingBase.objects.count() == 1
    township = Client()
    township.force_login(personas["township_officer"])
    assert "登记培训基地" not in township.get(reverse("programs:program", args=[prog.pk])).content.decode()
