"""The site's own 403, 404 and 500 pages: in the reader's language, in the site's layout,
each with a way back (home, the previous page on this site, sign in)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _previous_page(request: HttpRequest) -> str:
    """The page the reader came from, when it is on this site (never another site's)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string(
        "403.html", {"previous_page": _previous_page(request)}, request=request
    )
    return HttpResponse(body, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string(
        "404.html", {"previous_page": _previous_page(request)}, request=request
    )
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors, so that a page whose database
    is gone still gets an answer; if even the template fails, a line of plain text."""
    try:
        body = loader.render_to_string("500.html", {"previous_page": ""})
    except Exception:  # the error page must not fail in turn
        log.exception("the 500 page could not be rendered")
        return HttpResponse(
            _("Something went wrong on our side. Please try again later."),
            status=500,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(body, status=500)
