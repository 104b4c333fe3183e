"""What every page's layout needs: the center, the language links, the user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from zhaoshang.core.notifications import notifications_unread_count
from zhaoshang.core.phones import phone_display
from zhaoshang.core.roles import WORKSPACE
from zhaoshang.core.selectors import site_settings_current


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    links = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    site_settings = site_settings_current()
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    is_officer = bool(user is not None and signed_in and user.has_perm(WORKSPACE))
    return {
        "site": site_settings,
        "site_phone": phone_display(site_settings.phone),
        "site_fax": phone_display(site_settings.fax),
        "language_links": links,
        "is_officer": is_officer,
        # Counted when a template asks (the signed-in layout shows it as a badge).
        "unread_notifications": (
            (lambda: notifications_unread_count(user)) if user is not None and signed_in else 0
        ),
    }
