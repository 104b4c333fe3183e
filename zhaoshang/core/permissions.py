"""View guards shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest
from ninja.errors import HttpError

from zhaoshang.core.models import User

View = Callable[..., Any]


def permission_needed(perm: str) -> Callable[[View], View]:
    """Anonymous visitors go to the sign-in page; signed-in users without ``perm`` get 403."""

    def decorator(view: View) -> View:
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a request that a permission guard already let through."""
    user = request.user
    assert isinstance(user, User)
    return user


def api_require(request: HttpRequest, perm: str | None = None) -> User:
    """The API caller, or 401 without one and 403 without ``perm``."""
    user = request.user
    if not isinstance(user, User):
        raise HttpError(401, "Authentication required")
    if perm is not None and not user.has_perm(perm):
        raise HttpError(403, "You do not have permission for this.")
    return user
