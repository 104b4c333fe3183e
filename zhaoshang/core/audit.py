"""Recording audit events from services.

A service takes a ``snapshot`` of an object before it changes it and calls ``audit_update``
afterwards (or ``audit_create`` / ``audit_delete``), inside the same transaction, so the
event is written if and only if the change is.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhaoshang.core.models import AuditEvent, User

# Fields whose values never enter the log; a change to them is recorded as "changed".
SECRET_FIELDS = frozenset({"password", "digest"})
SECRET_MARK = "•••"
IGNORED_FIELDS = frozenset({"updated_at", "last_login"})


def plain_value(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # a file field
        return value.name or ""
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Every concrete field of ``instance`` as plain values (foreign keys as their ids)."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in IGNORED_FIELDS:
            continue
        values[field.name] = plain_value(getattr(instance, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"old": ..., "new": ...}}`` for the fields whose values differ."""
    changes: dict[str, dict[str, Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in SECRET_FIELDS:
            changes[name] = {"old": SECRET_MARK, "new": SECRET_MARK}
        else:
            changes[name] = {"old": old, "new": new}
    return changes


def _record(
    *,
    actor: User | None,
    action: str,
    instance: models.Model,
    changes: dict[str, dict[str, Any]],
    object_id: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None and actor.pk else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(object_id if object_id is not None else instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def audit_create(*, actor: User | None, instance: models.Model) -> AuditEvent:
    """Record that ``instance`` was created, with every field as new."""
    return _record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=instance,
        changes=diff({}, snapshot(instance)),
    )


def audit_update(
    *, actor: User | None, instance: models.Model, before: dict[str, Any]
) -> AuditEvent | None:
    """Record the fields of ``instance`` that differ from ``before``; nothing if none do."""
    changes = diff(before, snapshot(instance))
    if not changes:
        return None
    return _record(actor=actor, action=AuditEvent.Action.UPDATE, instance=instance, changes=changes)


def audit_delete(*, actor: User | None, instance: models.Model, object_id: Any) -> AuditEvent:
    """Record that ``instance`` (whose primary key was ``object_id``) was deleted."""
    return _record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=instance,
        changes=diff(snapshot(instance), {}),
        object_id=object_id,
    )


def audit_fields_changed(
    *, actor: User | None, instance: models.Model, changes: dict[str, dict[str, Any]]
) -> AuditEvent:
    """Record a change that is not a plain field edit (roles granted, a token revoked)."""
    return _record(actor=actor, action=AuditEvent.Action.UPDATE, instance=instance, changes=changes)
