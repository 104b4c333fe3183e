"""The public portal's data: labels, posts in up to three languages, images, static pages,
contacts and investors' enquiries."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.core.models import localized
from zhaoshang.leads.origins import ELSEWHERE, ORIGIN_CHOICES

LANGUAGE_CHOICES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]


class Label(models.Model):
    """A topic posts are filed under ("Posts with label X")."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=100, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    blogger_term = models.CharField(
        _("Blogger label"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("The label as written on the old Blogger blog, for its redirects."),
    )

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class VisiblePostQuerySet(models.QuerySet["Post"]):
    def visible(self) -> VisiblePostQuerySet:
        """Posts a reader may see in lists: published or scheduled, with their time come."""
        return self.filter(
            status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED],
            publish_at__lte=timezone.now(),
        )


class Post(models.Model):
    """A news or policy post. Its text lives in one ``PostVersion`` per language."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("post status", "draft")
        SCHEDULED = "scheduled", pgettext_lazy("post status", "scheduled")
        PUBLISHED = "published", pgettext_lazy("post status", "published")
        ARCHIVED = "archived", pgettext_lazy("post status", "archived")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    featured = models.BooleanField(_("featured"), default=False)
    labels = models.ManyToManyField(
        Label, verbose_name=_("labels"), blank=True, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    blogger_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    original_url = models.URLField(_("original address"), max_length=500, blank=True)
    original_path = models.CharField(max_length=300, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects: ClassVar[VisiblePostQuerySet] = VisiblePostQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        permissions = [("import_blogger", _("Can import a Blogger backup"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(status="archived") | Q(publish_at__isnull=False),
                name="portal_post_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_visible(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


class PostVersion(models.Model):
    """A post's text in one language: Markdown written here, or HTML imported from Blogger."""

    class Source(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MARKDOWN)
    body_markdown = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(_("body (HTML)"), blank=True)

    class Meta:
        verbose_name = _("post version")
        verbose_name_plural = _("post versions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "language"], name="portal_one_version_per_language"
            )
        ]
        ordering = ["post", "language"]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class PostImage(models.Model):
    """An image uploaded for posts: checked, re-encoded and at most 1600 px wide."""

    image = models.ImageField(_("image"), upload_to="posts/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description"), max_length=200, blank=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="images"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.alt or self.image.name


class Page(models.Model):
    """A static page (an "about" page imported from Blogger, for example)."""

    slug = models.SlugField(_("slug"), max_length=120)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    body_html = models.TextField(_("body (HTML)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    blogger_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    original_path = models.CharField(max_length=300, blank=True, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="portal_page_slug_language")
        ]

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    """An organisation investors can reach, shown on the contacts page and the home page."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=300, blank=True)
    role_zh_hans = models.CharField(_("role (Simplified Chinese)"), max_length=300, blank=True)
    role_zh_hant = models.CharField(_("role (Traditional Chinese)"), max_length=300, blank=True)
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    fax = models.CharField(_("fax"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    address_zh_hans = models.CharField(
        _("address (Simplified Chinese)"), max_length=300, blank=True
    )
    address_zh_hant = models.CharField(
        _("address (Traditional Chinese)"), max_length=300, blank=True
    )
    office_hours_en = models.CharField(_("office hours (English)"), max_length=200, blank=True)
    office_hours_zh_hans = models.CharField(
        _("office hours (Simplified Chinese)"), max_length=200, blank=True
    )
    office_hours_zh_hant = models.CharField(
        _("office hours (Traditional Chinese)"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["order", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def role(self) -> str:
        return localized(self, "role")

    @property
    def address(self) -> str:
        return localized(self, "address")

    @property
    def office_hours(self) -> str:
        return localized(self, "office_hours")


class Enquiry(models.Model):
    """An investor's enquiry from the public form, with its reference number."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("enquiry status", "new")
        IN_PROGRESS = "in_progress", pgettext_lazy("enquiry status", "in progress")
        ANSWERED = "answered", pgettext_lazy("enquiry status", "answered")
        CLOSED = "closed", pgettext_lazy("enquiry status", "closed")
        SPAM = "spam", pgettext_lazy("enquiry status", "spam")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    name = models.CharField(_("your name"), max_length=120)
    company = models.CharField(_("company"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    origin = models.CharField(
        _("country or region"), max_length=2, choices=ORIGIN_CHOICES, blank=True
    )
    # The country or region as the investor wrote it (for "elsewhere"), or the name of the
    # chosen one in English; enquiries from before the list have only this.
    country_region = models.CharField(_("country or region (as written)"), max_length=100)
    industry_code = models.ForeignKey(
        "registry.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.CharField(_("products"), max_length=150, blank=True)
    planned_investment = models.CharField(_("planned investment"), max_length=150, blank=True)
    land_needs = models.CharField(_("land needed"), max_length=200, blank=True)
    building_needs = models.CharField(_("buildings needed"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    # The site the investor asked about ("ask about this site" on a site's page), as
    # sites/references.py writes it: "parcel:<number>", "building:<code>", "park:<slug>".
    site = models.CharField(_("site asked about"), max_length=80, blank=True)
    officer_note = models.TextField(_("officer's note"), blank=True)
    consent_at = models.DateTimeField(_("agreed to the privacy notice"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="portal_enquiry_email_or_phone"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def where_from(self) -> str:
        """The country or region in the reader's language when it was chosen from the list."""
        if self.origin and self.origin != ELSEWHERE:
            return str(self.get_origin_display())
        return self.country_region


class ReferenceCounter(models.Model):
    """The last enquiry number given out in a year (ZS-2026-000123)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
