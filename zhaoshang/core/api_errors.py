"""How the API words a refused write: each field and its reasons, on one line."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def validation_detail(exc: ValidationError) -> str:
    """``"field: reason; other: reason"`` for a ValidationError's messages."""
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
