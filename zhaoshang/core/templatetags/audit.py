"""``{{ event|change_lines }}``: one audit event's changes as people read them (for pages
that show a few events among other things; lists use ``audit_display.events_display``)."""

from __future__ import annotations

from django import template

from zhaoshang.core.audit_display import ChangeLine, events_display
from zhaoshang.core.models import AuditEvent

register = template.Library()


@register.filter
def change_lines(event: AuditEvent) -> list[ChangeLine]:
    lines = getattr(event, "lines", None)
    if isinstance(lines, list):
        return lines
    return events_display([event])[0].lines
