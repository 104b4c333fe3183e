"""RSS 2.0 and Atom feeds, for the whole site and for each label, in each language.

A language's feed carries the posts that exist in that language. Text already stored with
a character XML cannot carry (a control character saved before services refused them) is
left out of the feed instead of failing it for every reader."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from zhaoshang.core.selectors import site_settings_current
from zhaoshang.core.text import xml_safe
from zhaoshang.portal import selectors
from zhaoshang.portal.models import Label, PostVersion

FEED_LENGTH = 20


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class _XmlSafeFeed(SyndicationFeed):
    """Every text the feed is given, without the characters XML cannot carry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*_xml_safe(args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*_xml_safe(args), **{k: _xml_safe(v) for k, v in kwargs.items()})


class SafeRssFeed(_XmlSafeFeed, Rss201rev2Feed):
    pass


class SafeAtomFeed(_XmlSafeFeed, Atom1Feed):
    pass


class PostFeed(Feed):
    feed_type: type[SyndicationFeed] = SafeRssFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Label | None:
        slug = kwargs.get("slug")
        return get_object_or_404(Label, slug=slug) if slug else None

    def _language(self) -> str:
        return translation.get_language() or "en"

    def title(self, obj: Label | None) -> str:
        center = site_settings_current().center_name
        if obj is None:
            return center
        return _("%(center)s: posts with label %(label)s") % {"center": center, "label": obj.name}

    def link(self, obj: Label | None) -> str:
        return reverse("portal-label", args=[obj.slug]) if obj else reverse("home")

    def description(self, obj: Label | None) -> str:
        return site_settings_current().city

    def items(self, obj: Label | None) -> list[PostVersion]:
        posts = selectors.label_posts(obj) if obj else selectors.visible_posts()
        language = self._language()
        found: list[PostVersion] = []
        for post in posts.filter(versions__language=language)[:FEED_LENGTH]:
            for version in post.versions.all():
                if version.language == language:
                    found.append(version)
        return found

    def item_title(self, item: PostVersion) -> str:
        return item.title

    def item_description(self, item: PostVersion) -> str:
        return item.body_html

    def item_link(self, item: PostVersion) -> str:
        return reverse("portal-post", args=[item.post.slug])

    def item_guid(self, item: PostVersion) -> str:
        return f"zhaoshang:post:{item.post.pk}:{item.language}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PostVersion) -> datetime.datetime | None:
        return item.post.publish_at

    def item_updateddate(self, item: PostVersion) -> datetime.datetime | None:
        return item.post.updated_at

    def item_categories(self, item: PostVersion) -> list[str]:
        return [label.name for label in item.post.labels.all()]


class AtomPostFeed(PostFeed):
    feed_type = SafeAtomFeed

    def subtitle(self, obj: Label | None) -> str:
        return self.description(obj)
