"""The write stage: each mapped record through ``services.site_upsert`` — the checks of the
forms and the API, one transaction a record, an unchanged site left unwritten — and its
outcome or its problems into the report. A record with a problem from the map stage is not
offered to the services at all."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from zhaoshang.core.models import User
from zhaoshang.sites import services
from zhaoshang.sites.imports.fields import KEY, MODELS
from zhaoshang.sites.imports.mapping import Mapped, MappedRecord
from zhaoshang.sites.imports.report import Problem, SiteImportReport


def write_records(
    mapped: Mapped, *, actor: User | None, dry_run: bool, report: SiteImportReport
) -> None:
    model: Any = MODELS[mapped.kind]  # one of the three; site_upsert is generic
    for record in mapped.records:
        if record.problems:
            report.refuse(record.problems)
            continue
        try:
            _site, outcome = services.site_upsert(
                model, actor=actor, values=record.values, dry_run=dry_run
            )
        except ValidationError as exc:
            report.refuse(_problems(record, exc, mapped.kind))
        except IntegrityError:  # written by someone else since it was looked up
            key = KEY[mapped.kind]
            reason = _("“%(value)s” is taken already.") % {"value": record.values.get(key)}
            report.refuse([record.problem(key, reason, mapped.kind)])
        else:
            report.count(outcome.value)


def _problems(record: MappedRecord, exc: ValidationError, kind: str) -> list[Problem]:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return [
        record.problem(name, message, kind)
        for name, messages in errors.items()
        for message in messages
    ]
