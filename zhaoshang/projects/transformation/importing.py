"""Transformation projects from a CSV or XLSX file: the registry's read stage (format,
encoding, hostile-file bounds), a header mapped by name (English or Chinese), every row
checked like the form, and the file written whole or not at all. A problem is reported by
line and column: an unknown credit code or one the officer does not see, a negative amount,
an end in the future, the same (enterprise, programme, project) twice in the file or
already recorded."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create
from zhaoshang.core.models import User
from zhaoshang.projects.models import TransformationProject
from zhaoshang.projects.transformation.access import enterprises_for_officer
from zhaoshang.projects.transformation.services import (
    _clean,
    level_by_rank,
    transformation_problems,
)
from zhaoshang.registry.domain.schema import RowError
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.read import Undecodable, read_cells

MAX_BYTES = 10 * 2**20
MAX_ROWS = 50_000
MAX_ERRORS = 500

HEADERS: dict[str, tuple[str, ...]] = {
    "uscc": ("credit code", "unified social credit code", "统一社会信用代码", "統一社會信用代碼"),
    "kind": ("programme", "program", "kind", "类型", "類型"),
    "title": ("project", "title", "项目名称", "項目名稱"),
    "description": ("what was done", "description", "内容", "內容"),
    "investment_yuan": ("investment", "investment yuan", "投资", "投資"),
    "equipment": ("equipment", "设备", "設備"),
    "started_on": ("start", "started on", "开始", "開始"),
    "completed_on": ("end", "completed on", "完成", "完成日期"),
    "subsidy_yuan": ("subsidy", "subsidy yuan", "补贴", "補貼"),
    "level_before": ("level before", "改造前等级", "改造前等級"),
    "level_after": ("level after", "改造后等级", "改造後等級"),
}
_BY_HEADER = {
    alias.replace("_", " ").casefold(): name
    for name, aliases in HEADERS.items()
    for alias in (*aliases, name)
}
KINDS = {
    "tech": TransformationProject.Kind.TECHNOLOGICAL,
    "technological": TransformationProject.Kind.TECHNOLOGICAL,
    "技术改造": TransformationProject.Kind.TECHNOLOGICAL,
    "技術改造": TransformationProject.Kind.TECHNOLOGICAL,
    "技改": TransformationProject.Kind.TECHNOLOGICAL,
    "digital": TransformationProject.Kind.DIGITAL,
    "数字化转型": TransformationProject.Kind.DIGITAL,
    "數字化轉型": TransformationProject.Kind.DIGITAL,
    "数字化": TransformationProject.Kind.DIGITAL,
}
TEMPLATE_HEADER = list(HEADERS)


@dataclass
class TransformationImport:
    rows: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)


class TransformationImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problems")


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        name = _BY_HEADER.get(text.strip().replace("_", " ").casefold())
        if name is not None and name not in columns:
            columns[name] = index
    return columns


def transformation_import(
    *, actor: User, stream: BinaryIO, filename: str, is_demo: bool = False
) -> TransformationImport:
    """Read, check and write the file; TransformationImportRefused when anything is wrong."""
    outcome = TransformationImport()
    try:
        rows = read_cells(stream, filename, max_bytes=MAX_BYTES)
        header_line, header = next(iter(rows), (1, []))
        columns = _columns(header)
        missing = [n for n in ("uscc", "kind", "title") if n not in columns]
        if missing:
            raise TransformationImportRefused(
                [
                    RowError(
                        header_line, n, "", _("The header has no column “%(name)s”.") % {"name": n}
                    )
                    for n in missing
                ]
            )
        checked = _check(actor, rows, columns, outcome)
    except TableFileError as exc:
        raise TransformationImportRefused([RowError(0, "", "", exc.message(_))]) from None
    if outcome.errors:
        raise TransformationImportRefused(outcome.errors)
    now = timezone.now()
    with transaction.atomic():
        for enterprise_id, values in checked:
            project = TransformationProject.objects.create(
                enterprise_id=enterprise_id,
                proposed_by=actor,
                status=TransformationProject.Status.CONFIRMED,
                decided_by=actor,
                decided_at=now,
                is_demo=is_demo,
                created_at=now,
                updated_at=now,
                **_clean(values),
            )
            audit_create(actor=actor, instance=project)
            outcome.written += 1
    return outcome


def _amount(text: str) -> Decimal | str | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    return value if value.is_finite() else text


def _date(text: str) -> datetime.date | str | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return text


def _check(
    actor: User,
    rows: Iterable[tuple[int, Any]],
    columns: dict[str, int],
    outcome: TransformationImport,
) -> list[tuple[int, dict[str, Any]]]:
    errors = outcome.errors
    levels = level_by_rank()
    pending: list[tuple[int, str, dict[str, Any]]] = []
    first_line: dict[tuple[str, str, str], int] = {}

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for line, cells in rows:
        outcome.rows += 1
        if outcome.rows > MAX_ROWS:
            errors.append(
                RowError(
                    line, "", "", _("A file may hold at most %(count)s rows.") % {"count": MAX_ROWS}
                )
            )
            break
        if isinstance(cells, Undecodable):
            errors.append(
                RowError(
                    line,
                    "",
                    "",
                    _("This line is not text in %(encoding)s.") % {"encoding": cells.encoding},
                )
            )
            continue
        uscc = cell(cells, "uscc").upper()
        kind_text = cell(cells, "kind")
        values: dict[str, Any] = {
            "kind": KINDS.get(kind_text.casefold(), kind_text),
            "title": cell(cells, "title"),
            "description": cell(cells, "description"),
            "equipment": cell(cells, "equipment"),
        }
        raw: dict[str, str] = {}
        for name in ("investment_yuan", "subsidy_yuan"):
            raw[name] = cell(cells, name)
            amount = _amount(raw[name])
            if isinstance(amount, str):
                errors.append(RowError(line, name, amount, _("Give an amount in yuan.")))
                amount = None
            values[name] = amount
        for name in ("started_on", "completed_on"):
            raw[name] = cell(cells, name)
            day = _date(raw[name])
            if isinstance(day, str):
                errors.append(RowError(line, name, day, _("Give a date such as 2025-06-30.")))
                day = None
            values[name] = day
        for name in ("level_before", "level_after"):
            raw[name] = cell(cells, name)
            values[name] = None
            if raw[name]:
                level = levels.get(int(raw[name])) if raw[name].isdigit() else None
                if level is None:
                    errors.append(
                        RowError(line, name, raw[name], _("Give a level of the maturity scale."))
                    )
                values[name] = level
        for name, problems in transformation_problems(values).items():
            shown = raw.get(name, str(values.get(name) or ""))
            errors.extend(RowError(line, name, shown, problem) for problem in problems)
        key = (uscc, str(values["kind"]), values["title"].casefold())
        if key in first_line:
            errors.append(
                RowError(
                    line,
                    "title",
                    values["title"],
                    _("This project is given twice (first on line %(line)s).")
                    % {"line": first_line[key]},
                )
            )
        first_line.setdefault(key, line)
        pending.append((line, uscc, values))
        if len(errors) >= MAX_ERRORS:
            break
    codes = {uscc for _line, uscc, _values in pending}
    seen = dict(enterprises_for_officer(actor).filter(uscc__in=codes).values_list("uscc", "pk"))
    recorded = set(
        TransformationProject.objects.filter(enterprise_id__in=seen.values()).values_list(
            "enterprise_id", "kind", "title"
        )
    )
    recorded_keys = {(e, k, t.casefold()) for e, k, t in recorded}
    checked = []
    for line, uscc, values in pending:
        enterprise_id = seen.get(uscc)
        if enterprise_id is None:
            errors.append(
                RowError(
                    line,
                    "uscc",
                    uscc,
                    _("There is no enterprise with this credit code that you may see."),
                )
            )
            continue
        if (enterprise_id, values["kind"], values["title"].casefold()) in recorded_keys:
            errors.append(
                RowError(line, "title", values["title"], _("This project is already recorded."))
            )
            continue
        checked.append((enterprise_id, values))
    return checked
