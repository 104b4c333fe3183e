"""The officers' import pages: the upload, the preview with its column mapping, the
import's progress and report, its error file, and the blank template."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from zhaoshang.core.models import PrivateFile, Task
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.core.private_files import private_path
from zhaoshang.registry import selectors, services
from zhaoshang.registry.display import field_label
from zhaoshang.registry.domain.schema import COLUMNS, RowError
from zhaoshang.registry.forms import EnterpriseEditForm, ImportForm
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.mapping import (
    HEADER_WITHIN,
    HOW,
    ColumnMapping,
    MappingError,
    Suggestion,
    mapping_from_choices,
    mapping_from_saved,
    suggest_for_file,
)
from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.registry.table_writing import write_errors, write_template

UPLOAD_MAX_BYTES = 200 * 1024 * 1024


@permission_needed("registry.import_enterprises")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: the file. It is read far enough to know it is a table, kept privately, and
    the officer goes on to map its columns."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            limit = filesizeformat(UPLOAD_MAX_BYTES)
            form.add_error("file", _("The file is larger than the limit of %s.") % limit)
        else:
            try:
                suggest_for_file(upload, upload.name)
            except TableFileError as exc:
                form.add_error("file", exc.message(_))
            else:
                upload.seek(0)
                file = services.import_file_keep(actor=request_user(request), upload=upload)
                return redirect("registry-import-map", pk=file.pk)
    return render(request, "registry/import.html", {"form": form})


def _own_file(request: HttpRequest, pk: int) -> PrivateFile:
    file = get_object_or_404(PrivateFile, pk=pk, kind=services.IMPORT_FILE_KIND)
    if file.owner_id != request.user.pk:
        raise PermissionDenied
    return file


def _header_row_asked(value: str | None) -> int | None:
    """A whole number from a form (a header row's line, a saved mapping's id), or None."""
    if value is None or value == "":
        return None
    try:
        return max(0, int(value))
    except ValueError:
        return None


@permission_needed("registry.import_enterprises")
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the preview and the column mapping. GET shows the first rows, the header row
    chosen (the officer may pick another, or none) and each column's field with how sure it
    is, a saved mapping for files with the same columns preselected; POST takes the mapping,
    saves it under a name if one is given, and queues the import."""
    file = _own_file(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    asked_row = _header_row_asked(data.get("header_row"))
    problem = ""
    try:
        with private_path(file).open("rb") as stream:
            suggestion = suggest_for_file(stream, file.name, header_row=asked_row)
    except TableFileError as exc:
        messages.error(request, exc.message(_))
        return redirect("registry-import")
    except MappingError as exc:
        problem = exc.message(_)
        with private_path(file).open("rb") as stream:
            suggestion = suggest_for_file(stream, file.name)
    saved = None
    saved_id = data.get("saved", "")
    if saved_id:
        saved = selectors.import_mappings().filter(pk=_header_row_asked(saved_id) or 0).first()
    elif "saved" not in data:
        saved = selectors.import_mapping_for(suggestion.signature)
    mapping = suggestion.mapping()
    if saved is not None:
        row = saved.header_row if asked_row is None else asked_row
        if row != suggestion.header_row:
            with private_path(file).open("rb") as stream:
                suggestion = suggest_for_file(stream, file.name, header_row=row)
        try:
            mapping = mapping_from_saved(suggestion, saved.fields, row)
        except MappingError:
            mapping = suggestion.mapping()
    if request.method == "POST" and not problem:
        chosen = {i: request.POST.get(f"column-{i}", "") for i in range(suggestion.width)}
        try:
            mapping = mapping_from_choices(suggestion, chosen)
        except MappingError as exc:
            problem = exc.message(_)
        else:
            name = request.POST.get("save_as", "").strip()
            user = request_user(request)
            try:
                if name:
                    services.import_mapping_save(
                        actor=user, name=name, signature=suggestion.signature, mapping=mapping
                    )
            except ValidationError as exc:
                problem = " ".join(exc.messages)
            else:
                task = services.import_start(
                    actor=user,
                    file=file,
                    mapping=mapping,
                    dry_run=request.POST.get("dry_run") == "on",
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                    mapping_name=name or (saved.name if saved else ""),
                )
                return redirect("registry-import-task", pk=task.pk)
    return render(
        request,
        "registry/import_map.html",
        {
            "file": file,
            "suggestion": suggestion,
            "columns": _mapping_columns(suggestion, mapping),
            "rows": _preview_rows(suggestion),
            "header_choices": [line for line, _cells in suggestion.rows[:HEADER_WITHIN]],
            "field_choices": _field_choices(),
            "saved": saved,
            "saved_choices": selectors.import_mappings(),
            "problem": problem,
            "save_as": request.POST.get("save_as", "") if request.method == "POST" else "",
        },
        status=400 if problem else 200,
    )


def _field_choices() -> list[tuple[str, str]]:
    out = []
    for column in COLUMNS:
        name = _field_name(column.key)
        out.append((column.key, name if column.zh.startswith(name) else f"{name} · {column.zh}"))
    return out


def _field_name(key: str) -> str:
    """A field's label as on the enterprise's form, else as the models name it."""
    if key in EnterpriseEditForm.base_fields:
        return field_label(key)
    for model in (Enterprise, YearlyFigures):
        try:
            found = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if isinstance(found, Field):
            return capfirst(str(found.verbose_name))
    return field_label(key)


def _mapping_columns(suggestion: Suggestion, mapping: ColumnMapping) -> list[dict[str, Any]]:
    out = []
    for column in suggestion.columns:
        key = mapping.fields[column.index] if column.index < mapping.width else ""
        how = column.how if key == column.key else "chosen"
        out.append(
            {
                "index": column.index,
                "letter": column.letter,
                "header": column.header,
                "key": key,
                "how": how,
                "how_text": _(HOW[how]),
                "unsure": how in ("similar", "values"),
                "samples": [s for s in column.samples if s][:3],
            }
        )
    return out


def _preview_rows(suggestion: Suggestion) -> list[dict[str, Any]]:
    """The rows up to the header row, then ten rows of data, padded to the columns."""
    out = []
    shown = 0
    for line, cells in suggestion.rows:
        if line > suggestion.header_row:
            shown += 1
            if shown > 10:
                break
        padded = [*cells[: suggestion.width], *[""] * (suggestion.width - len(cells))]
        kind = (
            "header"
            if line == suggestion.header_row
            else "above"
            if line < suggestion.header_row
            else "data"
        )
        title = " · ".join(cell for cell in cells if cell) if kind == "above" else ""
        out.append({"line": line, "cells": padded, "kind": kind, "title": title})
    return out


def _own_task(request: HttpRequest, pk: int) -> Task:
    task = get_object_or_404(Task, pk=pk, name="registry.import_enterprises")
    if task.created_by_id != request.user.pk and not request.user.has_perm("core.view_auditevent"):
        raise PermissionDenied
    return task


@permission_needed("registry.import_enterprises")
def import_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = _own_task(request, pk)
    template = (
        "registry/_import_progress.html"
        if request.headers.get("HX-Request")
        else "registry/import_task.html"
    )
    return render(request, template, {"task": task})


@permission_needed("registry.import_enterprises")
def import_errors(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    task = _own_task(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    errors = [RowError(**e) for e in task.result.get("errors", [])]
    out = io.BytesIO()
    language = "zh" if (translation.get_language() or "").startswith("zh") else "en"
    write_errors(errors, fmt, out, language=language)
    response = HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="import-{task.pk}-errors.{fmt}"'
    return response


@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    out = io.BytesIO()
    language = "zh" if (translation.get_language() or "").startswith("zh") else "en"
    write_template(fmt, out, language=language)
    response = HttpResponse(out.getvalue(), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="enterprises-template.{fmt}"'
    return response
