"""Reads of the public portal."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString

from zhaoshang.portal.models import Contact, Enquiry, Label, Page, Post, PostVersion
from zhaoshang.textsearch.selectors import search as index_search
from zhaoshang.textsearch.selectors import search_snippet

LANGUAGE_ORDER = ("en", "zh-hans", "zh-hant")


def _with_versions(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.prefetch_related(
        Prefetch("versions", queryset=PostVersion.objects.order_by("language")),
        Prefetch("labels", queryset=Label.objects.order_by("name_en")),
    )


def visible_posts() -> QuerySet[Post]:
    return _with_versions(Post.objects.visible().order_by("-publish_at", "-id"))


def version_for(post: Post, language: str) -> tuple[PostVersion | None, bool]:
    """The version of ``post`` to show a reader of ``language`` and whether it is another
    language (English first, then the other Chinese script, then whatever exists)."""
    versions = {v.language: v for v in post.versions.all()}
    if language in versions:
        return versions[language], False
    fallbacks = ["en", "zh-hant" if language == "zh-hans" else "zh-hans", *LANGUAGE_ORDER]
    for code in fallbacks:
        if code in versions:
            return versions[code], True
    return None, True


@dataclass(frozen=True)
class PostCard:
    post: Post
    version: PostVersion
    is_fallback: bool


def cards(posts: list[Post] | QuerySet[Post], language: str) -> list[PostCard]:
    found = []
    for post in posts:
        version, fallback = version_for(post, language)
        if version is not None:
            found.append(PostCard(post=post, version=version, is_fallback=fallback))
    return found


def latest_posts(language: str, limit: int = 10) -> list[PostCard]:
    return cards(visible_posts()[:limit], language)


def featured_post(language: str) -> PostCard | None:
    found = cards(visible_posts().filter(featured=True)[:1], language)
    return found[0] if found else None


def labels_with_counts() -> list[Label]:
    """Labels that have visible posts, with ``post_count``, most used first."""
    now = timezone.now()
    visible = Q(
        posts__status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED],
        posts__publish_at__lte=now,
    )
    return list(
        Label.objects.annotate(post_count=Count("posts", filter=visible))
        .filter(post_count__gt=0)
        .order_by("-post_count", "name_en")
    )


def label_posts(label: Label) -> QuerySet[Post]:
    return visible_posts().filter(labels=label)


def post_by_slug(slug: str) -> Post | None:
    """A post a reader may open: visible, or archived (kept for old links)."""
    post = _with_versions(Post.objects.filter(slug=slug)).first()
    if post is None:
        return None
    if post.is_visible or post.status == Post.Status.ARCHIVED:
        return post
    return None


def neighbours(post: Post) -> tuple[Post | None, Post | None]:
    """The visible posts just before and just after ``post`` in publication order."""
    if post.publish_at is None or not post.is_visible:
        return None, None
    earlier = (
        Post.objects.visible()
        .filter(Q(publish_at__lt=post.publish_at) | Q(publish_at=post.publish_at, id__lt=post.id))
        .order_by("-publish_at", "-id")
        .first()
    )
    later = (
        Post.objects.visible()
        .filter(Q(publish_at__gt=post.publish_at) | Q(publish_at=post.publish_at, id__gt=post.id))
        .order_by("publish_at", "id")
        .first()
    )
    found = [p for p in (earlier, later) if p is not None]
    prefetch_related_objects(found, "versions")
    return earlier, later


@dataclass(frozen=True)
class ArchiveMonth:
    month: datetime.date
    count: int


def archive_months() -> list[ArchiveMonth]:
    rows = (
        Post.objects.visible()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return [
        ArchiveMonth(
            month=row["month"].date() if hasattr(row["month"], "date") else row["month"],
            count=row["count"],
        )
        for row in rows
    ]


def month_posts(year: int, month: int) -> QuerySet[Post]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return visible_posts().filter(publish_at__gte=start, publish_at__lt=end)


def next_scheduled_at() -> datetime.datetime | None:
    """When the next scheduled post becomes visible, if any."""
    upcoming = (
        Post.objects.filter(
            status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED],
            publish_at__gt=timezone.now(),
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return upcoming


@dataclass(frozen=True)
class SearchResult:
    post: Post
    version: PostVersion
    snippet: SafeString  # escaped text with <mark> around the matching words
    score: float


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int


SEARCH_WINDOW = 1000  # index hits read per query; far above what readers page through


def search_posts(
    query: str, *, language: str = "en", limit: int = 10, offset: int = 0
) -> SearchPage:
    """Visible posts matching ``query``, best first, one result per post. A post shows the
    reader's language when that version matched, else its best-matching version, with a
    highlighted snippet."""
    from zhaoshang.portal.content import html_to_text

    found = index_search(query, kinds=["post"], limit=SEARCH_WINDOW)
    best: dict[int, tuple[float, str]] = {}
    languages: dict[int, set[str]] = {}
    for hit in found.hits:
        languages.setdefault(hit.object_id, set()).add(hit.language)
        if hit.object_id not in best:
            best[hit.object_id] = (hit.score, hit.language)
    visible = set(Post.objects.visible().filter(pk__in=list(best)).values_list("pk", flat=True))
    ranked = [pk for pk in best if pk in visible]  # hits come best first
    page_ids = ranked[offset : offset + limit]
    posts = {p.pk: p for p in visible_posts().filter(pk__in=page_ids)}
    results: list[SearchResult] = []
    for pk in page_ids:
        post = posts[pk]
        score, shown = best[pk]
        if language in languages[pk]:
            shown = language
        version = next(v for v in post.versions.all() if v.language == shown)
        snippet = search_snippet(html_to_text(version.body_html), query)
        results.append(SearchResult(post=post, version=version, snippet=snippet, score=score))
    return SearchPage(results=results, total=len(ranked))


def contacts() -> QuerySet[Contact]:
    return Contact.objects.order_by("order", "name_en")


def page_by_slug(slug: str, language: str) -> tuple[Page | None, bool]:
    pages = {p.language: p for p in Page.objects.filter(slug=slug, is_published=True)}
    if language in pages:
        return pages[language], False
    for code in ("en", *LANGUAGE_ORDER):
        if code in pages:
            return pages[code], True
    return None, True


def post_by_original_path(path: str) -> Post | None:
    return Post.objects.filter(original_path=path).first()


def page_by_original_path(path: str) -> Page | None:
    return Page.objects.filter(original_path=path).first()


def label_by_blogger_term(term: str) -> Label | None:
    return (
        Label.objects.filter(blogger_term=term).first()
        or Label.objects.filter(
            Q(name_en=term) | Q(name_zh_hans=term) | Q(name_zh_hant=term)
        ).first()
    )


def enquiries(status: str | None = None) -> QuerySet[Enquiry]:
    found = Enquiry.objects.order_by("-created_at")
    if status:
        found = found.filter(status=status)
    return found


def enquiry_counts() -> dict[str, int]:
    return {
        row["status"]: row["n"]
        for row in Enquiry.objects.values("status").annotate(n=Count("id")).order_by()
    }


_FIRST_IMAGE = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)


def post_image_url(post: Post, version: PostVersion) -> str:
    """The picture a link preview shows for ``post``: the first image uploaded for it,
    else the first image of the version's text; empty when there is none."""
    uploaded = post.images.order_by("created_at", "pk").first()
    if uploaded is not None and uploaded.image:
        return str(uploaded.image.url)
    found = _FIRST_IMAGE.search(version.body_html or "")
    if found and found.group(1).startswith(("/", "https://", "http://")):
        return found.group(1)
    return ""
