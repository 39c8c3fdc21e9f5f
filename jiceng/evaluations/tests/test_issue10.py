"""Issue 10.13: a typo at closing can be corrected before publishing, irreversible steps ask for
confirmation, a used code is refused before the ballot is filled in, slips print the address."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.models import AuditEvent
from jiceng.evaluations import actions
from jiceng.evaluations.models import BallotCode, CodeState, Round, SealedBallot, State

from .builders import prepared_round
from .test_views import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(personas: Any) -> Client:
    client = Client()
    client.force_login(personas["township_officer"])
    return client


def test_a_typo_in_the_signatures_is_corrected_before_publishing(officer: Client, tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1)
    for code in p.codes[:6]:
        actions.vote(p.round.public_key, code, p.ratings("basic"))
    actions.close_round(personas["township_officer"], p.round, 5)  # 签到表 says 15: a 1 was dropped
    response = officer.post(reverse("evaluations:signatures", args=[p.round.pk]), {"signatures": 15})
    assert response.status_code == 302
    p.round.refresh_from_db()
    assert (p.round.state, p.round.signatures) == (State.CLOSED, 15)
    event = AuditEvent.objects.filter(object_type="evaluations.round", object_id=str(p.round.pk)).latest("pk")
    assert (event.action, event.changes, event.actor_id) == ("update", {"signatures": [5, 15]},
                                                             personas["township_officer"].pk)  # fmt: skip
    assert actions.publish(personas["township_officer"], p.round).state == State.PUBLISHED
    with pytest.raises(Exception, match="只有已结束、未公布的评议可以更正签到人数"):
        actions.correct_signatures(personas["township_officer"], p.round, 20)
    assert Round.objects.get(pk=p.round.pk).signatures == 15


@pytest.mark.parametrize("step", ["open", "close", "publish"])
def test_opening_closing_and_publishing_ask_for_confirmation(officer: Client, tree: Any, personas: Any,
                                                             step: str) -> None:  # fmt: skip
    p = prepared_round(tree.east1, open_it=step != "open", codes=6)
    if step == "publish":
        for code in p.codes[:5]:
            actions.vote(p.round.public_key, code, p.ratings("basic"))
        actions.close_round(personas["township_officer"], p.round, 6)
    before = Round.objects.get(pk=p.round.pk).state
    url = reverse(f"evaluations:{step}", args=[p.round.pk])
    data = {"signatures": 6} if step == "close" else {}
    response = officer.post(url, data, follow=True)
    assert "请先勾选确认" in response.content.decode()
    assert Round.objects.get(pk=p.round.pk).state == before
    page = officer.get(reverse("evaluations:detail", args=[p.round.pk])).content.decode()
    assert re.search(r'type="checkbox" name="confirm" value="1" id="confirm-\w+" required', page)
    officer.post(url, {**data, "confirm": "1"})
    assert Round.objects.get(pk=p.round.pk).state == {"open": State.OPEN, "close": State.CLOSED,
                                                      "publish": State.PUBLISHED}[step]  # fmt: skip


def test_a_used_code_is_refused_before_the_ballot_is_shown(tree: Any) -> None:
    p = prepared_round(tree.east1)
    actions.vote(p.round.public_key, p.codes[0], p.ratings("basic"))
    url = reverse("evaluations:vote", args=[p.round.public_key])
    voter = Client()
    first = voter.get(url).content.decode()
    assert 'name="code"' in first and 'name="r_' not in first  # the code comes first
    refused = voter.post(url, {"step": "code", "code": p.codes[0]})
    page = refused.content.decode()
    assert refused.status_code == 422 and "评议码无效、已使用或已作废" in page and 'name="r_' not in page
    accepted = voter.post(url, {"step": "code", "code": p.codes[1].lower()})
    page = accepted.content.decode()
    assert accepted.status_code == 200 and page.count('type="radio"') == 3 * len(p.subject_ids)
    assert f'type="hidden" name="code" value="{p.codes[1]}"' in page
    # Checking wrote nothing: the code is still unused, no ballot was sealed.
    assert BallotCode.objects.filter(round=p.round, state=CodeState.UNUSED).count() == 9
    assert SealedBallot.objects.filter(round=p.round).count() == 1
    cast = voter.post(url, {"code": p.codes[1], **{f"r_{k}": v for k, v in p.ratings("satisfied").items()}})
    assert cast.status_code == 200 and "投票成功" in cast.content.decode()


def test_slips_print_the_vote_address(officer: Client, tree: Any) -> None:
    p = prepared_round(tree.east1, open_it=False, codes=1)
    response = officer.post(reverse("evaluations:slips", args=[p.round.pk]), {"count": 2})
    text = re.sub(r"\s", "", pdf_text(response.content))
    address = f"http://testserver/evaluations/v/{p.round.public_key}/"
    assert text.count(address) == 2


def test_split_page_records_the_recall_vote_and_marks_the_local_rule(officer: Client, tree: Any,
                                                                      personas: Any) -> None:  # fmt: skip
    import datetime as dt

    from jiceng.evaluations.models import SplitPostDecision
    from jiceng.evaluations.rules import SplitDecision

    from .test_actions import dual_post_cadre, split_round

    cadre = dual_post_cadre(tree)
    secretary = split_round(tree, "secretary", "unsatisfied")
    director = split_round(tree, "director", "unsatisfied")
    url = reverse("evaluations:split", args=[secretary.pk])
    page = officer.get(url).content.decode()
    assert "本地规则</span>" in page and "两岗均不合格，由乡镇党委研究处理（本地规则）" in page
    officer.post(url, {"person": cadre.pk, "director_round": director.pk, "decision": SplitDecision.RECALL_DIRECTOR,
                       "decided_on": "2026-11-20"})  # fmt: skip
    made = SplitPostDecision.objects.get()
    assert 'name="step" value="recall"' in officer.get(url).content.decode()
    officer.post(url, {"step": "recall", "made": made.pk, "voted_on": "2026-11-28", "registered": 10, "cast": 6,
                       "in_favour": 4})  # fmt: skip
    page = officer.get(url).content.decode()
    assert "登记参加选举的村民 10 人，投票 6 人，赞成罢免 4 票，罢免通过" in page
    assert set(cadre.posts.values_list("end_on", flat=True)) == {dt.date(2026, 11, 28)}
