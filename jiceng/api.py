"""The JSON API (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.parser import Parser

from jiceng.accounts.auth import TokenAuth
from jiceng.assessments.api import router as assessments_router
from jiceng.assistance.api import router as assistance_router
from jiceng.core.errors import AccessDenied, DomainError, IllegalTransition
from jiceng.core.text import clean_data
from jiceng.councils.api import router as councils_router
from jiceng.development.api import router as development_router
from jiceng.dues.api import router as dues_router
from jiceng.duty.api import router as duty_router
from jiceng.economy.api import router as economy_router
from jiceng.evaluations.api import router as evaluations_router
from jiceng.households.api import router as households_router
from jiceng.ledgers.api import router as ledgers_router
from jiceng.meetings.api import router as meetings_router
from jiceng.mobile.api import router as mobile_router
from jiceng.notices.api import router as notices_router
from jiceng.openness.api import router as openness_router
from jiceng.organizations.api import router as orgs_router
from jiceng.pay.api import router as pay_router
from jiceng.people.api import router as people_router
from jiceng.programs.api import router as programs_router
from jiceng.reports.api import router as reports_router
from jiceng.selection.api import router as selection_router
from jiceng.talents.api import router as talents_router
from jiceng.training.api import router as training_router
from jiceng.unions.api import router as unions_router
from jiceng.volunteers.api import router as volunteers_router

INVALID_SCHEMA = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "中文说明，如“参数不正确：visited_on”"},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "逐项的校验错误"},
    },
    "required": ["detail", "errors"],
}


class CleanParser(Parser):
    """JSON bodies without control characters (core.text), as the middleware does for forms:
    a NUL in a JSON string used to reach PostgreSQL and answer 500."""

    def parse_body(self, request: HttpRequest) -> Any:
        return clean_data(super().parse_body(request))


class JicengAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Every operation that reads a parameter or a body documents its 422 (the `invalid` handler)."""
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["ValidationErrorOut"] = INVALID_SCHEMA
        invalid = {"description": "参数不正确", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ValidationErrorOut"}}}}  # fmt: skip
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("parameters") or operation.get("requestBody"):
                    operation["responses"].setdefault(422, invalid)
        return schema


api = JicengAPI(
    title="基层党建工作平台 API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    parser=CleanParser(),
    docs_url="/docs",
)
api.add_router("", orgs_router)
api.add_router("", reports_router)
api.add_router("", evaluations_router)
api.add_router("", households_router)
api.add_router("", ledgers_router)
api.add_router("", meetings_router)
api.add_router("", notices_router)
api.add_router("", development_router)
api.add_router("", dues_router)
api.add_router("", training_router)
api.add_router("", talents_router)
api.add_router("", duty_router)
api.add_router("", mobile_router)
api.add_router("", selection_router)
api.add_router("", assessments_router)
api.add_router("", pay_router)
api.add_router("", volunteers_router)
api.add_router("", people_router)
api.add_router("", councils_router)
api.add_router("", assistance_router)
api.add_router("", unions_router)
api.add_router("", economy_router)
api.add_router("", programs_router)
api.add_router("", openness_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same answer for "does not exist" and "not yours": nothing is learned.
    return api.create_response(request, {"detail": "未找到"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    # In the subtree but without the role (a member asking for the branch's dues sheet).
    return api.create_response(request, {"detail": "没有权限办理此事项"}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "需要有效的接口令牌（Authorization: Bearer …）"}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[Any] = exc.errors
    fields = "、".join(str(e.get("loc", ["?"])[-1]) for e in errors) or "参数"
    return api.create_response(request, {"detail": f"参数不正确：{fields}", "errors": errors}, status=422)


@api.exception_handler(DomainError)
def refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """One error path: a domain refusal is the same Chinese message the page shows.

    Outside the subtree (AccessDenied) it is a 404, as for the pages; a move the state does not
    allow, or a record changed meanwhile, is a 409; any other refusal a 400.
    """
    from jiceng.core.engine import StaleState

    if isinstance(exc, AccessDenied):
        return not_found(request, exc)
    status = 409 if isinstance(exc, (IllegalTransition, StaleState)) else 400
    return api.create_response(request, {"detail": exc.message}, status=status)
