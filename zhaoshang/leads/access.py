"""Who sees which leads: the one queryset every page, API endpoint and export starts from.

- Administrators (superusers) see every lead.
- Managers (``leads.manage_region_leads``) see every lead in their regions, confidential
  ones too, and the leads assigned to them.
- Officers (``leads.view_lead``) see the leads assigned to them, and the leads in their
  regions that are not confidential.
- A region covers itself and the regions below it (a prefecture its counties).

Whoever sees a lead may also work on it (edit, move, log activities).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhaoshang.core.models import User
from zhaoshang.leads.models import Lead, OfficerRegion
from zhaoshang.registry.models import Region

VIEW = "leads.view_lead"
MANAGE_REGION = "leads.manage_region_leads"


def regions_covered(user: User) -> QuerySet[Region]:
    """The regions the user works in and every region below them."""
    mine = OfficerRegion.objects.filter(user_id=user.pk).values("region_id")
    return Region.objects.filter(
        Q(code__in=mine) | Q(parent_id__in=mine) | Q(parent__parent_id__in=mine)
    )


def leads_visible_to(user: User) -> QuerySet[Lead]:
    """Every lead ``user`` may see and work on (no other filter, no ordering applied)."""
    if not user.is_active:
        return Lead.objects.none()
    if user.is_superuser:
        return Lead.objects.all()
    if not user.has_perm(VIEW):
        return Lead.objects.none()
    assigned = Exists(Lead.officers.through.objects.filter(lead_id=OuterRef("pk"), user_id=user.pk))
    in_region = Q(region_id__in=regions_covered(user).values("code"))
    if not user.has_perm(MANAGE_REGION):
        in_region &= Q(confidential=False)
    return Lead.objects.filter(assigned | in_region)


def lead_visible(user: User, pk: int) -> Lead:
    """The lead ``pk`` if ``user`` may see it; 404 otherwise (its existence is not told)."""
    lead = (
        leads_visible_to(user)
        .select_related("region", "industry", "enterprise", "created_by")
        .filter(pk=pk)
        .first()
    )
    if lead is None:
        raise Http404
    return lead
