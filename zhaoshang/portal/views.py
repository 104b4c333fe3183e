"""Public pages: home, posts, labels, archive, search, contacts, pages, enquiries, and the
redirects from the old Blogger addresses."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from zhaoshang.core import seo
from zhaoshang.core.pagecache import public_page
from zhaoshang.core.selectors import site_settings_current
from zhaoshang.portal import selectors, services
from zhaoshang.portal.content import markdown_to_html
from zhaoshang.portal.forms import EnquiryForm, SearchForm
from zhaoshang.portal.models import Label

POSTS_PER_PAGE = 10
ENQUIRIES_PER_HOUR = 5
REFERENCE_SALT = "zhaoshang.enquiry.reference"


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    language = _language()
    featured = selectors.featured_post(language)
    latest = [
        c
        for c in selectors.latest_posts(language, limit=9)
        if featured is None or c.post.pk != featured.post.pk
    ]
    contacts = list(selectors.contacts())
    return render(
        request,
        "portal/home.html",
        {
            "featured": featured,
            "latest": latest[:8],
            "labels": selectors.labels_with_counts(),
            "contacts": contacts,
            "featured_image": (
                selectors.post_image_url(featured.post, featured.version) if featured else ""
            ),
        },
    )


@require_safe
@public_page
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.post_by_slug(slug)
    if post is None:
        raise Http404
    language = _language()
    version, is_fallback = selectors.version_for(post, language)
    if version is None:
        raise Http404
    earlier, later = selectors.neighbours(post)
    image = selectors.post_image_url(post, version)
    description = seo.description_text(version.summary, version.body_html)
    return render(
        request,
        "portal/post_detail.html",
        {
            "post": post,
            "version": version,
            "is_fallback": is_fallback,
            "other_versions": [v for v in post.versions.all() if v.language != version.language],
            "earlier": selectors.cards([earlier], language)[0] if earlier else None,
            "later": selectors.cards([later], language)[0] if later else None,
            "permalink": request.build_absolute_uri(),
            "description": description,
            "image": image,
        },
    )


@require_safe
@public_page
def label_detail(request: HttpRequest, slug: str) -> HttpResponse:
    label = get_object_or_404(Label, slug=slug)
    page = Paginator(selectors.label_posts(label), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/label_detail.html",
        {
            "label": label,
            "page": page,
            "cards": selectors.cards(list(page.object_list), _language()),
        },
    )


@require_safe
@public_page
def archive_index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/archive_index.html", {"months": selectors.archive_months()})


@require_safe
@public_page
def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not 1 <= month <= 12 or not 1990 <= year <= 2200:
        raise Http404
    page = Paginator(selectors.month_posts(year, month), POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/archive_month.html",
        {
            "month": datetime.date(year, month, 1),
            "page": page,
            "cards": selectors.cards(list(page.object_list), _language()),
        },
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = ""
    found = None
    page_number = 1
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        try:
            page_number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page_number = 1
        if query:
            found = selectors.search_posts(
                query,
                language=_language(),
                limit=POSTS_PER_PAGE,
                offset=(page_number - 1) * POSTS_PER_PAGE,
            )
    return render(
        request,
        "portal/search.html",
        {
            "form": form,
            "query": query,
            "search_query": query,
            "found": found,
            "page_number": page_number,
            "has_next": found is not None and found.total > page_number * POSTS_PER_PAGE,
        },
    )


@require_safe
@public_page
def contacts(request: HttpRequest) -> HttpResponse:
    found = list(selectors.contacts())
    return render(
        request,
        "portal/contacts.html",
        {"contacts": found},
    )


@require_safe
@public_page
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page, is_fallback = selectors.page_by_slug(slug, _language())
    if page is None:
        raise Http404
    return render(request, "portal/page_detail.html", {"page": page, "is_fallback": is_fallback})


@require_safe
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """What the center keeps of an investor's enquiry, and how to have it corrected."""
    notice = site_settings_current().privacy_notice
    return render(
        request,
        "portal/privacy.html",
        {"notice_html": markdown_to_html(notice) if notice.strip() else ""},
    )


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def enquiry(request: HttpRequest) -> HttpResponse:
    asked = (request.POST.get("site") or request.GET.get("site") or "").strip()[:80]
    form = EnquiryForm(request.POST or None, initial={"site": asked})
    context: dict[str, Any] = {"site_asked": None}
    if asked:
        from zhaoshang.sites.references import site_reference

        context["site_asked"] = site_reference(asked)
    if request.method == "POST":
        throttle = caches["throttle"]
        key = f"zhaoshang:enquiries:{_client_address(request)}"
        sent = throttle.get(key, 0)
        if sent >= ENQUIRIES_PER_HOUR:
            response = render(
                request,
                "portal/enquiry.html",
                {"form": form, "throttled": True, "error_count": 0, **context},
                status=429,
            )
            return response
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the hidden field: thank it and keep nothing.
                return redirect(
                    "portal-enquiry-sent", token=signing.dumps("-", salt=REFERENCE_SALT)
                )
            values = {k: form.cleaned_data.get(k) or "" for k in services.ENQUIRY_FIELDS}
            try:
                created = services.enquiry_submit(
                    language=_language(),
                    consent=form.cleaned_data["consent"],
                    site=form.cleaned_data.get("site") or "",
                    **values,
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages)
            else:
                throttle.set(key, sent + 1, timeout=3600)
                token = signing.dumps(created.reference, salt=REFERENCE_SALT)
                return redirect("portal-enquiry-sent", token=token)
    error_count = form.mark_invalid_fields() if form.is_bound else 0
    return render(
        request,
        "portal/enquiry.html",
        {"form": form, "throttled": False, "error_count": error_count, **context},
    )


@require_safe
def enquiry_sent(request: HttpRequest, token: str) -> HttpResponse:
    try:
        reference = signing.loads(token, salt=REFERENCE_SALT, max_age=24 * 3600)
    except signing.BadSignature as exc:
        raise Http404 from exc
    return render(request, "portal/enquiry_sent.html", {"reference": reference})


# --- old Blogger addresses ---------------------------------------------------------------


def _reader_language(request: HttpRequest) -> str:
    return translation.get_language_from_request(request, check_path=False)


def blogger_post_redirect(request: HttpRequest, year: str, month: str, slug: str) -> HttpResponse:
    path = f"/{year}/{month}/{slug}.html"
    post = selectors.post_by_original_path(path)
    if post is None:
        raise Http404
    with translation.override(_reader_language(request)):
        return HttpResponsePermanentRedirect(reverse("portal-post", args=[post.slug]))


def blogger_label_redirect(request: HttpRequest, term: str) -> HttpResponse:
    label = selectors.label_by_blogger_term(term)
    if label is None:
        raise Http404
    with translation.override(_reader_language(request)):
        return HttpResponsePermanentRedirect(reverse("portal-label", args=[label.slug]))


def blogger_page_redirect(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_by_original_path(f"/p/{slug}.html")
    if page is None:
        raise Http404
    with translation.override(_reader_language(request)):
        return HttpResponsePermanentRedirect(reverse("portal-page", args=[page.slug]))


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        *[f"Disallow: /{code}/officer/" for code, _name in settings.LANGUAGES],
        *[f"Disallow: /{code}/account/" for code, _name in settings.LANGUAGES],
        *[f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES],
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
