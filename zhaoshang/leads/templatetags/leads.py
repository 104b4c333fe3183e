"""Template tags of the leads app for other apps' pages (the enterprise's visits)."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q, QuerySet

from zhaoshang.leads.models import AftercareVisit, VisitAction
from zhaoshang.registry.models import Enterprise

register = template.Library()


@register.simple_tag
def enterprise_visits(enterprise: Enterprise) -> QuerySet[AftercareVisit]:
    """Every visit to ``enterprise`` by every officer, newest first."""
    return (
        AftercareVisit.objects.filter(enterprise=enterprise)
        .select_related("officer")
        .annotate(
            open_actions=Count("actions", filter=~Q(actions__status=VisitAction.Status.RESOLVED))
        )
        .order_by("-visited_on", "-id")
    )
