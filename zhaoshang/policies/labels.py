"""Names of rule columns for people, in the active language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from zhaoshang.rules import ENTERPRISE_FIELDS, FieldRegistry


def column_label(column: str) -> str:
    """``revenue`` -> "main-business revenue"; ``revenue_2023`` -> "… (2023)"."""
    name, year = FieldRegistry.split_column(column)
    field = ENTERPRISE_FIELDS.get(name)
    label = field.labels.get(translation.get_language() or "en") if field else name
    return label if year is None else _("%(field)s (%(year)s)") % {"field": label, "year": year}
