"""schemathesis over our OpenAPI: generated requests never get a 5xx and answers match the schema."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from jiceng.accounts.models import ApiToken
from jiceng.people.tests.factories import make_person
from jiceng.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Valid requests only: the checks are "no 5xx" and "the answer matches the documented schema".
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE])


@pytest.fixture
def token(tree, personas):
    make_person(tree.east1, "张三", birth=dt.date(1970, 5, 17))
    return ApiToken.objects.issue(personas["township_officer"])


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_without_token_is_401_not_5xx(case, tree):
    response = case.call()
    assert response.status_code == 401
