"""Background tasks of the registry."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from zhaoshang.core.models import PrivateFile, User
from zhaoshang.core.private_files import private_path
from zhaoshang.core.tasks import TaskContext, task
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.mapping import MappingError, mapping_from_plain
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.services import import_file_release


def _release_file(arguments: dict[str, Any]) -> None:
    if "file_id" in arguments:
        import_file_release(file_id=arguments["file_id"])


@task("registry.import_enterprises", queue="imports", time_limit=30 * 60, cleanup=_release_file)
def import_enterprises(
    context: TaskContext,
    *,
    file_id: int,
    filename: str,
    dry_run: bool,
    actor_id: int | None,
    language: str = settings.LANGUAGE_CODE,
    mapping: dict[str, Any] | None = None,
    mapping_name: str = "",
) -> dict[str, Any]:
    """Problems are reported in ``language``, the officer's when the file was uploaded. The
    file is released when the import ends, well or not (see ``import_file_release``)."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    file = PrivateFile.objects.filter(pk=file_id).first()
    try:
        with translation.override(language):
            if file is None:
                return {"file_error": gettext("the uploaded file is no longer kept"), "errors": []}
            try:
                report = enterprise_import(
                    actor=actor,
                    path=private_path(file),
                    filename=filename,
                    mapping=mapping_from_plain(mapping) if mapping else None,
                    dry_run=dry_run,
                    progress=lambda done: context.progress(done),
                )
            except (TableFileError, MappingError) as exc:
                return {"file_error": exc.message(gettext), "errors": []}
    finally:
        import_file_release(file_id=file_id)
    return {
        **report.as_dict(),
        "mapping_name": mapping_name,
        "errors": [asdict(e) for e in report.errors],
        "notes": [asdict(n) for n in report.notes],  # rows taken without region or industry
    }
