"""In-app notifications, mailed too when asked: one service for every app.

A notification is stored as a message key and its parameters, not as text: it is written in
the reader's language (``User.language``) each time it is shown or mailed, so a user who
changes their language reads their old notifications in the new one. Each app registers its
messages with ``@notification_message("app.what")``: a function that gets the parameters
and returns the title and the text, called with the reader's language active. A parameter
that itself exists in several languages (a policy's title) is stored as
``{"en": …, "zh_hans": …, "zh_hant": …}`` and read with ``param_text``.

``notification_send`` writes one; ``notification_send_bulk`` the same message to many
users. A non-empty ``key`` names what the notification is about ("follow-up:12:2026-11-25");
a user gets at most one notification per key, so a repeated send changes nothing and mails
nobody. Mail goes out after the surrounding transaction commits, never for a rollback, in
each recipient's language, with absolute links (``core.links.absolute_url``).

``title`` and ``body`` keep the text as first written: rows from before message keys show
it, and so does a row whose message is no longer registered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from zhaoshang.core.links import absolute_url
from zhaoshang.core.models import LANGUAGE_SUFFIXES, Notification, User, localized

logger = logging.getLogger(__name__)

Render = Callable[[Mapping[str, Any]], tuple[str, str]]
_MESSAGES: dict[str, Render] = {}


def notification_message(key: str) -> Callable[[Render], Render]:
    """Register the function that writes the message ``key`` in the active language."""

    def register(render: Render) -> Render:
        _MESSAGES[key] = render
        return render

    return register


def in_languages(obj: object, field: str) -> dict[str, str]:
    """A parameter in every language: ``field_en``, ``field_zh_hans`` and ``field_zh_hant``
    of ``obj`` (read back with ``param_text``)."""
    return {suffix: str(getattr(obj, f"{field}_{suffix}", "") or "") for suffix in _SUFFIXES}


_SUFFIXES = tuple(dict.fromkeys(LANGUAGE_SUFFIXES.values()))


class _Texts:
    def __init__(self, values: Mapping[str, str]) -> None:
        for suffix in _SUFFIXES:
            setattr(self, f"text_{suffix}", values.get(suffix, ""))


def param_text(value: object) -> str:
    """A parameter as the reader should see it: a text in several languages (see
    ``in_languages``) in the active one, anything else as it is."""
    if isinstance(value, Mapping):
        return localized(_Texts(value), "text")
    return "" if value is None else str(value)


def user_language(user: User) -> str:
    """The language ``user`` reads: theirs (see ``User.language``), else the site's default
    (a user who never opened a page; not whoever happens to trigger the send)."""
    return user.language or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class NotificationText:
    title: str
    body: str
    url: str  # a path in the reader's language, or ""


def notification_text(notification: Notification, language: str | None = None) -> NotificationText:
    """``notification`` written in ``language`` (its user's language when None)."""
    language = language or user_language(notification.user)
    with translation.override(language):
        title, body = notification.title, notification.body
        render = _MESSAGES.get(notification.message)
        if render is not None:
            try:
                title, body = render(notification.params)
            except (KeyError, TypeError, ValueError):
                logger.exception(
                    "notification %s: cannot write %s", notification.pk, notification.message
                )
    return NotificationText(title=title, body=body, url=_in_language(notification.url, language))


def _in_language(url: str, language: str) -> str:
    """A stored page address (``/en/my-policies/``) in ``language`` (``/zh-hant/…``)."""
    if not url:
        return ""
    # The address resolves only under its own language's prefix.
    with translation.override(get_language_from_path(url) or settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _mail(notifications: Sequence[Notification]) -> None:
    """Mail each notification to its user in their language, after the transaction commits."""
    recipients = [n for n in notifications if n.user.email]
    if not recipients:
        return

    def deliver() -> None:
        for notification in recipients:
            shown = notification_text(notification, user_language(notification.user))
            text = shown.body
            if shown.url:
                with translation.override(user_language(notification.user)):
                    link = _("Open it here: %(url)s") % {"url": absolute_url(shown.url)}
                text = f"{text}\n\n{link}".strip()
            send_mail(shown.title, text, None, [notification.user.email], fail_silently=True)

    transaction.on_commit(deliver)


def _build(user: User, *, message: str, params: Mapping[str, Any], **values: Any) -> Notification:
    if message not in _MESSAGES:
        raise ValueError(f"unknown notification message {message!r}")
    notification = Notification(user=user, message=message, params=dict(params), **values)
    shown = notification_text(notification, user_language(user))
    notification.title = shown.title[:200]
    notification.body = shown.body
    notification.url = notification.url[:500]
    notification.key = notification.key[:200]
    return notification


def notification_send(
    *,
    user: User,
    kind: str,
    message: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    key: str = "",
    email: bool = True,
) -> Notification | None:
    """Notify ``user`` of ``message`` (a registered key) with ``params``; return the new
    notification, or None when ``key`` was sent before."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = _build(user, message=message, params=params or {}, kind=kind, url=url, key=key)
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
    message: str,
    params: Mapping[str, Any] | None = None,
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
        _build(
            user,
            message=message,
            params=params or {},
            kind=kind,
            url=url,
            key=key,
            created_at=now,
        )
        for user in wanted.values()
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    if email:
        _mail(fresh)
    return fresh


@dataclass(frozen=True)
class Outgoing:
    """One notification of a batch (see ``notification_send_many``)."""

    user: User
    kind: str
    message: str
    params: Mapping[str, Any]
    url: str = ""
    key: str = ""


def notification_send_many(items: Iterable[Outgoing], *, email: bool = True) -> list[Notification]:
    """Send a batch of different notifications at once (a daily computation's findings):
    those whose (user, key) was sent before are left out with one query per 500, the rest
    written together. Returns the new ones."""
    fresh: list[Notification] = []
    now = timezone.now()
    batch: list[Outgoing] = []

    def flush() -> None:
        keyed = [item for item in batch if item.key]
        sent = set(
            Notification.objects.filter(
                user_id__in={item.user.pk for item in keyed},
                key__in={item.key for item in keyed},
            ).values_list("user_id", "key")
        )
        seen: set[tuple[int, str]] = set()
        for item in batch:
            mark = (item.user.pk, item.key)
            if item.key and (mark in sent or mark in seen):
                continue
            seen.add(mark)
            fresh.append(
                _build(
                    item.user,
                    message=item.message,
                    params=item.params,
                    kind=item.kind,
                    url=item.url,
                    key=item.key,
                    created_at=now,
                )
            )
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= 500:
            flush()
    flush()
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
