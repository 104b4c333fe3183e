"""Template filters of the chains pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from zhaoshang.chains.engine.classify import CLASS, PRODUCTS, SCOPE, evidence_parts

register = template.Library()


@register.filter
def evidence(text: str) -> str:
    """A placement's evidence (kept in one fixed form) in the reader's language."""
    shown = []
    for part in evidence_parts(text or ""):
        if part.source == CLASS:
            shown.append(_("class %(code)s") % {"code": part.value})
        elif part.source == SCOPE:
            shown.append(_("business scope mentions %(word)s") % {"word": part.value})
        elif part.source == PRODUCTS:
            shown.append(_("main products mention %(word)s") % {"word": part.value})
        else:
            shown.append(part.value)
    return _("; ").join(shown)
