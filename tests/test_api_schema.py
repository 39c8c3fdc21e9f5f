"""schemathesis over the whole API, as the county and as a township officer: generated requests
never get a 5xx and every answer matches the documented schema (status, content type, body).

- positive: schema-valid requests, every check (including that valid data is accepted);
- negative: schema-invalid requests (wrong types, missing fields, bad dates): still no 5xx, and the
  refusal (422 …) is documented and matches its schema;
- stateful: chains of calls following the links schemathesis infers (an item created, then read and
  moved; a visit recorded, then listed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config._checks import PositiveDataAcceptanceConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jiceng.accounts.models import ApiToken
from jiceng.ledgers.tests.factories import make_item
from jiceng.meetings.tests.factories import SYSTEM
from jiceng.people.tests.factories import make_person
from jiceng.wsgi import application

POSITIVE = [schemathesis.GenerationMode.POSITIVE]
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(modes=POSITIVE)
# A schema-valid request may still break a rule of the domain (an attendance row of another meeting, a
# move the workflow does not allow): that is the documented 400 with the Chinese reason (ADR 0007).
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=[*PositiveDataAcceptanceConfig._DEFAULT_EXPECTED_STATUSES, "400"]
)
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PERSONAS = ["county_officer", "township_officer"]


def seed(tree: Any) -> None:
    """Something for every endpoint to find: people, ledger items, a meeting with attendance."""
    from django.utils import timezone

    from jiceng.meetings import actions as meeting_actions

    make_person(tree.east1, "张三", birth=dt.date(1970, 5, 17))
    make_person(tree.west1, "李四", birth=dt.date(1980, 5, 17))
    make_item(tree.east1, concerned_name="王五")
    make_item(tree.west1)
    meeting_actions.schedule_meeting(SYSTEM, organization=tree.east1, kind="committee", theme="支委会",
                                     starts_at=timezone.now() + dt.timedelta(days=10))  # fmt: skip


@pytest.fixture(params=PERSONAS)
def token(request: Any, tree: Any, personas: dict[str, Any]) -> str:
    seed(tree)
    return ApiToken.objects.issue(personas[request.param])


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case: Any, token: str) -> None:
    case.call_and_validate(headers=auth(token))


negative = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
negative.config.generation.update(modes=[schemathesis.GenerationMode.NEGATIVE])


@pytest.mark.django_db(transaction=True)
@negative.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_invalid_requests_are_documented_refusals(case: Any, token: str) -> None:
    case.call_and_validate(headers=auth(token), checks=NEGATIVE_CHECKS)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_without_token_is_401_not_5xx(case: Any, tree: Any) -> None:
    response = case.call()
    if not case.operation.definition.raw.get("security"):  # a public route (auth=None): never 5xx
        assert response.status_code < 500
    else:
        assert response.status_code == 401


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_stateful_workflows(persona: str, tree: Any, personas: dict[str, Any]) -> None:
    seed(tree)
    token = ApiToken.objects.issue(personas[persona])

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            # On the case itself (not as call arguments): the auth probes must be able to remove it.
            case.headers = {**(case.headers or {}), **auth(token)}

    Workflow.run(
        settings=settings(
            max_examples=15, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck)
        )
    )
