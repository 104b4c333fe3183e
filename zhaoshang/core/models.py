"""Users, the audit log, API tokens and the site's own settings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.core.scripts import in_reader_script


class User(AbstractUser):
    """A person who signs in: an officer, a manager, an administrator or an enterprise user.

    ``language`` is the language their notifications and mail are written in. Until they
    choose one on their profile (``language_chosen``), it follows the language of the pages
    they use (set by ``core.middleware.UserLanguageMiddleware``).
    """

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    language_chosen = models.BooleanField(_("language chosen by the user"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"
        permissions = [("use_officer_workspace", _("Can use the officer workspace"))]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One create, update or delete done through a service: who, when, what, which fields.

    Append-only: the model refuses to save an existing row or delete one, and a database
    trigger refuses UPDATE, so not even raw SQL through Django rewrites history.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects: ClassVar[models.Manager[AuditEvent]] = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class ApiToken(models.Model):
    """A personal token a script sends as ``Authorization: Bearer <token>``.

    Only a SHA-256 digest is stored; the token itself is shown once, when it is made.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("starts with"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


LANGUAGE_SUFFIXES = {"en": "en", "zh-hans": "zh_hans", "zh-hant": "zh_hant"}


def fallback_suffixes(first: str) -> tuple[str, ...]:
    """The field suffixes to try, in order, for a reader of ``first``."""
    if first == "zh_hant":
        return ("zh_hant", "zh_hans", "en")
    return (first, *(s for s in ("en", "zh_hans", "zh_hant") if s != first))


def localized(obj: object, field: str, language: str | None = None) -> str:
    """The value of ``field_<lang>`` in the active language, else English, else any; a
    reader of Traditional gets the Simplified value converted before the English one."""
    language = language or translation.get_language() or "en"
    suffix = LANGUAGE_SUFFIXES.get(language, "en")
    for candidate in fallback_suffixes(suffix):
        value = getattr(obj, f"{field}_{candidate}", "")
        if value:
            return in_reader_script(str(value), language) if candidate == "zh_hans" else str(value)
    return ""


class SiteSettings(models.Model):
    """The one row of settings administrators edit: who the center is and how to reach it."""

    center_name_en = models.CharField(_("center name (English)"), max_length=200)
    center_name_zh_hans = models.CharField(
        _("center name (Simplified Chinese)"), max_length=200, blank=True
    )
    center_name_zh_hant = models.CharField(
        _("center name (Traditional Chinese)"), max_length=200, blank=True
    )
    city_en = models.CharField(_("city (English)"), max_length=200, blank=True)
    city_zh_hans = models.CharField(_("city (Simplified Chinese)"), max_length=200, blank=True)
    city_zh_hant = models.CharField(_("city (Traditional Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    address_zh_hans = models.CharField(
        _("address (Simplified Chinese)"), max_length=300, blank=True
    )
    address_zh_hant = models.CharField(
        _("address (Traditional Chinese)"), max_length=300, blank=True
    )
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    fax = models.CharField(_("fax"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    privacy_notice_en = models.TextField(
        _("privacy notice (English)"),
        blank=True,
        help_text=_(
            "Markdown. What the center keeps of an investor's enquiry, why, for how long, and "
            "how to have it corrected or deleted. Empty shows the default notice."
        ),
    )
    privacy_notice_zh_hans = models.TextField(_("privacy notice (Simplified Chinese)"), blank=True)
    privacy_notice_zh_hant = models.TextField(_("privacy notice (Traditional Chinese)"), blank=True)
    shows_demo_data = models.BooleanField(
        _("holds demonstration data"),
        default=False,
        help_text=_(
            "Every page says that its enterprises, leads and policies are made up. Set by "
            "the demo loader; turn it off once the demonstration data is gone."
        ),
    )
    import_files_keep_days = models.PositiveSmallIntegerField(
        _("days to keep uploaded import files"),
        default=1,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "0 deletes an uploaded file as soon as its import ends; otherwise it is kept this "
            "many days after the import, for checking, then deleted."
        ),
    )

    class RegionMissing(models.TextChoices):
        IMPORT = "import", _("import the enterprise without a region, listed for officers")
        REFUSE = "refuse", _("refuse the row")

    import_region_missing = models.CharField(
        _("imported enterprises without a region"),
        max_length=10,
        choices=RegionMissing.choices,
        default=RegionMissing.IMPORT,
        help_text=_(
            "When a row gives no region and its address names no place in the region served."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    @property
    def center_name(self) -> str:
        return localized(self, "center_name")

    @property
    def city(self) -> str:
        return localized(self, "city")

    @property
    def address(self) -> str:
        return localized(self, "address")

    @property
    def privacy_notice(self) -> str:
        return localized(self, "privacy_notice")


class Task(models.Model):
    """A piece of background work and how far it got (see ``zhaoshang.core.tasks``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("background task status", "queued")
        RUNNING = "running", pgettext_lazy("background task status", "running")
        DONE = "done", pgettext_lazy("background task status", "done")
        FAILED = "failed", pgettext_lazy("background task status", "failed")

    name = models.CharField(max_length=100)
    arguments = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    queue = models.CharField(max_length=20, default="default", db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class Notification(models.Model):
    """A message for one user, shown in the workspace (and usually mailed too).

    Apps send them through ``zhaoshang.core.notifications``; ``key`` names what a
    notification is about, so that sending the same thing twice to a user is a no-op.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("key"), max_length=200, blank=True)
    # What the notification says, written in the reader's language when shown (see
    # core.notifications); title and body keep the text as first written, the fallback.
    message = models.CharField(_("message"), max_length=80, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="core_notification_key_once_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class PrivateFile(models.Model):
    """A file that is not public (an uploaded import, later exports and attachments): kept
    under PRIVATE_ROOT by a random token, never by its original name, and served only by
    ``core.views.private_file_download`` to its owner or to holders of ``readers_permission``
    (see ``zhaoshang.core.private_files``)."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    readers_permission = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    expires_at = models.DateTimeField(_("deleted after"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("private file")
        verbose_name_plural = _("private files")

    def __str__(self) -> str:
        return self.name
