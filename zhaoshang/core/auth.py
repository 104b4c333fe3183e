"""Authentication helpers: the API's token scheme and the sign-in throttle."""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache_timeout
from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from zhaoshang.core.services import api_token_authenticate

log = logging.getLogger(__name__)


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


class SignInThrottle(AxesCacheHandler):
    """django-axes' cache handler with a second, wider limit.

    Axes locks one account from one address after ``AXES_FAILURE_LIMIT`` failures. That
    leaves password spraying open: one password tried on many accounts from one address
    fails once per account and never locks. This handler also counts the failures of each
    address across accounts and locks the address after ``SIGN_IN_ADDRESS_FAILURE_LIMIT``
    of them (higher, so that one office behind one address is not locked by a few typing
    mistakes), for the same cool-off. A successful sign-in does not reset that count, or
    an attacker with one valid account could reset it between tries.
    """

    ADDRESS_KEY = "zhaoshang-sign-in-address:{}"

    def _address_key(self, request: HttpRequest) -> str | None:
        address = getattr(request, "axes_ip_address", None)
        return self.ADDRESS_KEY.format(address) if address else None

    def address_failures(self, request: HttpRequest) -> int:
        key = self._address_key(request)
        return int(self.cache.get(key, default=0)) if key else 0

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return self.address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        already_locked = request is not None and getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or already_locked or self.is_whitelisted(request, credentials):
            return
        key = self._address_key(request)
        if key is None:
            return
        timeout = get_cache_timeout(request)
        if self.cache.add(key=key, value=1, timeout=timeout):
            failures = 1
        else:
            failures = self.cache.incr(key=key, delta=1)
            self.cache.touch(key=key, timeout=timeout)
        if failures >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            log.warning("Sign-in: %s locked after %d failures across accounts", key, failures)
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
