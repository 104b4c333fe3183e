"""Who sees chains, their maps and targets, and who decides on placements.

- Promotion officers, managers and administrators see chains, maps, links' pages and
  targets (``chains.view_chain``); policy officers and enterprise users do not.
- Confirming or rejecting a placement needs ``chains.change_placement``; notes
  ``chains.add_linknote`` / ``chains.change_linknote`` (an officer edits their own notes, an
  administrator any); editing a chain's file and the map's thresholds is the
  administrator's (``chains.change_chain``, ``chains.change_mapsettings``).
- A chain map opens on the officer's own region (their first region, else the county of the
  center's deployment); any region of the province may be chosen, as the registry's
  enterprises are visible to every officer who may open it.

"""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.chains.models import LinkNote, Placement
from zhaoshang.core.models import User

VIEW = "chains.view_chain"
DECIDE = "chains.change_placement"
NOTE_ADD = "chains.add_linknote"
NOTE_CHANGE = "chains.change_linknote"
EDIT_CHAIN = "chains.change_chain"
EDIT_SETTINGS = "chains.change_mapsettings"
DEFAULT_REGION = "441284"  # Sihui, the first deployment


def placements_visible_to(user: User) -> QuerySet[Placement]:
    """Placements for the API: every one to who may see chains (the registry is not scoped
    by region; no rule is registered with ``core.visibility``, whose audit log is already
    limited to those who may read it, managers and administrators, all of whom see chains)."""
    if user.is_active and user.has_perm(VIEW):
        return Placement.objects.all()
    return Placement.objects.none()


def note_editable(user: User, note: LinkNote) -> bool:
    if user.is_superuser:
        return True
    return user.has_perm(NOTE_CHANGE) and note.author_id == user.pk


def home_region(user: User) -> str:
    """The region a chain map opens on for ``user``."""
    from zhaoshang.leads.models import OfficerRegion

    first = (
        OfficerRegion.objects.filter(user_id=user.pk)
        .order_by("region_id")
        .values_list("region_id", flat=True)
    ).first()
    return first or DEFAULT_REGION
