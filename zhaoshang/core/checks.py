"""System checks of the project as a whole."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.db import connections

SUPPORTED_DATABASES = ("sqlite", "postgresql")


@register("database")
def database_supported(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[Error]:
    """Full-text search, the audit trigger and the bulk import speak SQLite and PostgreSQL
    only; any other database is refused before it can half-work."""
    errors = []
    for alias in connections:
        vendor = connections[alias].vendor
        if vendor not in SUPPORTED_DATABASES:
            errors.append(
                Error(
                    f"DATABASE_URL: the {vendor} database is not supported.",
                    hint="Use SQLite (the default) or PostgreSQL.",
                    id="zhaoshang.E001",
                )
            )
    return errors
