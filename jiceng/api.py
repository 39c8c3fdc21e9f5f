"""The JSON API (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from jiceng.accounts.auth import TokenAuth
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
