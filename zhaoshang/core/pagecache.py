"""Caching of public pages for anonymous readers.

Every cached page's key carries a *generation*, a number kept in the shared cache and
raised by every service that changes what a public page shows (``public_pages_changed``).
Raising it makes all cached pages stale at once, in every worker, without listing them.
A page also expires on its own when the next thing an app has scheduled is due (apps
register when with ``register_due_time``), so a scheduled post appears on time.

These pages, and only these, are sent gzip-compressed to browsers that accept it. Django's
GZipMiddleware is not used: compressing a page that carries a secret (a CSRF token, a
signed-in reader's data) beside text an attacker can put in it is what BREACH exploits. A
page cached here is the same for every anonymous reader (the cache would otherwise leak
it), so it holds no secret to guess. Static files are compressed by WhiteNoise.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "zhaoshang:pages:generation"
NEXT_DUE_KEY = "zhaoshang:pages:next-due"
PAGE_TIMEOUT = 600  # seconds; an upper bound, changes clear pages at once anyway
# Below this many bytes compression saves less than it costs.
COMPRESS_MIN_BYTES = 512


DueTime = Callable[[], datetime.datetime | None]
_due_times: list[DueTime] = []


def register_due_time(source: DueTime) -> None:
    """Let public pages expire when ``source()`` says the next scheduled change is due."""
    if source not in _due_times:
        _due_times.append(source)


def pages_generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = int(timezone.now().timestamp() * 1000)
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)
    cache.delete(NEXT_DUE_KEY)


def public_pages_changed() -> None:
    """Call from a service whose change shows on public pages: now and after the commit."""
    _bump()
    transaction.on_commit(_bump)


def _seconds_until_next_due() -> int:
    """Seconds until the next scheduled change is due (PAGE_TIMEOUT when none is)."""
    due = cache.get(NEXT_DUE_KEY)
    if due is None:
        times = [t for t in (source() for source in _due_times) if t is not None]
        due = min(times).timestamp() if times else 0.0
        cache.set(NEXT_DUE_KEY, due, timeout=PAGE_TIMEOUT)
    if not due:
        return PAGE_TIMEOUT
    remaining = int(due - timezone.now().timestamp()) + 1
    return max(1, min(PAGE_TIMEOUT, remaining))


def _page_key(request: HttpRequest) -> str:
    # The language is the path's prefix, so the full path names the page in one language.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"zhaoshang:page:{pages_generation()}:{request.method}:{path}"


_PAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


View = Callable[..., HttpResponse]


def public_page(view: View) -> View:
    """Mark ``view``'s answers to anonymous readers as cacheable by PageCacheMiddleware."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD") and _anonymous(request):
            request._page_cacheable = True  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


class PageCacheMiddleware:
    """Serves cached public pages before the rest of the middleware runs, and stores them
    after it ran, with every header the full stack added (security headers included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only pages (under a language prefix) are ever cached; the API, the probes and
        # the admin skip the cache lookups altogether.
        cacheable_request = (
            request.method in ("GET", "HEAD")
            and request.path.startswith(_PAGE_PREFIXES)
            and _anonymous(request)
        )
        key = _page_key(request) if cacheable_request else ""
        if key:
            stored = cache.get(key)
            if stored is not None:
                content, headers, packed = (*stored, b"")[:3]
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return _compressed(request, response, packed)
        response = self.get_response(request)
        if (
            key
            and getattr(request, "_page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() != "x-page-cache"]
            packed = _gzip(response.content)
            cache.set(key, (response.content, headers, packed), timeout=_seconds_until_next_due())
            response["X-Page-Cache"] = "miss"
            return _compressed(request, response, packed)
        return response


def _gzip(content: bytes) -> bytes:
    """``content`` compressed, or b"" when it is too small to be worth it. No timestamp, so
    the same page always compresses to the same bytes."""
    if len(content) < COMPRESS_MIN_BYTES:
        return b""
    return gzip.compress(content, compresslevel=6, mtime=0)


def _accepts_gzip(request: HttpRequest) -> bool:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    for part in accepted.split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _compressed(request: HttpRequest, response: HttpResponse, packed: bytes) -> HttpResponse:
    """``response`` (a cached public page) as gzip when the reader accepts it."""
    patch_vary_headers(response, ("Accept-Encoding",))
    if packed and _accepts_gzip(request) and not response.has_header("Content-Encoding"):
        response.content = packed
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(packed))
    return response
