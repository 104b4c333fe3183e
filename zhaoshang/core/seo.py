"""What search engines and link previews read of a public page: its description, Open
Graph and Twitter card tags, and structured data (schema.org JSON-LD).

Plain functions building values; ``core/templatetags/seo.py`` writes them into the head.
Every address is absolute, from ``SITE_URL`` (``core/links.py``), as search engines need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from zhaoshang.core.links import absolute_url

# Search engines show about 150 to 160 characters of a description.
DESCRIPTION_LENGTH = 160

_SPACE = re.compile(r"\s+")
# What json_script escapes, so that text in the data cannot close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def description_text(*candidates: object) -> str:
    """The first non-empty candidate as one plain line, cut to DESCRIPTION_LENGTH."""
    for candidate in candidates:
        text = _SPACE.sub(" ", strip_tags(str(candidate or ""))).strip()
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def center_description(site: Any) -> str:
    """The center's own description, used by every page that has none of its own."""
    if site.city:
        return _(
            "%(center)s, %(city)s: news for investors, support policies, land and factory "
            "space, contacts, and enquiries answered in your language."
        ) % {"center": site.center_name, "city": site.city}
    return _(
        "%(center)s: news for investors, support policies, land and factory space, "
        "contacts, and enquiries answered in your language."
    ) % {"center": site.center_name}


def structured_data_html(data: dict[str, Any]) -> SafeString:
    """``data`` as a JSON-LD block: a data block the browser never runs, so the
    Content-Security-Policy (script-src 'self') has nothing to allow."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _postal_address(text: str) -> dict[str, str]:
    return {"@type": "PostalAddress", "streetAddress": text}


def organization_data(site: Any, contacts: Iterable[Any] = ()) -> dict[str, Any]:
    """The center as a schema.org GovernmentOrganization, with its contacts as contact
    points."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": site.center_name,
        "url": absolute_url("/"),
        "logo": absolute_url("/static/core/favicon.svg"),
    }
    names = {site.center_name_en, site.center_name_zh_hans, site.center_name_zh_hant}
    alternates = sorted(n for n in names if n and n != site.center_name)
    if alternates:
        data["alternateName"] = alternates
    if site.address:
        data["address"] = _postal_address(site.address)
    if site.phone:
        data["telephone"] = site.phone
    if site.fax:
        data["faxNumber"] = site.fax
    if site.email:
        data["email"] = site.email
    points = []
    for contact in contacts:
        point: dict[str, Any] = {"@type": "ContactPoint", "name": contact.name}
        if contact.role:
            point["contactType"] = contact.role
        for key, value in (
            ("telephone", contact.phone),
            ("faxNumber", contact.fax),
            ("email", contact.email),
            ("hoursAvailable", contact.office_hours),
        ):
            if value:
                point[key] = value
        if contact.address:
            point["areaServed"] = contact.address
        point["availableLanguage"] = ["en", "zh-Hans", "zh-Hant"]
        points.append(point)
    if points:
        data["contactPoint"] = points
    return data


def article_data(
    *,
    site: Any,
    url: str,
    headline: str,
    description: str,
    language: str,
    published: Any,
    modified: Any,
    image: str = "",
) -> dict[str, Any]:
    """A post as a schema.org Article, published by the center."""
    publisher = {
        "@type": "GovernmentOrganization",
        "name": site.center_name,
        "url": absolute_url("/"),
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(headline).chars(110),
        "inLanguage": language,
        "mainEntityOfPage": absolute_url(url),
        "author": publisher,
        "publisher": publisher,
    }
    if description:
        data["description"] = description
    if published is not None:
        data["datePublished"] = published.isoformat()
    if modified is not None:
        data["dateModified"] = modified.isoformat()
    if image:
        data["image"] = [absolute_url(image)]
    return data
