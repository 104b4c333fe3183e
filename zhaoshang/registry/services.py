"""Writes of the registry: reference data, single enterprises (officers, the API, confirmed
corrections) and profile corrections. Bulk imports are in ``importing``."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.apps import AppConfig
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_fields_changed, audit_update, snapshot
from zhaoshang.core.models import PrivateFile, Task, User
from zhaoshang.core.notifications import notification_send
from zhaoshang.core.private_files import (
    UNFINISHED_KEPT,
    private_file_delete,
    private_file_keep_until,
    private_file_store,
    private_path,
)
from zhaoshang.core.selectors import site_settings_current
from zhaoshang.core.tasks import task_submit
from zhaoshang.core.text import text_check, text_problem
from zhaoshang.registry.bulk_indexes import indexes_ensure
from zhaoshang.registry.domain import reference
from zhaoshang.registry.domain.schema import COLUMN_KEYS, FIGURE_KEYS, EnterpriseRecord
from zhaoshang.registry.domain.validation import validate_row
from zhaoshang.registry.imports.mapping import (
    ColumnMapping,
    MappingError,
    mapping_plain,
    suggest_for_file,
)
from zhaoshang.registry.imports.models import ImportMapping
from zhaoshang.registry.imports.pipeline import (
    division_sections,
    latest_fields,
    record_values,
    references,
)
from zhaoshang.registry.models import (
    Enterprise,
    EnterpriseMember,
    Industry,
    ProfileCorrection,
    Region,
    YearlyFigures,
)
from zhaoshang.registry.names import name_pinyin
from zhaoshang.registry.notices import CORRECTION_DECIDED
from zhaoshang.registry.signals import enterprises_changed

# --- reference data ---------------------------------------------------------------------


def reference_sync() -> None:
    """Make the Region and Industry tables match the shipped files (idempotent)."""
    with transaction.atomic():
        for industry in reference.load_industries():
            Industry.objects.update_or_create(
                code=industry.code,
                defaults={
                    "kind": industry.kind,
                    "parent_id": industry.parent or None,
                    "name_zh": industry.name_zh,
                    "name_en": industry.name_en,
                },
            )
        for region in reference.load_regions():
            Region.objects.update_or_create(
                code=region.code,
                defaults={
                    "parent_id": region.parent_code or None,
                    "level": region.level,
                    "name_zh": region.name_zh,
                    "name_en": region.name_en,
                    "latitude": region.latitude,
                    "longitude": region.longitude,
                },
            )


def reference_sync_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    if sender.label == "registry":
        reference_sync()
        for model in (Enterprise, YearlyFigures):
            indexes_ensure(model)  # in case an import was killed with its indexes set aside


# --- one enterprise ---------------------------------------------------------------------


def enterprise_validate(raw: Mapping[str, Any]) -> EnterpriseRecord:
    """The same checks as an imported row; ValidationError names each field and reason."""
    unknown = sorted(set(raw) - set(COLUMN_KEYS))
    if unknown:
        raise ValidationError({name: _("This is not an enterprise field.") for name in unknown})
    text = {key: "" if value is None else str(value) for key, value in raw.items()}
    result = validate_row(1, text, references())
    if result.record is None:
        errors: dict[str, list[str]] = {}
        for error in result.errors:
            errors.setdefault(error.column or "__all__", []).append(error.reason)
        raise ValidationError(errors)
    return result.record


def enterprise_save(*, actor: User | None, record: EnterpriseRecord) -> tuple[Enterprise, bool]:
    """Create or update the enterprise of ``record`` by its credit code, with its figures;
    audited field by field. Returns the enterprise and whether it was created."""
    with transaction.atomic():
        current = Enterprise.objects.select_for_update().filter(uscc=record.uscc).first()
        values = record_values(record)
        section = division_sections().get(values["division_id"] or "")
        latest = latest_fields(
            record,
            None
            if current is None
            else {"latest_year": current.latest_year, "latest_revenue": current.latest_revenue},
            section,
        )
        now = timezone.now()
        if current is None:
            enterprise = Enterprise(
                uscc=record.uscc,
                name_pinyin=name_pinyin(record.name),
                created_at=now,
                updated_at=now,
                **values,
                **latest,
            )
            enterprise.save()
            audit_create(actor=actor, instance=enterprise)
            created = True
        else:
            enterprise = current
            before = snapshot(enterprise)
            for name, value in {**values, **latest}.items():
                setattr(enterprise, name, value)
            enterprise.name_pinyin = name_pinyin(record.name)
            enterprise.updated_at = now
            enterprise.save()
            audit_update(actor=actor, instance=enterprise, before=before)
            created = False
        if record.year is not None:
            figures = {key: getattr(record, key) for key in FIGURE_KEYS}
            old = YearlyFigures.objects.filter(enterprise=enterprise, year=record.year).first()
            YearlyFigures.objects.update_or_create(
                enterprise=enterprise, year=record.year, defaults=figures
            )
            changes = {
                f"{key}[{record.year}]": {
                    "old": str(getattr(old, key))
                    if old and getattr(old, key) is not None
                    else None,
                    "new": str(value) if value is not None else None,
                }
                for key, value in figures.items()
                if (getattr(old, key) if old else None) != value
            }
            if changes:
                audit_fields_changed(actor=actor, instance=enterprise, changes=changes)
        pk = enterprise.pk
        transaction.on_commit(
            lambda: enterprises_changed.send(sender=Enterprise, enterprise_ids=[pk])
        )
    return enterprise, created


# --- enterprise users and their corrections ---------------------------------------------


def enterprise_member_add(*, actor: User | None, user: User, enterprise: Enterprise) -> None:
    with transaction.atomic():
        link, created = EnterpriseMember.objects.get_or_create(user=user, enterprise=enterprise)
        if created:
            audit_create(actor=actor, instance=link)


def profile_correction_propose(
    *, actor: User, enterprise: Enterprise, changes: Mapping[str, str]
) -> ProfileCorrection:
    """Record changes an enterprise user asks for. They are checked now, applied only
    when an officer confirms them."""
    if not EnterpriseMember.objects.filter(user=actor, enterprise=enterprise).exists():
        raise PermissionError("only the enterprise's own users propose corrections")
    current = enterprise_as_raw(enterprise)
    wanted = {k: v for k, v in changes.items() if k != "uscc" and current.get(k, "") != v}
    if not wanted:
        raise ValidationError({"__all__": [_("Nothing was changed.")]})
    enterprise_validate({**current, **wanted})
    with transaction.atomic():
        correction = ProfileCorrection.objects.create(
            enterprise=enterprise,
            proposed_by=actor,
            changes=wanted,
            previous={key: current.get(key, "") for key in wanted},
        )
        audit_create(actor=actor, instance=correction)
    return correction


def profile_correction_decide(
    *, actor: User, correction: ProfileCorrection, confirm: bool, note: str = ""
) -> ProfileCorrection:
    """An officer confirms (the changes are applied, audited) or rejects a correction."""
    text_check({"note": note}, multiline={"note"})
    with transaction.atomic():
        correction = ProfileCorrection.objects.select_for_update().get(pk=correction.pk)
        if correction.status != ProfileCorrection.Status.PENDING:
            raise ValidationError({"status": [_("This correction was decided already.")]})
        before = snapshot(correction)
        if confirm:
            raw = {**enterprise_as_raw(correction.enterprise), **correction.changes}
            enterprise_save(actor=actor, record=enterprise_validate(raw))
        correction.status = (
            ProfileCorrection.Status.CONFIRMED if confirm else ProfileCorrection.Status.REJECTED
        )
        correction.decided_by = actor
        correction.decided_at = timezone.now()
        correction.note = note
        correction.save()
        audit_update(actor=actor, instance=correction, before=before)
        if correction.proposed_by is not None:
            notification_send(
                user=correction.proposed_by,
                kind="registry-correction",
                message=CORRECTION_DECIDED,
                params={
                    "enterprise": correction.enterprise.name,
                    "confirmed": confirm,
                    "note": note,
                },
                url=reverse("registry-mine"),
                key=f"correction:{correction.pk}",
            )
    return correction


def enterprise_as_raw(enterprise: Enterprise) -> dict[str, str]:
    """The enterprise's own fields as the text an import row would carry (no figures)."""
    from zhaoshang.registry.exporting import _text

    raw: dict[str, str] = {}
    for key in COLUMN_KEYS:
        if key in FIGURE_KEYS or key == "year":
            continue
        if key == "region_code":
            raw[key] = enterprise.region_id or ""
        else:
            raw[key] = _text(getattr(enterprise, key))
    return raw


# --- import files -----------------------------------------------------------------------

IMPORT_FILE_KIND = "imports"


def import_file_keep(*, actor: User, upload: Any) -> PrivateFile:
    """Keep an uploaded enterprise file privately (see ``core.private_files``: the uploader
    and administrators may download it) until it is mapped and imported; one never
    imported goes after ``UNFINISHED_KEPT``."""
    with transaction.atomic():
        return private_file_store(
            kind=IMPORT_FILE_KIND,
            name=upload.name,
            content=upload,
            owner=actor,
            readers_permission="core.view_auditevent",
            expires_at=timezone.now() + UNFINISHED_KEPT,
        )


def import_start(
    *,
    actor: User,
    file: PrivateFile,
    mapping: ColumnMapping,
    dry_run: bool,
    language: str,
    mapping_name: str = "",
) -> Task:
    """Queue the import of a kept file with its column mapping. The file is deleted when
    the import ends, or kept the days the site settings say."""
    mapping.check()
    return task_submit(
        "registry.import_enterprises",
        actor=actor,
        file_id=file.pk,
        filename=file.name,
        dry_run=dry_run,
        actor_id=actor.pk,
        language=language,
        mapping=mapping_plain(mapping),
        mapping_name=mapping_name,
    )


def import_submit(
    *,
    actor: User,
    upload: Any,
    dry_run: bool,
    language: str,
    mapping: ColumnMapping | None = None,
    mapping_name: str = "",
) -> Task:
    """Keep an uploaded file and queue its import at once (with the mapping suggested for it
    when none is given)."""
    with transaction.atomic():
        file = import_file_keep(actor=actor, upload=upload)
        if mapping is None:
            with private_path(file).open("rb") as stream:
                mapping = suggest_for_file(stream, file.name).mapping()
        return import_start(
            actor=actor,
            file=file,
            mapping=mapping,
            dry_run=dry_run,
            language=language,
            mapping_name=mapping_name,
        )


def import_mapping_save(
    *, actor: User | None, name: str, signature: str, mapping: ColumnMapping
) -> ImportMapping:
    """Save a column mapping under ``name`` (replacing the one of that name), to be offered
    for the next file with the same columns. ValidationError names the field."""
    name = name.strip()
    problem = text_problem(name)
    if not name or problem or len(name) > 100:
        raise ValidationError(
            {"name": _("Give the mapping a name of 1 to 100 characters on one line.")}
        )
    try:
        mapping.check()
    except MappingError as exc:
        raise ValidationError({"fields": exc.message(_)}) from exc
    with transaction.atomic():
        saved = ImportMapping.objects.select_for_update().filter(name=name).first()
        values = {
            "signature": signature,
            "header_row": mapping.header_row,
            "fields": list(mapping.fields),
            "headers": list(mapping.headers),
        }
        if saved is None:
            saved = ImportMapping.objects.create(name=name, created_by=actor, **values)
            audit_create(actor=actor, instance=saved)
            return saved
        before = snapshot(saved)
        for key, value in values.items():
            setattr(saved, key, value)
        saved.save()
        audit_update(actor=actor, instance=saved, before=before)
        return saved


def import_file_release(*, file_id: int) -> None:
    """An import ended: delete its file, or keep it the days the site settings say."""
    file = PrivateFile.objects.filter(pk=file_id).first()
    if file is None:
        return
    keep_days = site_settings_current().import_files_keep_days
    if keep_days <= 0:
        private_file_delete(file=file)
    else:
        private_file_keep_until(
            file=file, until=timezone.now() + datetime.timedelta(days=keep_days)
        )
