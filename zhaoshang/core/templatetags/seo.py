"""The head of a public page, for search engines and link previews.

``{% load seo %}`` then, in the ``meta`` block, ``{% page_meta title=… description=…
image=… kind="article" %}`` (every argument optional: the center's name and description
stand in); ``{% language_alternates %}`` writes the absolute hreflang links with
x-default; ``{% organization_structured_data contacts %}`` and
``{% article_structured_data post=… version=… %}`` write JSON-LD blocks.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from zhaoshang.core import seo
from zhaoshang.core.links import absolute_url
from zhaoshang.core.models import localized

register = template.Library()

OPEN_GRAPH_LOCALES = {"en": "en_GB", "zh-hans": "zh_CN", "zh-hant": "zh_TW"}


def _canonical_path(request: Any) -> str:
    """The page's own address: its path, and the page number past the first page."""
    if request is None:
        return "/"
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        return f"{request.path}?page={int(page)}"
    return request.path


@register.simple_tag(takes_context=True)
def page_meta(
    context: dict[str, Any],
    title: object = "",
    description: object = "",
    image: object = "",
    kind: str = "website",
) -> SafeString:
    site = context.get("site")
    if site is None:  # the server error page renders without the context processors
        return SafeString("")
    text = seo.description_text(description) or seo.description_text(seo.center_description(site))
    heading = seo.description_text(title) or site.center_name
    url = absolute_url(_canonical_path(context.get("request")))
    language = get_language() or settings.LANGUAGE_CODE
    tags: list[tuple[str, str, str]] = [
        ("name", "description", text),
        ("property", "og:type", kind),
        ("property", "og:site_name", site.center_name),
        ("property", "og:title", heading),
        ("property", "og:description", text),
        ("property", "og:url", url),
        ("property", "og:locale", OPEN_GRAPH_LOCALES.get(language, "en_GB")),
    ]
    picture = absolute_url(str(image)) if image else ""
    if picture:
        tags.append(("property", "og:image", picture))
    tags += [
        ("name", "twitter:card", "summary_large_image" if picture else "summary"),
        ("name", "twitter:title", heading),
        ("name", "twitter:description", text),
    ]
    if picture:
        tags.append(("name", "twitter:image", picture))
    canonical = format_html('<link rel="canonical" href="{}">\n', url)
    metas = format_html_join("\n", '<meta {}="{}" content="{}">', tags)
    return canonical + metas


@register.simple_tag(takes_context=True)
def language_alternates(context: dict[str, Any]) -> SafeString:
    """Every language's version of the page, absolute, and x-default (the site's default
    language) for readers of any other."""
    links = context.get("language_links") or []
    rows = [(link["code"], absolute_url(link["url"])) for link in links]
    default = next((url for code, url in rows if code == settings.LANGUAGE_CODE), "")
    if default:
        rows.append(("x-default", default))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', rows)


@register.simple_tag(takes_context=True)
def organization_structured_data(context: dict[str, Any], contacts: Any = ()) -> SafeString:
    """The center, with ``contacts`` as its contact points, as JSON-LD."""
    return seo.structured_data_html(seo.organization_data(context["site"], contacts))


@register.simple_tag(takes_context=True)
def article_structured_data(
    context: dict[str, Any], post: Any, version: Any, description: str = "", image: str = ""
) -> SafeString:
    """A post's version as a JSON-LD Article published by the center."""
    request = context.get("request")
    return seo.structured_data_html(
        seo.article_data(
            site=context["site"],
            url=request.path if request is not None else "/",
            headline=version.title,
            description=description,
            language=version.language,
            published=post.publish_at,
            modified=post.updated_at,
            image=image,
        )
    )


@register.filter
def localized_text(obj: object, field: str) -> str:
    """``obj``'s ``field_<lang>`` in the reader's language (else another), for a
    description."""
    return localized(obj, field) if obj is not None else ""


@register.filter
def first_image_url(photos: Any) -> str:
    """The address of the first photo of a queryset or list of photos, or ""."""
    first = next(iter(photos), None)
    return str(first.image.url) if first is not None and first.image else ""
