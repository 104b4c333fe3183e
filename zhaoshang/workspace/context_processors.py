"""The workspace's layout for officers: which base template their own pages extend, and
the navigation of the page being drawn (built only when a template asks for it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zhaoshang.core.models import User
from zhaoshang.core.roles import WORKSPACE
from zhaoshang.workspace.nav import workspace_nav


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.has_perm(WORKSPACE):
        return {"page_layout": "base.html", "workspace_nav": ()}
    match = getattr(request, "resolver_match", None)
    url_name = match.view_name if match is not None else None
    return {
        # Pages every user has (notifications, profile) keep officers in their workspace.
        "page_layout": "workspace.html",
        "workspace_nav": lambda: workspace_nav(user, url_name),
    }
