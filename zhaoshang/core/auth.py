"""Authentication helpers: the API's token scheme and the sign-in throttle's key."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from zhaoshang.core.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer zs_...``: a personal token made on the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionCsrfAuth(SessionAuth):
    """The browser's session. CSRF is checked when a signed-in session makes the request,
    so that a caller with neither session nor token gets the documented 401, not 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The sign-in name the throttle counts failures for: case and spaces do not matter."""
    source: Any = credentials if credentials else request.POST
    return str(source.get("username", "") or "").strip().casefold()
