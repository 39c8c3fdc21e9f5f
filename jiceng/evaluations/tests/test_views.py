"""Pages, printing and exports, through the web as officers and voters use them."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from jiceng.accounts.models import ApiToken
from jiceng.evaluations import actions
from jiceng.evaluations.models import BallotCode, Round, State

from .builders import Officer, prepared_round

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def officer(personas: Any) -> Client:
    client = Client()
    client.force_login(personas["township_officer"])
    return client


def published(tree: Any, ballots: int = 5) -> Round:
    p = prepared_round(tree.east1, codes=ballots + 1)
    for code in p.codes[:ballots]:
        actions.vote(p.round.public_key, code, p.ratings("satisfied", "unsatisfied"))
    actions.close_round(Officer(tree.east1), p.round, ballots + 1)
    return actions.publish(Officer(tree.east1), p.round)


def test_create_round_and_take_members_as_subjects(officer: Client, tree: Any) -> None:
    from jiceng.people.tests.factories import make_person

    make_person(tree.east1, "赵一")
    response = officer.post(reverse("evaluations:create"), {
        "organization": tree.east1.pk, "kind": "democratic", "title": "民主评议党员", "year": 2026,
        "pool": "members", "pass_percent": 50,
    })  # fmt: skip
    round_ = Round.objects.get()
    assert response.status_code == 302 and round_.scale == "grade" and round_.post == ""
    page = officer.get(reverse("evaluations:detail", args=[round_.pk])).content.decode()
    assert "赵一" in page and 'name="person"' in page


def test_split_post_round_needs_a_post(officer: Client, tree: Any) -> None:
    response = officer.post(reverse("evaluations:create"), {
        "organization": tree.east1.pk, "kind": "split_post", "title": "分岗评", "year": 2026,
        "pool": "members", "pass_percent": 50,
    })  # fmt: skip
    assert response.status_code == 422 and "分岗评须选择评议岗位" in response.content.decode()
    assert not Round.objects.exists()


def test_slips_pdf_carries_the_codes_that_match_the_stored_hashes(officer: Client, tree: Any) -> None:
    p = prepared_round(tree.east1, open_it=False, codes=1)
    response = officer.post(reverse("evaluations:slips", args=[p.round.pk]), {"count": 6})
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    # The voting address printed on each slip holds the round's random public key: not a code.
    text = pdf_text(response.content).replace(p.round.public_key, " ")
    codes = re.findall(r"(?<![A-Za-z0-9_-])[2-9A-HJKMNP-Z]{8}(?![A-Za-z0-9_-])", text)
    assert len(set(codes)) == 6
    stored = set(BallotCode.objects.filter(round=p.round).values_list("code_hash", flat=True))
    assert {actions.hash_code(p.round, c) for c in codes} == stored


def test_paper_ballot_pdf_lists_subjects(officer: Client, tree: Any) -> None:
    p = prepared_round(tree.east1)
    text = pdf_text(officer.get(reverse("evaluations:paper_ballot", args=[p.round.pk])).content)
    assert "纸质评议票" in text and "党员0" in text and "基本满意" in text


def test_no_live_results(officer: Client, tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1)
    actions.vote(p.round.public_key, p.codes[0], p.ratings("satisfied"))
    assert officer.get(reverse("evaluations:results", args=[p.round.pk])).status_code == 404
    assert Client().get(reverse("evaluations:recount", args=[p.round.public_key])).status_code == 404
    public = Client().get(reverse("evaluations:public", args=[p.round.public_key])).content.decode()
    assert "尚未公布" in public
    token = ApiToken.objects.issue(personas["township_officer"])
    body = Client().get(f"/api/v1/evaluations/{p.round.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["state"] == "open" and body["results"] == [] and body["ballots"] is None


def test_notice_pdf_and_excel_show_the_published_counts(officer: Client, tree: Any) -> None:
    round_ = published(tree)
    text = pdf_text(officer.get(reverse("evaluations:notice_pdf", args=[round_.pk])).content)
    assert "结果公告" in text and "收回有效选票 5 张" in text and "党员0" in text and round_.recount_digest in text
    book = load_workbook(io.BytesIO(officer.get(reverse("evaluations:results_xlsx", args=[round_.pk])).content))
    rows = list(book.active.values)
    assert rows[0] == ("序号", "评议对象", "有效票", "满意", "基本满意", "不满意", "满意（合格）率", "结果")
    assert rows[1] == (1, "党员0", 5, 5, 0, 0, "100.0%", "合格")
    assert rows[2] == (2, "党员1", 5, 0, 0, 5, "0.0%", "不合格")


def test_assessment_export_collects_the_years_published_results(officer: Client, tree: Any) -> None:
    published(tree)
    book = load_workbook(io.BytesIO(officer.get(reverse("evaluations:assessment_xlsx"), {"year": 2026}).content))
    rows = list(book.active.values)
    assert rows[1][:5] == ("东一村党支部", "群众背靠背评议", "党员群众评议", "党员0", 5)


def test_vote_page_keeps_choices_and_explains_a_refusal(tree: Any) -> None:
    p = prepared_round(tree.east1)
    url = reverse("evaluations:vote", args=[p.round.public_key])
    ratings = {f"r_{k}": v for k, v in p.ratings("basic").items()}
    response = Client().post(url, {"code": "AAAA-AAAA", **ratings})
    page = response.content.decode()
    assert response.status_code == 422 and "评议码无效" in page
    assert page.count("checked") == len(p.subject_ids)
    assert "AAAAAAAA" not in page and "AAAA-AAAA" not in page  # the code is not echoed back


def test_closed_round_page_says_so(tree: Any) -> None:
    p = prepared_round(tree.east1)
    actions.close_round(Officer(tree.east1), p.round, 3)
    page = Client().get(reverse("evaluations:vote", args=[p.round.public_key])).content.decode()
    assert "投票已结束" in page and 'name="code"' not in page
    assert Round.objects.get().state == State.CLOSED
