"""In-app notifications, mailed too when asked: one service for every app.

``notification_send`` writes one; ``notification_send_bulk`` the same message to many
users. A non-empty ``key`` names what the notification is about ("follow-up:12:2026-11-25");
a user gets at most one notification per key, so a repeated send changes nothing and mails
nobody. Mail goes out after the surrounding transaction commits, never for a rollback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhaoshang.core.models import Notification, User


def _mail(notifications: Sequence[Notification]) -> None:
    """Mail each notification to its user, after the transaction commits."""
    recipients = [n for n in notifications if n.user.email]
    if not recipients:
        return

    def deliver() -> None:
        site = getattr(settings, "SITE_URL", "").rstrip("/")
        for notification in recipients:
            text = notification.body
            if notification.url:
                text = f"{text}\n\n{site}{notification.url}".strip()
            send_mail(notification.title, text, None, [notification.user.email], fail_silently=True)

    transaction.on_commit(deliver)


def _build(user: User, **values: Any) -> Notification:
    values["title"] = values["title"][:200]
    values["url"] = values["url"][:500]
    values["key"] = values["key"][:200]
    return Notification(user=user, **values)


def notification_send(
    *,
    user: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> Notification | None:
    """Notify ``user``; return the new notification, or None when ``key`` was sent before."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = _build(user, kind=kind, title=title, body=body, url=url, key=key)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # the same key sent at the same moment by another process
        return None
    if email:
        _mail([notification])
    return notification


def notification_send_bulk(
    *,
    users: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify every user in ``users`` once; return the notifications that are new."""
    wanted = {user.pk: user for user in users}
    if key:
        sent = set(
            Notification.objects.filter(user_id__in=wanted, key=key).values_list(
                "user_id", flat=True
            )
        )
        wanted = {pk: user for pk, user in wanted.items() if pk not in sent}
    now = timezone.now()
    fresh = [
        _build(user, kind=kind, title=title, body=body, url=url, key=key, created_at=now)
        for user in wanted.values()
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    if email:
        _mail(fresh)
    return fresh


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications (all, or those in ``ids``) read; return how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notifications_unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
