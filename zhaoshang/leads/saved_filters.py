"""Named list filters an officer keeps for themselves."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_delete, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.leads.models import SavedFilter


def saved_filter_save(*, actor: User, name: str, query: str) -> SavedFilter:
    """Keep ``query`` (the list's filters) under ``name``; the same name is replaced."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the filter a name.")]})
    if len(query) > 1000:
        raise ValidationError({"query": [_("These filters are too long to keep.")]})
    with transaction.atomic():
        found = SavedFilter.objects.select_for_update().filter(user=actor, name=name).first()
        if found is None:
            found = SavedFilter.objects.create(user=actor, name=name[:80], query=query)
            audit_create(actor=actor, instance=found)
        else:
            before = snapshot(found)
            found.query = query
            found.save()
            audit_update(actor=actor, instance=found, before=before)
    return found


def saved_filter_delete(*, actor: User, saved: SavedFilter) -> None:
    if saved.user_id != actor.pk:
        raise PermissionError("only its owner deletes a saved filter")
    with transaction.atomic():
        pk = saved.pk
        saved.delete()
        audit_delete(actor=actor, instance=saved, object_id=pk)
