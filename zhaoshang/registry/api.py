"""Registry endpoints: list, read, create and change enterprises, with the same checks as
an imported row.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
import json
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import (
    Amount,
    Code,
    Id,
    Line,
    Lines,
    Name,
    Pagination,
    omitted,
    responses,
)
from zhaoshang.core.models import Task, User
from zhaoshang.core.permissions import api_require
from zhaoshang.registry import selectors, services
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.mapping import (
    PREVIEW_ROWS,
    ColumnMapping,
    MappingError,
    header_row_of,
    mapping_from_json,
    mapping_from_saved,
    suggest_for_file,
)
from zhaoshang.registry.models import Enterprise

router = Router(tags=["registry"])


class FiguresOut(Schema):
    year: int
    revenue: Decimal | None
    rd_expenditure: Decimal | None
    employees: int | None
    taxes_paid: Decimal | None
    export_value: Decimal | None
    output_value: Decimal | None


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    name_en: str
    region_code: str | None
    address: str
    industry_code: str
    founded_on: datetime.date | None
    registered_capital: Decimal | None
    registered_capital_text: str
    ownership: str
    foreign_country: str
    high_tech_cert_no: str
    high_tech_issued_on: datetime.date | None
    high_tech_expires_on: datetime.date | None
    specialised_new_on: datetime.date | None
    little_giant_on: datetime.date | None
    listed_on: datetime.date | None
    business_scope: str
    main_products: str
    latest_year: int | None
    latest_revenue: Decimal | None
    above_designated_size: bool

    @staticmethod
    def resolve_region_code(obj: Enterprise) -> str | None:
        return obj.region_id


class EnterpriseDetailOut(EnterpriseOut):
    figures: list[FiguresOut]

    @staticmethod
    def resolve_figures(obj: Enterprise) -> Any:
        return list(selectors.enterprise_figures(obj))


class EnterpriseFilterIn(Schema):
    q: Name = ""
    region: Code = ""
    industry: Code = ""
    above_designated_size: bool | None = None
    qualification: list[Code] = Field([], max_length=20)
    revenue_min: Amount | None = None
    revenue_max: Amount | None = None
    missing: Code = Field("", description="region or industry: enterprises imported without it")


class EnterpriseIn(Schema):
    """Values as text or numbers, checked exactly like a row of an import file."""

    uscc: Code
    name: Name
    name_en: Name = ""
    region_code: Code = ""
    address: Line = ""
    industry_code: Code = ""
    founded_on: Code = ""
    registered_capital: Code = Field("", description="万元, or with a unit: 1,000万美元")
    registered_capital_text: Line = ""
    ownership: Code = ""
    foreign_country: Code = ""
    high_tech_cert_no: Code = ""
    high_tech_issued_on: Code = ""
    high_tech_expires_on: Code = ""
    specialised_new_on: Code = ""
    little_giant_on: Code = ""
    listed_on: Code = ""
    business_scope: Lines = ""
    main_products: Lines = ""
    year: Code = ""
    revenue: Code = ""
    rd_expenditure: Code = ""
    employees: Code = ""
    taxes_paid: Code = ""
    export_value: Code = ""
    output_value: Code = ""


class EnterprisePatch(Schema):
    """The values to change, as text; a field left out keeps its value, an empty text
    clears it."""

    name: Name = omitted()
    name_en: Name = omitted()
    region_code: Code = omitted()
    address: Line = omitted()
    industry_code: Code = omitted()
    founded_on: Code = omitted()
    registered_capital: Code = omitted()
    registered_capital_text: Line = omitted()
    ownership: Code = omitted()
    foreign_country: Code = omitted()
    high_tech_cert_no: Code = omitted()
    high_tech_issued_on: Code = omitted()
    high_tech_expires_on: Code = omitted()
    specialised_new_on: Code = omitted()
    little_giant_on: Code = omitted()
    listed_on: Code = omitted()
    business_scope: Lines = omitted()
    main_products: Lines = omitted()
    year: Code = omitted()
    revenue: Code = omitted()
    rd_expenditure: Code = omitted()
    employees: Code = omitted()
    taxes_paid: Code = omitted()
    export_value: Code = omitted()
    output_value: Code = omitted()


class EnterprisePath(Schema):
    uscc: Code


@router.get(
    "/enterprises",
    response=responses({200: list[EnterpriseOut]}, 403, 422),
    summary="Enterprises, filtered",
)
@paginate(Pagination)
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilterIn]) -> Any:
    api_require(request, "registry.view_enterprise")
    return selectors.enterprises(
        selectors.EnterpriseFilter(
            text=filters.q,
            region=filters.region,
            industry=filters.industry,
            above_designated_size=filters.above_designated_size,
            qualifications=tuple(filters.qualification),
            revenue_min=filters.revenue_min,
            revenue_max=filters.revenue_max,
            missing=filters.missing if filters.missing in selectors.MISSING else "",
        )
    )


@router.get(
    "/enterprises/{uscc}",
    response=responses({200: EnterpriseDetailOut}, 403, 404, 422),
    summary="One enterprise",
)
def enterprise_detail(request: HttpRequest, path: Path[EnterprisePath]) -> Any:
    api_require(request, "registry.view_enterprise")
    return get_object_or_404(Enterprise, uscc=path.uscc.strip().upper())


def _save(user: User, raw: dict[str, Any]) -> tuple[Enterprise, bool]:
    try:
        record = services.enterprise_validate(raw)
    except ValidationError as exc:
        raise HttpError(422, validation_detail(exc)) from exc
    return services.enterprise_save(actor=user, record=record)


@router.post(
    "/enterprises",
    response=responses({201: EnterpriseDetailOut}, 400, 403, 409, 422),
    summary="Add an enterprise (checked like an imported row)",
)
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Any:
    user = api_require(request, "registry.add_enterprise")
    if Enterprise.objects.filter(uscc=payload.uscc.strip().upper()).exists():
        return Status(409, {"detail": "uscc: an enterprise with this code exists; use PATCH"})
    enterprise, _created = _save(user, payload.dict())
    return Status(201, enterprise)


@router.patch(
    "/enterprises/{uscc}",
    response=responses({200: EnterpriseDetailOut}, 400, 403, 404, 422),
    summary="Change an enterprise (checked like an imported row)",
)
def enterprise_update(
    request: HttpRequest, path: Path[EnterprisePath], payload: EnterprisePatch
) -> Any:
    user = api_require(request, "registry.change_enterprise")
    enterprise = get_object_or_404(Enterprise, uscc=path.uscc.strip().upper())
    raw = {**services.enterprise_as_raw(enterprise), **payload.dict(exclude_unset=True)}
    saved, _created = _save(user, raw)
    return saved


# --- imports ----------------------------------------------------------------------------

IMPORT_MAX_BYTES = 200 * 1024 * 1024


class ImportIn(Schema):
    """How to read the file: a saved mapping's name or a mapping as JSON text
    ({"header_row": 3, "columns": {"B": "name", "D": "uscc"}}); without one, the mapping
    suggested from the headers and values."""

    mapping: Annotated[str, Field(max_length=20_000)] = ""
    header_row: Annotated[int, Field(ge=0, le=PREVIEW_ROWS)] | None = None
    no_header: bool = False
    dry_run: bool = False


class ImportOut(Schema):
    task_id: int
    header_row: int
    columns: dict[str, str]
    ignored_columns: list[str]
    personal_columns: list[str]


class ImportStatusOut(Schema):
    task_id: int
    status: str
    result: dict[str, Any]


def _import_mapping(upload: Any, options: ImportIn) -> tuple[ColumnMapping, str]:
    """The mapping the options give for the file; HttpError 422 naming the field."""
    header_row = 0 if options.no_header else options.header_row
    text = options.mapping.strip()
    saved = None
    data: Any = None
    try:
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise HttpError(422, f"mapping: not valid JSON ({exc})") from exc
            from_json = header_row_of(data)
            header_row = from_json if header_row is None else header_row
        elif text:
            saved = selectors.import_mappings().filter(name=text).first()
            if saved is None:
                raise HttpError(422, f"mapping: no saved mapping is named {text!r}")
            header_row = saved.header_row if header_row is None else header_row
        suggestion = suggest_for_file(upload, upload.name or "upload", header_row=header_row)
        if saved is not None:
            mapping = mapping_from_saved(suggestion, saved.fields, suggestion.header_row)
        elif data is not None:
            mapping = mapping_from_json(data, suggestion)
        else:
            mapping = suggestion.mapping()
            mapping.check()
    except TableFileError as exc:
        raise HttpError(422, f"file: {exc.message(gettext)}") from exc
    except MappingError as exc:
        where = exc.where if exc.where == "header_row" else f"mapping.{exc.where}"
        raise HttpError(422, f"{where}: {exc.message(gettext).split(': ', 1)[1]}") from exc
    upload.seek(0)
    return mapping, saved.name if saved is not None else ""


@router.post(
    "/imports",
    response=responses({202: ImportOut}, 400, 403, 413, 422),
    summary="Import an enterprise file (CSV or XLSX) with a column mapping, in the background",
)
def import_create(request: HttpRequest, file: File[UploadedFile], options: Form[ImportIn]) -> Any:
    user = api_require(request, "registry.import_enterprises")
    if (file.size or 0) > IMPORT_MAX_BYTES:
        return Status(413, {"detail": f"file: larger than the limit of {IMPORT_MAX_BYTES:,} bytes"})
    mapping, name = _import_mapping(file, options)
    task = services.import_submit(
        actor=user,
        upload=file,
        dry_run=options.dry_run,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        mapping=mapping,
        mapping_name=name,
    )
    return Status(
        202,
        {
            "task_id": task.pk,
            "header_row": mapping.header_row,
            "columns": mapping.as_json()["columns"],
            "ignored_columns": mapping.ignored(),
            "personal_columns": mapping.personal_columns(),
        },
    )


class ImportPath(Schema):
    task_id: Id


@router.get(
    "/imports/{task_id}",
    response=responses({200: ImportStatusOut}, 403, 404, 422),
    summary="An import's status and, once done, its report",
)
def import_status(request: HttpRequest, path: Path[ImportPath]) -> Any:
    user = api_require(request, "registry.import_enterprises")
    task = get_object_or_404(Task, pk=path.task_id, name="registry.import_enterprises")
    if task.created_by_id != user.pk and not user.has_perm("core.view_auditevent"):
        raise HttpError(403, "task_id: not an import of yours")
    return {"task_id": task.pk, "status": task.status, "result": task.result or {}}
