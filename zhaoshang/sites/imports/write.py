"""The write stage: each mapped record through ``services.site_upsert`` — the checks of the
forms and the API, an unchanged site left unwritten — and its outcome or its problems into
the report. Records are written in chunks of ``CHUNK``, one transaction each (the matching
tables hear of a chunk once, after it commits: ``inventory_batch``), each record
in its own savepoint (the service's atomic block): a refused record leaves nothing behind,
and the chunk's sites are looked up in one query. A record with a problem from the map
stage is not offered to the services at all."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhaoshang.core.models import User
from zhaoshang.sites import services
from zhaoshang.sites.imports.fields import KEY, MODELS
from zhaoshang.sites.imports.mapping import Mapped, MappedRecord
from zhaoshang.sites.imports.report import Problem, SiteImportReport
from zhaoshang.sites.matching.selectors import inventory_batch

CHUNK = 200  # records a transaction (each record its own savepoint within it)


def write_records(
    mapped: Mapped, *, actor: User | None, dry_run: bool, report: SiteImportReport
) -> None:
    model: Any = MODELS[mapped.kind]  # one of the three; site_upsert is generic
    key = KEY[mapped.kind]
    for start in range(0, len(mapped.records), CHUNK):
        chunk = mapped.records[start : start + CHUNK]
        keys = {r.values[key] for r in chunk if isinstance(r.values.get(key), str)}
        with inventory_batch(), transaction.atomic():
            known = {
                getattr(site, key): site
                for site in model._default_manager.filter(**{f"{key}__in": keys})
            }
            for record in chunk:
                _write(
                    record, model, mapped.kind, known, actor=actor, dry_run=dry_run, report=report
                )


def _write(
    record: MappedRecord,
    model: Any,
    kind: str,
    known: dict[str, Any],
    *,
    actor: User | None,
    dry_run: bool,
    report: SiteImportReport,
) -> None:
    if record.problems:
        report.refuse(record.problems)
        return
    try:
        _site, outcome = services.site_upsert(
            model, actor=actor, values=record.values, dry_run=dry_run, known=known
        )
    except ValidationError as exc:
        report.refuse(_problems(record, exc, kind))
    except IntegrityError:  # written by someone else since it was looked up
        key = KEY[kind]
        reason = _("“%(value)s” is taken already.") % {"value": record.values.get(key)}
        report.refuse([record.problem(key, reason, kind)])
    else:
        report.count(outcome.value)


def _problems(record: MappedRecord, exc: ValidationError, kind: str) -> list[Problem]:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return [
        record.problem(name, message, kind)
        for name, messages in errors.items()
        for message in messages
    ]
