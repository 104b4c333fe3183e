"""Background tasks of the registry."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from zhaoshang.core.models import User
from zhaoshang.core.tasks import TaskContext, task
from zhaoshang.registry.importing import enterprise_import
from zhaoshang.registry.table_formats import TableFileError


@task("registry.import_enterprises")
def import_enterprises(
    context: TaskContext,
    *,
    path: str,
    filename: str,
    dry_run: bool,
    actor_id: int | None,
    language: str = settings.LANGUAGE_CODE,
) -> dict[str, Any]:
    """Problems are reported in ``language``, the officer's when the file was uploaded."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with translation.override(language):
        try:
            report = enterprise_import(
                actor=actor,
                path=Path(path),
                filename=filename,
                dry_run=dry_run,
                progress=lambda done: context.progress(done),
            )
        except TableFileError as exc:
            return {"file_error": exc.message(gettext), "errors": []}
    return {
        **report.as_dict(),
        "errors": [asdict(e) for e in report.errors],
    }
