"""Small helpers the leads pages share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (others on the form itself)."""
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
