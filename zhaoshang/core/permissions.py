"""View guards shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required

View = Callable[..., Any]


def permission_needed(perm: str) -> Callable[[View], View]:
    """Anonymous visitors go to the sign-in page; signed-in users without ``perm`` get 403."""

    def decorator(view: View) -> View:
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator
