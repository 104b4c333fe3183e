"""Who is told about a project: the officers of its lead and the managers of its region
(a manager of a prefecture or the province covers the counties below). Found for many
projects at once, with a handful of queries whatever their number."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db.models import Q

from zhaoshang.core.models import User
from zhaoshang.leads.models import Lead, OfficerRegion
from zhaoshang.registry.models import Region

MANAGE_REGION = ("leads", "manage_region_leads")


def region_parents() -> dict[str, str | None]:
    return dict(Region.objects.values_list("code", "parent_id"))


def ancestors(code: str, parents: dict[str, str | None]) -> list[str]:
    """``code`` and the regions above it, nearest first."""
    chain: list[str] = []
    current: str | None = code
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def managers_by_region() -> dict[str, list[User]]:
    """The active managers (who may manage the leads of their regions) of each region."""
    permission = Permission.objects.filter(
        content_type__app_label=MANAGE_REGION[0], codename=MANAGE_REGION[1]
    ).first()
    if permission is None:
        return {}
    managers = {
        user.pk: user
        for user in User.objects.filter(
            Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True
        ).distinct()
    }
    found: dict[str, list[User]] = {}
    for user_id, region_id in OfficerRegion.objects.filter(user_id__in=managers).values_list(
        "user_id", "region_id"
    ):
        found.setdefault(region_id, []).append(managers[user_id])
    return found


def recipients_of(lead_ids: Iterable[int]) -> dict[int, list[User]]:
    """For each lead, its active officers and the managers of its region and those above."""
    lead_ids = list(lead_ids)
    parents = region_parents()
    by_region = managers_by_region()
    officers: dict[int, dict[int, User]] = {}
    users: dict[int, User] = {}
    through = Lead.officers.through.objects.filter(lead_id__in=lead_ids, user__is_active=True)
    pairs = list(through.values_list("lead_id", "user_id"))
    for user in User.objects.filter(pk__in={u for _l, u in pairs}):
        users[user.pk] = user
    for lead_id, user_id in pairs:
        officers.setdefault(lead_id, {})[user_id] = users[user_id]
    regions = dict(Lead.objects.filter(pk__in=lead_ids).values_list("pk", "region_id"))
    result: dict[int, list[User]] = {}
    for lead_id in lead_ids:
        people = dict(officers.get(lead_id, {}))
        for code in ancestors(regions.get(lead_id, ""), parents):
            for manager in by_region.get(code, []):
                people.setdefault(manager.pk, manager)
        result[lead_id] = list(people.values())
    return result
