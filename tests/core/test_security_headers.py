"""Every page is sent with a strict Content-Security-Policy and a Permissions-Policy, the
templates keep no inline script, handler or style, and violations reported by browsers
are logged at /csp-report within bounds."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.factories import PostFactory
from zhaoshang.core import csp_reports

PACKAGE = Path(__file__).resolve().parents[2] / "zhaoshang"


def directives(response) -> dict[str, set[str]]:
    policy = response["Content-Security-Policy"]
    parsed: dict[str, set[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


@pytest.mark.django_db
def test_a_page_is_sent_with_the_strict_policy_and_the_permissions_policy(client):
    response = client.get("/en/")
    assert response.status_code == 200
    found = directives(response)
    assert found["default-src"] == {"'self'"}
    assert found["script-src"] == {"'self'"}
    assert found["style-src"] == {"'self'"}
    assert found["object-src"] == {"'none'"}
    assert found["frame-ancestors"] == {"'none'"}
    assert found["base-uri"] == {"'self'"}
    assert found["form-action"] == {"'self'"}
    assert found["report-uri"] == {"/csp-report"}
    assert "'self'" in found["img-src"]
    assert not any("unsafe" in value for values in found.values() for value in values)
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert "clipboard-write=(self)" in permissions


@pytest.mark.django_db
def test_a_page_from_the_page_cache_carries_the_same_policies(client):
    post = PostFactory.create(versions={"en": ("Moving a factory", "x")})
    url = f"/en/posts/{post.slug}/"
    first = client.get(url)
    again = client.get(url)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["Permissions-Policy"] == first["Permissions-Policy"]


@pytest.mark.django_db
def test_the_api_docs_are_under_the_same_policy(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert directives(response)["script-src"] == {"'self'"}
    page = response.content.decode()
    # The page runs only files; Swagger UI's settings are an attribute (core/swagger-init.js).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert 'data-settings="{' in page
    assert 'data-settings="{"' not in page  # escaped, so the attribute holds the whole JSON


# --- templates --------------------------------------------------------------------------

TEMPLATES = sorted(PACKAGE.glob("*/templates/**/*.html"))
# What the policy refuses to run: inline script elements (JSON data is fine), event
# handler attributes, htmx's hx-on (inline script too), javascript: URLs, style attributes
# and style elements.
INLINE = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/json)", re.IGNORECASE
    ),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "hx-on attribute": re.compile(r"\s(?:data-)?hx-on", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
}


def test_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text()
    found = [
        f"{what} on line {text.count(chr(10), 0, match.start()) + 1}"
        for what, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


# --- violation reports ------------------------------------------------------------------

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "https://invest.example/en/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://invest.example/en/",
        "line-number": 12,
    }
}


def logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "zhaoshang.csp"]


def post_report(client: Client, body: bytes | str, content_type: str = "application/csp-report"):
    return client.post(reverse("csp-report"), data=body, content_type=content_type)


@pytest.fixture
def reports_client() -> Client:
    # Sign-in counters and report counters share the throttle cache; each test starts at 0.
    caches["throttle"].clear()
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_a_reported_violation_is_logged_in_one_line(reports_client, caplog):
    with caplog.at_level(logging.WARNING, logger="zhaoshang.csp"):
        response = post_report(reports_client, json.dumps(LEGACY_REPORT))
    assert response.status_code == 204
    assert logged(caplog) == [
        "Content-Security-Policy violation: page='https://invest.example/en/' "
        "directive='script-src-elem' blocked='inline' source='https://invest.example/en/' "
        "line='12'"
    ]


@pytest.mark.django_db
def test_reports_of_the_reporting_api_are_logged_too(reports_client, caplog):
    body = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://invest.example/zh-hans/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
                "sample": "color:\x1bred",
            },
        },
        {"type": "deprecation", "body": {"id": "x"}},
    ]
    with caplog.at_level(logging.WARNING, logger="zhaoshang.csp"):
        response = post_report(reports_client, json.dumps(body), "application/reports+json")
    assert response.status_code == 204
    [line] = logged(caplog)
    assert "directive='style-src-attr'" in line
    assert "sample='color: red'" in line  # control characters removed


@pytest.mark.django_db
def test_a_long_value_is_cut_short_in_the_log(reports_client, caplog):
    report = {"csp-report": {**LEGACY_REPORT["csp-report"], "blocked-uri": "x" * 5000}}
    with caplog.at_level(logging.WARNING, logger="zhaoshang.csp"):
        post_report(reports_client, json.dumps(report))
    [line] = logged(caplog)
    assert f"blocked='{'x' * csp_reports.MAX_VALUE_LENGTH}'" in line


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"\xff\xfe", 400),
        (json.dumps({"something": "else"}).encode(), 400),
        (json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}}).encode(), 413),
    ],
    ids=["not JSON", "not UTF-8", "not a report", "too large"],
)
def test_what_is_not_a_bounded_report_is_refused_and_not_logged(
    reports_client, caplog, body, status
):
    with caplog.at_level(logging.WARNING, logger="zhaoshang.csp"):
        response = post_report(reports_client, body)
    assert response.status_code == status
    assert logged(caplog) == []


@pytest.mark.django_db
def test_only_posts_are_taken(reports_client):
    assert reports_client.get(reverse("csp-report")).status_code == 405


@pytest.mark.django_db
def test_one_address_sending_too_many_reports_is_refused_for_a_minute(
    reports_client, settings, caplog
):
    settings.CSP_REPORTS_PER_MINUTE = 3
    body = json.dumps(LEGACY_REPORT)
    with caplog.at_level(logging.WARNING, logger="zhaoshang.csp"):
        statuses = [post_report(reports_client, body).status_code for _ in range(5)]
        other = Client(REMOTE_ADDR="198.51.100.7")
        other_status = post_report(other, body).status_code
    assert statuses == [204, 204, 204, 429, 429]
    assert other_status == 204
    assert len(logged(caplog)) == 4


# --- the icon ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_name_the_site_icon_and_favicon_ico_leads_to_it(client):
    # Without an icon every page's first visit logged a 404 on the browser's console.
    assert '<link rel="icon" href="/static/core/favicon.svg"' in client.get("/en/").content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/core/favicon.svg")
    assert client.get(response["Location"]).status_code == 200
