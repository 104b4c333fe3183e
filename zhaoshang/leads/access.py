"""Who sees which leads: the one queryset every page, API endpoint and export starts from.

- Administrators (superusers) see every lead.
- Managers (``leads.manage_region_leads``) see every lead in their regions, confidential
  ones too, and the leads assigned to them.
- Officers (``leads.view_lead``) see the leads assigned to them, and the leads in their
  regions that are not confidential.
- A region covers itself and the regions below it (a prefecture its counties).

Whoever sees a lead may also work on it (edit, move, log activities). What hangs on a lead
(its contacts, activities, stage changes, the triage that made it) is seen with the lead, and
a saved filter by its owner alone. These rules are registered with ``core.visibility``, so
the audit log and object history obey them too.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404

from zhaoshang.core.models import User
from zhaoshang.core.visibility import visibility_rule
from zhaoshang.leads.models import (
    Activity,
    EnquiryTriage,
    Lead,
    LeadContact,
    OfficerRegion,
    SavedFilter,
    StageChange,
)
from zhaoshang.registry.models import Region

VIEW = "leads.view_lead"
MANAGE_REGION = "leads.manage_region_leads"


def regions_covered(user: User) -> QuerySet[Region]:
    """The regions the user works in and every region below them."""
    mine = OfficerRegion.objects.filter(user_id=user.pk).values("region_id")
    return Region.objects.filter(
        Q(code__in=mine) | Q(parent_id__in=mine) | Q(parent__parent_id__in=mine)
    )


@visibility_rule(Lead)
def leads_visible_to(user: User) -> QuerySet[Lead]:
    """Every lead ``user`` may see and work on (no other filter, no ordering applied)."""
    if not user.is_active:
        return Lead.objects.none()
    if user.is_superuser:
        return Lead.objects.all()
    if not user.has_perm(VIEW):
        return Lead.objects.none()
    # The codes are read first: a short constant list lets the database use its indexes.
    codes = list(regions_covered(user).values_list("code", flat=True))
    assigned = Q(pk__in=Lead.officers.through.objects.filter(user_id=user.pk).values("lead_id"))
    in_region = Q(region_id__in=codes)
    if not user.has_perm(MANAGE_REGION):
        in_region &= Q(confidential=False)
    rule = assigned | in_region if codes else assigned
    # The rule is wrapped in a CASE so that the planner cannot split its OR into index
    # lookups and sort the union: it walks the index that the caller's filter and order
    # need (stage, time moved, follow-up date) and checks the rule row by row, stopping
    # as soon as a page is full. Measured in bench/leads_load.py.
    seen = Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField())
    return Lead.objects.alias(visible=seen).filter(visible=True)


@visibility_rule(LeadContact)
def lead_contacts_visible_to(user: User) -> QuerySet[LeadContact]:
    return LeadContact.objects.filter(lead__in=leads_visible_to(user).values("pk"))


@visibility_rule(Activity)
def activities_visible_to(user: User) -> QuerySet[Activity]:
    return Activity.objects.filter(lead__in=leads_visible_to(user).values("pk"))


@visibility_rule(StageChange)
def stage_changes_visible_to(user: User) -> QuerySet[StageChange]:
    return StageChange.objects.filter(lead__in=leads_visible_to(user).values("pk"))


@visibility_rule(EnquiryTriage)
def triages_visible_to(user: User) -> QuerySet[EnquiryTriage]:
    """A triage that made or fed a lead is seen with the lead; a dismissal by everyone who
    triages enquiries."""
    return EnquiryTriage.objects.filter(
        Q(lead__isnull=True) | Q(lead__in=leads_visible_to(user).values("pk"))
    )


@visibility_rule(SavedFilter)
def saved_filters_visible_to(user: User) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user_id=user.pk)


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
