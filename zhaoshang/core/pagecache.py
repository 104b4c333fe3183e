"""Caching of public pages for anonymous readers.

Every cached page's key carries a *generation*, a number every worker reads and every
service that changes what a public page shows raises (``public_pages_changed``). Raising it
makes all cached pages stale at once, in every worker, without listing them. On one machine
(the file cache) the number lives in a small file that every process maps into memory, so
reading it on each page costs no system call; when the cache is shared between machines it
lives in the cache. A page also expires on its own when the next thing an app has scheduled
is due (apps register when with ``register_due_time``), so a scheduled post appears on time.

Two layers serve cached pages. ``PageCacheMiddleware`` keeps them in the shared cache (one
worker renders, every worker serves). ``PageFront`` wraps the WSGI application and keeps
each worker's own copy of the pages it served in memory, with the headers the whole stack
sent; it answers a repeated anonymous request before Django runs, after checking the
generation and the page's expiry, so a change shows at once there too.

These pages, and only these, are sent gzip-compressed to browsers that accept it. Django's
GZipMiddleware is not used: compressing a page that carries a secret (a CSRF token, a
signed-in reader's data) beside text an attacker can put in it is what BREACH exploits. A
page cached here is the same for every anonymous reader (the cache would otherwise leak
it), so it holds no secret to guess. Static files are compressed by WhiteNoise.
"""

from __future__ import annotations

import ctypes
import datetime
import fcntl
import functools
import gzip
import hashlib
import mmap
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "zhaoshang:pages:generation"
NEXT_DUE_KEY = "zhaoshang:pages:next-due"
PAGE_TIMEOUT = 600  # seconds; an upper bound, changes clear pages at once anyway
# Below this many bytes compression saves less than it costs.
COMPRESS_MIN_BYTES = 512
# Where PageCacheMiddleware tells PageFront, in the WSGI environ, that the answer is a cached
# public page: (its generation, when it expires as a Unix time).
FRONT_MARK = "zhaoshang.public_page"


DueTime = Callable[[], datetime.datetime | None]
_due_times: list[DueTime] = []


def register_due_time(source: DueTime) -> None:
    """Let public pages expire when ``source()`` says the next scheduled change is due."""
    if source not in _due_times:
        _due_times.append(source)


def _now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)


class SharedGeneration:
    """A 64-bit counter in a file that every process on the machine maps into memory.

    Reading is one aligned 8-byte load from the shared mapping (a single instruction on
    64-bit machines, so it is never torn); raising it takes an exclusive ``flock`` so that
    two raises at once both count. A new file starts at the time in milliseconds, like the
    cache's number did, so it never meets a generation an older file left in the cache.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size < 8:
                os.pwrite(fd, _now_ms().to_bytes(8, "little", signed=True), 0)
            self._map = mmap.mmap(fd, 8)
        finally:
            # Unlocked by hand: the mapping holds a duplicate of the descriptor, and the
            # lock belongs to both until every duplicate is closed.
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        self._value = ctypes.c_int64.from_buffer(self._map)

    def read(self) -> int:
        return int(self._value.value)

    def bump(self) -> None:
        fd = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._value.value += 1
        finally:
            os.close(fd)


_shared: dict[Path, SharedGeneration] = {}
_shared_lock = threading.Lock()


def _shared_generation() -> SharedGeneration | None:
    path = getattr(settings, "PAGES_GENERATION_FILE", None)
    if path is None:
        return None
    path = Path(path)
    found = _shared.get(path)
    if found is None:
        with _shared_lock:
            found = _shared.get(path)
            if found is None:
                found = _shared[path] = SharedGeneration(path)
    return found


def pages_generation() -> int:
    shared = _shared_generation()
    if shared is not None:
        return shared.read()
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = int(timezone.now().timestamp() * 1000)
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return int(value)


def _bump() -> None:
    shared = _shared_generation()
    if shared is not None:
        shared.bump()
    else:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, _now_ms(), timeout=None)
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


def _page_key(request: HttpRequest, generation: int) -> str:
    # The language is the path's prefix, so the full path names the page in one language.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"zhaoshang:page:{generation}:{request.method}:{path}"


_PAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _anonymous(request: HttpRequest) -> bool:
    return _anonymous_cookies(request.COOKIES)


def _anonymous_cookies(cookies: dict[str, str]) -> bool:
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
        generation = pages_generation() if cacheable_request else 0
        key = _page_key(request, generation) if cacheable_request else ""
        if key:
            stored = cache.get(key)
            if stored is not None:
                content, headers = stored[:2]
                packed = stored[2] if len(stored) > 2 else b""
                # Entries stored before pages carried their expiry: kept a second in memory.
                expires_at = stored[3] if len(stored) > 3 else time.time() + 1
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                request.META[FRONT_MARK] = (generation, expires_at)
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
            timeout = _seconds_until_next_due()
            expires_at = time.time() + timeout
            cache.set(key, (response.content, headers, packed, expires_at), timeout=timeout)
            response["X-Page-Cache"] = "miss"
            request.META[FRONT_MARK] = (generation, expires_at)
            return _compressed(request, response, packed)
        return response


def _gzip(content: bytes) -> bytes:
    """``content`` compressed, or b"" when it is too small to be worth it. No timestamp, so
    the same page always compresses to the same bytes."""
    if len(content) < COMPRESS_MIN_BYTES:
        return b""
    return gzip.compress(content, compresslevel=6, mtime=0)


def _accepts_gzip(request: HttpRequest) -> bool:
    return _accepts_gzip_header(request.META.get("HTTP_ACCEPT_ENCODING", ""))


def _accepts_gzip_header(accepted: str) -> bool:
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


StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _FrontPage(NamedTuple):
    generation: int
    expires_at: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class PageFront:
    """Wraps the WSGI application: a repeated anonymous request for a public page is answered
    from this worker's memory, with the status, headers and body the whole stack sent the
    first time, without entering Django.

    Only answers PageCacheMiddleware marked as cached public pages are kept, under
    everything in the request that could change them (method, path, query, host, scheme,
    whether gzip is accepted). A request with a session or messages cookie always goes to
    Django. A kept page is served only while its generation is the current one (a change
    anywhere shows at once) and before it expires (scheduled posts appear on time).
    """

    MAX_PAGES = 256

    def __init__(self, application: WSGIApp) -> None:
        self.application = application
        self._pages: dict[tuple[Any, ...], _FrontPage] = {}
        self._lock = threading.Lock()
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        self._proxy_header = proxy[0] if proxy else ""

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...] | None:
        method = environ.get("REQUEST_METHOD")
        if method != "GET" and method != "HEAD":
            return None
        cookie = environ.get("HTTP_COOKIE")
        if cookie and not _anonymous_cookies(parse_cookie(cookie)):
            return None
        return (
            method,
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("SERVER_NAME", ""),
            environ.get("SERVER_PORT", ""),
            environ.get("wsgi.url_scheme", ""),
            environ.get(self._proxy_header, "") if self._proxy_header else "",
            _accepts_gzip_header(environ.get("HTTP_ACCEPT_ENCODING", "")),
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = self._key(environ)
        if key is not None:
            page = self._pages.get(key)
            if (
                page is not None
                and page.expires_at > time.time()
                and page.generation == pages_generation()
            ):
                start_response(page.status, list(page.headers))
                return [page.body]
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        mark = environ.get(FRONT_MARK)
        if key is None or mark is None or not sent:
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = sent
        if not any(name.lower() == "set-cookie" for name, _value in headers):
            kept = [
                (name, "hit" if name.lower() == "x-page-cache" else value)
                for name, value in headers
            ]
            self._keep(key, _FrontPage(mark[0], mark[1], status, kept, body))
        return [body]

    def _keep(self, key: tuple[Any, ...], page: _FrontPage) -> None:
        if page.generation != pages_generation():
            return  # changed while it was made: the next request makes it again
        with self._lock:
            pages = self._pages
            if pages and next(iter(pages.values())).generation != page.generation:
                pages.clear()  # pages of an older generation are never served again
            pages.pop(key, None)
            while len(pages) >= self.MAX_PAGES:
                del pages[next(iter(pages))]
            pages[key] = page
