"""The selection API: the same refusals as the pages, in Chinese, nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.accounts.models import ApiToken
from jiceng.selection.models import RecommendationRound

from .factories import candidates_of, exercise

pytestmark = pytest.mark.django_db


def _post(user: Any, name: str, pk: int, body: dict[str, Any]) -> Any:
    token = ApiToken.objects.issue(user)
    return Client().post(reverse(name, kwargs={"exercise_id": pk}), json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip


def test_the_detail_gives_the_tally_and_the_refusals_are_chinese(tree: Any, personas: dict[str, Any]) -> None:
    ex = exercise(tree, until="recommending")
    officer = personas["township_officer"]
    token = ApiToken.objects.issue(officer)
    data = Client().get(reverse("api-v1:selection", kwargs={"exercise_id": ex.pk}),
                        HTTP_AUTHORIZATION=f"Bearer {token}").json()  # fmt: skip
    assert data["state"] == "recommending" and data["moves"] == ["candidate_notice", "stopped"]
    third = data["candidates"][2]
    assert (third["name"], third["passes"], third["counts"][0]["percent"]) == ("孙三", False, "22.2%")
    first, _, low = candidates_of(ex)
    response = _post(officer, "api-v1:selection_move", ex.pk, {"target": "candidate_notice", "candidates": [low.pk]})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("孙三在推荐会中得票8张，占有效推荐表36张的22.2%，未超过50%")
    response = _post(officer, "api-v1:selection_move", ex.pk, {"target": "appointed"})
    assert response.status_code == 409 and response.json()["detail"] == "当前状态为“民主推荐”，不能变更为“任职”"
    body = {"pool": "meeting", "held_on": ex.state_on.isoformat(), "issued": 30, "returned": 31, "valid": 30,
            "votes": [{"candidate_id": first.pk, "votes": 1}]}  # fmt: skip
    response = _post(officer, "api-v1:selection_round", ex.pk, body)
    assert (response.status_code, response.json()["detail"]) == (400, "收回推荐表31张，多于发出的30张")
    assert RecommendationRound.objects.get().issued == 40
    ex.refresh_from_db()
    assert ex.state == "recommending"


def test_the_api_literals_are_the_model_choices() -> None:
    from typing import get_args

    from jiceng.selection import api
    from jiceng.selection.models import Kind, Pool, Source

    fields = {"kind": (api.SelectionExerciseIn, Kind), "pool": (api.SelectionRoundIn, Pool),
              "source": (api.SelectionCandidateIn, Source)}  # fmt: skip
    for name, (schema, choices) in fields.items():
        annotation = schema.model_fields[name].annotation  # type: ignore[attr-defined]
        assert set(get_args(annotation)) == set(choices.values), name
