"""The JSON API root. Each app mounts one router; OpenAPI at /api/openapi.json, docs at
/api/docs. Scripts authenticate with a personal token (Bearer), browsers with their
session (CSRF checked on every write)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from zhaoshang.chains.api import router as chains_router
from zhaoshang.core.api import router as core_router
from zhaoshang.core.auth import ApiTokenAuth, SessionCsrfAuth
from zhaoshang.leads.api import router as leads_router
from zhaoshang.policies.api import router as policies_router
from zhaoshang.projects.api import router as projects_router
from zhaoshang.proposals.api import router as proposals_router
from zhaoshang.registry.api import router as registry_router
from zhaoshang.sites.api import router as sites_router
from zhaoshang.sites.matching.api import router as sites_match_router

api = NinjaAPI(
    title="Zhaoshang API",
    version="1",
    description=(
        "The API of Zhaoshang, the investment promotion platform. Authenticate with "
        "`Authorization: Bearer <token>` (make a token on your profile page) or, from the "
        "browser, with your session and its CSRF token."
    ),
    auth=[ApiTokenAuth(), SessionCsrfAuth()],
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Authentication required: send a valid API token or sign in."},
        status=401,
    )


api.add_router("/core/", core_router)
api.add_router("/registry/", registry_router)
api.add_router("/policies/", policies_router)
api.add_router("/leads/", leads_router)
api.add_router("/sites/", sites_router)
api.add_router("/sites/", sites_match_router)
api.add_router("/projects/", projects_router)
api.add_router("/proposals/", proposals_router)
api.add_router("/chains/", chains_router)
