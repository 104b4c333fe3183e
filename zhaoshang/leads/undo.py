"""Undoing a stage move made by mistake (one arrow press too many on the board).

A service, like those in ``services.py``: ``lead_move_undo`` puts the lead back as it was
before its last move, only when that move is the last change of the lead, was made by the
same user, at most ``UNDO_SECONDS`` ago, and did not sign the lead (signing opens a
project). The days in stage are kept: ``stage_changed_at`` gets its old value back, read
from the move's own audit event, and the stage change is removed so that the funnel does
not count a move that did not happen. The undo itself is audited.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_update, snapshot
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.leads.errors import LeadConflict
from zhaoshang.leads.models import Lead, StageChange
from zhaoshang.leads.stages import SIGNED_STAGES

UNDO_SECONDS = 10
# What a move changes, and so what its undo puts back.
MOVED_FIELDS = (
    "stage",
    "stage_changed_at",
    "furthest_rank",
    "signed_on",
    "investment_amount",
    "investment_currency",
    "investment_rate",
    "investment_yuan",
)


def _refused(message: str) -> ValidationError:
    return ValidationError({"stage": [message]})


def lead_move_undo(*, actor: User, lead: Lead, version: int) -> Lead:
    """Undo ``actor``'s last move of ``lead`` (``version`` is the one the move left)."""
    with transaction.atomic():
        current = Lead.objects.select_for_update(of=("self",)).get(pk=lead.pk)
        if current.version != version:
            raise LeadConflict(saved=current, yours={"stage": current.stage}, version=version)
        change = StageChange.objects.filter(lead=current).order_by("-at", "-pk").first()
        now = timezone.now()
        if (
            change is None
            or change.actor_id != actor.pk
            or change.to_stage != current.stage
            or now - change.at > datetime.timedelta(seconds=UNDO_SECONDS)
        ):
            raise _refused(
                _("Only your own last move can be undone, within %(seconds)s seconds.")
                % {"seconds": UNDO_SECONDS}
            )
        if change.to_stage in SIGNED_STAGES:
            raise _refused(_("A move to a signed stage cannot be undone; move the lead back."))
        event = (
            AuditEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(Lead),
                object_id=str(current.pk),
                action=AuditEvent.Action.UPDATE,
                actor=actor,
                changes__has_key="stage",
            )
            .order_by("-at", "-pk")
            .first()
        )
        if event is None or event.changes["stage"].get("new") != current.stage:
            raise _refused(_("This move has no record to undo it from."))
        before = snapshot(current)
        for name, value in _old_values(event.changes).items():
            setattr(current, name, value)
        current.version += 1
        current.updated_at = now
        current.save()
        change.delete()
        audit_update(actor=actor, instance=current, before=before)
    return current


def _old_values(changes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in MOVED_FIELDS:
        if name not in changes:
            continue
        field = Lead._meta.get_field(name)
        assert isinstance(field, models.Field)
        values[field.attname] = field.to_python(changes[name]["old"])
    return values
