"""sitemap.xml: every visible post, label and the fixed pages, in each language they exist
in, with the other languages as alternates."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from zhaoshang.portal import selectors
from zhaoshang.portal.models import Label, Post


class PostSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self) -> QuerySet[Post]:
        return selectors.visible_posts()

    def location(self, item: Post) -> str:
        return reverse("portal-post", args=[item.slug])

    def lastmod(self, item: Post) -> datetime.datetime:
        return item.updated_at

    def get_languages_for_item(self, item: Post) -> list[str]:
        return [v.language for v in item.versions.all()]


class LabelSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self) -> list[Label]:
        return selectors.labels_with_counts()

    def location(self, item: Label) -> str:
        return reverse("portal-label", args=[item.slug])


class FixedPageSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "portal-contacts",
            "portal-archive",
            "portal-enquiry",
            "sites-public-list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, Any] = {
    "pages": FixedPageSitemap,
    "posts": PostSitemap,
    "labels": LabelSitemap,
}
