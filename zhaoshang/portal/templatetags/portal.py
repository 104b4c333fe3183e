from django import template

from zhaoshang.core.phones import phone_display

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """An E.164 number in international format."""
    return phone_display(value)
