"""sitemap.xml: every visible post, label, public policy, park, parcel and building and the
fixed pages, in each language they exist in, with the other languages as alternates."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from zhaoshang.policies.models import Policy
from zhaoshang.policies.selectors import policies_public
from zhaoshang.portal import selectors
from zhaoshang.portal.models import Label, Post
from zhaoshang.sites.models import Building, Parcel, Park
from zhaoshang.sites.web import map_data


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


class PolicySitemap(Sitemap):
    """Policies readers may open (all but drafts), in every language: a policy's text
    falls back to another language where one is missing, so each address answers."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self) -> QuerySet[Policy]:
        return policies_public()

    def location(self, item: Policy) -> str:
        return reverse("policies-detail", args=[item.slug])

    def lastmod(self, item: Policy) -> datetime.datetime:
        return item.updated_at


class _PublicSiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    route = ""

    def location(self, item: Park | Parcel | Building) -> str:
        return reverse(self.route, args=[item.pk])

    def lastmod(self, item: Park | Parcel | Building) -> datetime.datetime:
        return item.updated_at


class ParkSitemap(_PublicSiteSitemap):
    route = "sites-public-park"

    def items(self) -> QuerySet[Park]:
        return Park.objects.order_by("pk")


class ParcelSitemap(_PublicSiteSitemap):
    route = "sites-public-parcel"

    def items(self) -> QuerySet[Parcel]:
        return Parcel.objects.filter(status__in=map_data.PUBLIC_STATUSES).order_by("pk")


class BuildingSitemap(_PublicSiteSitemap):
    route = "sites-public-building"

    def items(self) -> QuerySet[Building]:
        return Building.objects.filter(status__in=map_data.PUBLIC_STATUSES).order_by("pk")


class FixedPageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "portal-contacts",
            "portal-archive",
            "portal-enquiry",
            "policies-list",
            "sites-public-list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, Any] = {
    "pages": FixedPageSitemap,
    "posts": PostSitemap,
    "labels": LabelSitemap,
    "policies": PolicySitemap,
    "parks": ParkSitemap,
    "parcels": ParcelSitemap,
    "buildings": BuildingSitemap,
}
