"""Reads of the core app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import QuerySet

from zhaoshang.core.models import ApiToken, AuditEvent, SiteSettings, User
from zhaoshang.core.services import SITE_SETTINGS_CACHE_KEY
from zhaoshang.core.visibility import hidden_traces


def site_settings_current() -> SiteSettings:
    """The site settings, from the cache when it has them (cleared whenever they change)."""
    found = cache.get(SITE_SETTINGS_CACHE_KEY)
    if isinstance(found, SiteSettings):
        return found
    row = SiteSettings.objects.filter(pk=1).first()
    if row is None:
        return SiteSettings(pk=1, center_name_en="Investment Promotion Center")
    cache.set(SITE_SETTINGS_CACHE_KEY, row, timeout=3600)
    return row


@dataclass(frozen=True)
class AuditFilter:
    content_type: ContentType | None = None
    object_id: str = ""
    actor: User | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_events(where: AuditFilter, *, viewer: User) -> QuerySet[AuditEvent]:
    """Audit events matching ``where`` that ``viewer`` may read, newest first: an event about
    an object the viewer may not see (a confidential lead of another region) is left out, as
    the object itself is. Dates are inclusive, in local time."""
    events = AuditEvent.objects.select_related("actor", "content_type")
    hidden = hidden_traces(viewer)
    if hidden is not None:
        events = events.exclude(hidden)
    if where.content_type is not None:
        events = events.filter(content_type=where.content_type)
    if where.object_id:
        events = events.filter(object_id=where.object_id)
    if where.actor is not None:
        events = events.filter(actor=where.actor)
    if where.since is not None:
        events = events.filter(at__date__gte=where.since)
    if where.until is not None:
        events = events.filter(at__date__lte=where.until)
    return events.order_by("-at", "-id")


def audit_history(
    content_type: ContentType, object_id: str, *, viewer: User
) -> QuerySet[AuditEvent]:
    """The history of one object, newest first (empty if ``viewer`` may not see it)."""
    return audit_events(
        AuditFilter(content_type=content_type, object_id=str(object_id)), viewer=viewer
    )


def audited_content_types() -> QuerySet[ContentType]:
    """The object types that have at least one audit event, for the filter form."""
    ids = AuditEvent.objects.values("content_type_id").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
