"""``{{ text|reader_script }}``: Simplified Chinese shown in Traditional to its readers."""

from __future__ import annotations

from django import template

from zhaoshang.core.scripts import in_reader_script

register = template.Library()


@register.filter
def reader_script(value: object) -> str:
    return in_reader_script("" if value is None else str(value))
