from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], name: str, number: int) -> str:
    """This page's query string with ``name`` set to ``number`` (each list pages alone)."""
    query = context["request"].GET.copy()
    query[name] = str(number)
    return str(query.urlencode())
