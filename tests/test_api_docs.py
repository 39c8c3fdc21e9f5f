"""The OpenAPI document and its docs page: each endpoint documented with its own schema, 422
documented, and the Swagger UI served from our own static files (offline deployments work)."""

from __future__ import annotations

import enum
import re
import typing
from typing import Any

from django.contrib.staticfiles import finders
from django.test import Client
from pydantic import BaseModel

from jiceng.api import api


def _models(annotation: Any, seen: frozenset[Any] = frozenset()) -> set[type[BaseModel]]:
    if annotation in seen:  # a schema that contains itself (a township's branches)
        return set()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found = {annotation}
        for field in annotation.model_fields.values():
            found |= _models(field.annotation, seen | {annotation})
        return found
    args = typing.get_args(annotation)
    return set().union(*(_models(arg, seen) for arg in args)) if args else set()


def declared_models() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in operation.response_models.values():
                    if model is not None:
                        found |= _models(model.model_fields["response"].annotation)
                for model in operation.models:
                    found |= _models(model)
    return found


def test_no_two_different_schemas_share_a_name():
    """The ledger statistics' StatsOut used to stand for the organization statistics too."""
    by_name: dict[str, dict[str, Any]] = {}
    clashes = []
    for model in declared_models():
        if model.__name__.endswith("Params") or model.__module__.startswith("ninja"):
            continue
        schema = model.model_json_schema()
        if model.__name__ in by_name and by_name[model.__name__] != schema:
            clashes.append(model.__name__)
        by_name.setdefault(model.__name__, schema)
    assert clashes == []


def _enums(annotation: Any) -> set[type[enum.Enum]]:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {annotation}
    return set().union(*(_enums(arg) for arg in typing.get_args(annotation))) if typing.get_args(annotation) else set()


def test_no_two_different_choices_share_a_name():
    """OpenAPI names a choice list by its class: the dues' Kind overwrote the meetings' Kind, and
    the schema then offered "salary" as a kind of meeting."""
    by_name: dict[str, set[type[enum.Enum]]] = {}
    for model in declared_models():
        for field in model.model_fields.values():
            for found in _enums(field.annotation):
                by_name.setdefault(found.__name__, set()).add(found)
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in operation.models:
                    for field in model.model_fields.values():
                        for found in _enums(field.annotation):
                            by_name.setdefault(found.__name__, set()).add(found)
    assert sorted(name for name, kinds in by_name.items() if len(kinds) > 1) == []


def test_the_org_statistics_are_documented_with_their_own_schema():
    schema = Client().get("/api/v1/openapi.json").json()
    ref = schema["paths"]["/api/v1/orgs/{org_id}/stats"]["get"]["responses"]["200"]["content"]["application/json"]
    name = ref["schema"]["$ref"].rsplit("/", 1)[1]
    assert sorted(schema["components"]["schemas"][name]["properties"]) == [
        "as_of",
        "cadres",
        "members",
        "org",
        "people",
    ]
    ledger = schema["paths"]["/api/v1/ledgers/stats"]["get"]["responses"]["200"]["content"]["application/json"]
    ledger_name = ledger["schema"]["$ref"].rsplit("/", 1)[1]
    assert "by_child" in schema["components"]["schemas"][ledger_name]["properties"]


def test_every_operation_with_parameters_documents_422():
    schema = Client().get("/api/v1/openapi.json").json()
    missing = [f"{method} {path}" for path, operations in schema["paths"].items()
               for method, op in operations.items()
               if (op.get("parameters") or op.get("requestBody")) and "422" not in op["responses"]]  # fmt: skip
    assert missing == []
    assert schema["components"]["schemas"]["ValidationErrorOut"]["required"] == ["detail", "errors"]


def test_a_422_answer_matches_its_documented_schema(personas):
    from jiceng.accounts.models import ApiToken

    token = ApiToken.objects.issue(personas["township_officer"])
    response = Client().get("/api/v1/orgs/1/stats?as_of=2026-13-45", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert sorted(response.json()) == ["detail", "errors"]
    assert response.json()["detail"] == "参数不正确：as_of"


def test_the_docs_page_loads_only_our_own_static_files():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), f"{source} is not among our static files"


def test_identifiers_past_any_column_are_422_not_500(personas):
    """Found by schemathesis: /ledgers/stats?type=219331279124203175936 answered 500."""
    from jiceng.accounts.models import ApiToken

    token = ApiToken.objects.issue(personas["county_officer"])
    for path in ("/api/v1/ledgers/stats?type=219331279124203175936", "/api/v1/ledgers/items?org=219331279124203175936",
                 "/api/v1/evaluations?year=99999"):  # fmt: skip
        response = Client().get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 422, path
