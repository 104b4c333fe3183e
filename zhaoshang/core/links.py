"""Absolute links for mail: every link a mail carries starts with ``settings.SITE_URL``.

``SITE_URL`` comes from the environment; when it is not set there, ``zhaoshang setup --url``
(run by ``make run`` with the address it serves on) keeps the served address in
``var/site_url``, which the settings read. ``FALLBACK_SITE_URL`` is the last resort, so that
a mail never carries a bare path.
"""

from __future__ import annotations

from django.conf import settings

FALLBACK_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """Where readers reach the site, without a trailing slash."""
    return (getattr(settings, "SITE_URL", "") or FALLBACK_SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (``/en/policies/mine/``) as a link that works from a mail; an absolute URL
    is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}/{path.lstrip('/')}"
