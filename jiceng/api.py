"""The JSON API (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from jiceng.accounts.auth import TokenAuth
from jiceng.evaluations.api import router as evaluations_router
from jiceng.ledgers.api import router as ledgers_router
from jiceng.meetings.api import router as meetings_router
from jiceng.organizations.api import router as orgs_router
from jiceng.reports.api import router as reports_router

api = NinjaAPI(
    title="基层党建工作平台 API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
)
api.add_router("", orgs_router)
api.add_router("", reports_router)
api.add_router("", evaluations_router)
api.add_router("", ledgers_router)
api.add_router("", meetings_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same answer for "does not exist" and "not yours": nothing is learned.
    return api.create_response(request, {"detail": "未找到"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "需要有效的接口令牌（Authorization: Bearer …）"}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[Any] = exc.errors
    fields = "、".join(str(e.get("loc", ["?"])[-1]) for e in errors) or "参数"
    return api.create_response(request, {"detail": f"参数不正确：{fields}", "errors": errors}, status=422)
