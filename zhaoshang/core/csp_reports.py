"""Where browsers report Content-Security-Policy violations (the policy's ``report-uri``).

Each report is logged as a warning on the ``zhaoshang.csp`` logger, one line per violation,
with the page, the directive, what was blocked and where. The endpoint takes no session and
no CSRF token (browsers send neither), reads at most ``MAX_REPORT_BYTES`` of a request and
answers at most ``CSP_REPORTS_PER_MINUTE`` requests a minute from one address, so that it
cannot be used to fill the log. Nothing is stored.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("zhaoshang.csp")

MAX_REPORT_BYTES = 16 * 1024
MAX_VALUE_LENGTH = 300
# Reports a browser sends in one request (the Reporting API batches them).
MAX_REPORTS_PER_REQUEST = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# The legacy report-uri body (application/csp-report) names fields one way, the Reporting
# API (application/reports+json, for report-to) another; both map to one line.
_FIELDS = (
    ("page", ("document-uri", "documentURL")),
    ("directive", ("effective-directive", "effectiveDirective", "violated-directive")),
    ("blocked", ("blocked-uri", "blockedURL")),
    ("source", ("source-file", "sourceFile")),
    ("line", ("line-number", "lineNumber")),
    ("sample", ("script-sample", "sample")),
)


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(request: HttpRequest) -> bool:
    """Counts this request for its address; True when the address sent too many."""
    throttle = caches["throttle"]
    key = f"zhaoshang:csp-reports:{_client_address(request)}"
    throttle.add(key, 0, timeout=60)
    try:
        count = throttle.incr(key)
    except ValueError:  # expired between add and incr
        throttle.set(key, 1, timeout=60)
        count = 1
    return bool(count > settings.CSP_REPORTS_PER_MINUTE)


def _text(value: Any) -> str:
    """A value from the report as one bounded line without control characters."""
    return _CONTROL.sub(" ", str(value))[:MAX_VALUE_LENGTH]


def _violations(payload: Any) -> Iterator[dict[str, Any]]:
    """The violation bodies in either report format; nothing for anything else."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        yield payload["csp-report"]
    elif isinstance(payload, list):
        for report in payload[:MAX_REPORTS_PER_REQUEST]:
            if (
                isinstance(report, dict)
                and report.get("type") == "csp-violation"
                and isinstance(report.get("body"), dict)
            ):
                yield report["body"]


def _summary(violation: dict[str, Any]) -> str:
    parts = []
    for name, keys in _FIELDS:
        value = next((violation[key] for key in keys if violation.get(key) not in (None, "")), "")
        if value != "":
            parts.append(f"{name}={_text(value)!r}")
    return " ".join(parts)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log the violations a browser reports; 204 when read, 4xx when refused."""
    if _over_limit(request):
        return HttpResponse(status=429)
    if _declared_length(request) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return HttpResponse(status=400)
    violations = list(_violations(payload))
    if not violations:
        return HttpResponse(status=400)
    for violation in violations:
        logger.warning("Content-Security-Policy violation: %s", _summary(violation))
    return HttpResponse(status=204)
