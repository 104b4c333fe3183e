"""``{% history_link obj %}``: the link to an object's audit history, shown only to those
who may open it (the history page needs ``VIEW_AUDIT``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from zhaoshang.core.roles import VIEW_AUDIT

register = template.Library()


@register.inclusion_tag("core/_history_link.html", takes_context=True)
def history_link(context: template.Context, obj: Model, label: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = bool(user is not None and user.is_authenticated and user.has_perm(VIEW_AUDIT))
    return {
        "allowed": allowed and obj.pk is not None,
        "app_label": obj._meta.app_label,
        "model_name": obj._meta.model_name,
        "pk": obj.pk,
        "label": label,
    }
