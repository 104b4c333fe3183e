"""``{% lead_project lead %}`` on a lead's page: its signed project, or a button to open
one for a signed lead that has none."""

from __future__ import annotations

from typing import Any

from django import template

from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import SIGNED_STAGES
from zhaoshang.projects.models import Project

register = template.Library()


@register.inclusion_tag("projects/_lead_project.html", takes_context=True)
def lead_project(context: dict[str, Any], lead: Lead) -> dict[str, Any]:
    project = Project.objects.filter(lead=lead).first()
    return {
        "lead": lead,
        "project": project,
        "signed": lead.stage in SIGNED_STAGES,
        "perms": context.get("perms"),
        "csrf_token": context.get("csrf_token"),
        "open_warnings": project.warnings.filter(cleared_at__isnull=True).count() if project else 0,
    }
