"""Quarterly figures from a CSV or XLSX file: the registry's read stage (format, encoding,
hostile-file bounds), a header row mapped by name (English or Chinese), every row checked
like the grid form, and the file written whole or not at all. A problem is reported by
line and column; a (project, quarter) given twice, an actual for a quarter that has not
begun, a negative figure, a project the officer cannot see: the whole file is refused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.models import User
from zhaoshang.projects.access import projects_visible_to
from zhaoshang.projects.figures.services import (
    VALUE_FIELDS,
    FigureRow,
    figure_row_problems,
    figures_write,
)
from zhaoshang.projects.quarters import Quarter, quarter_label, quarter_parse
from zhaoshang.registry.domain.schema import RowError
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.read import Undecodable, read_cells

MAX_BYTES = 10 * 2**20
MAX_ROWS = 50_000
MAX_ERRORS = 500

HEADERS: dict[str, tuple[str, ...]] = {
    "project": ("project", "project id", "项目", "项目编号", "項目編號"),
    "year": ("year", "年份", "年度"),
    "quarter": ("quarter", "季度"),
    "planned_investment": ("planned investment", "计划到资", "計劃到資"),
    "actual_investment": ("actual investment", "实际到资", "實際到資"),
    "planned_output": ("planned output", "计划产值", "計劃產值"),
    "actual_output": ("actual output", "实际产值", "實際產值"),
    "planned_tax": ("planned tax", "计划税收", "計劃稅收"),
    "actual_tax": ("actual tax", "实际税收", "實際稅收"),
    "planned_jobs": ("planned jobs", "计划就业", "計劃就業"),
    "actual_jobs": ("actual jobs", "实际就业", "實際就業"),
}
_BY_HEADER = {
    alias.replace("_", " ").casefold(): name
    for name, aliases in HEADERS.items()
    for alias in (*aliases, name)
}
TEMPLATE_HEADER = ["project", "year", "quarter", *VALUE_FIELDS]


@dataclass
class FiguresImport:
    rows: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)


class FiguresImportRefused(Exception):
    """The file is refused as a whole; ``errors`` say why, by line and column."""

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


def figures_import(*, actor: User, stream: BinaryIO, filename: str) -> FiguresImport:
    """Read, check and write the file; FiguresImportRefused when anything is wrong."""
    outcome = FiguresImport()
    errors = outcome.errors
    try:
        rows = read_cells(stream, filename, max_bytes=MAX_BYTES)
        header_line, header = next(iter(rows), (1, []))
        columns = _columns(header)
        missing = [n for n in ("project", "quarter") if n not in columns]
        if missing:
            raise FiguresImportRefused(
                [
                    RowError(
                        header_line,
                        name,
                        "",
                        _("The header has no column “%(name)s”.") % {"name": name},
                    )
                    for name in missing
                ]
            )
        checked = _check(actor, rows, columns, outcome)
    except TableFileError as exc:
        raise FiguresImportRefused([RowError(0, "", "", exc.message(_))]) from None
    if errors:
        raise FiguresImportRefused(errors)
    with transaction.atomic():
        outcome.written = figures_write(actor=actor, rows=checked)
    return outcome


def _check(
    actor: User,
    rows: Iterable[tuple[int, list[str]]],
    columns: dict[str, int],
    outcome: FiguresImport,
) -> list[FigureRow]:
    today = timezone.localdate()
    errors = outcome.errors
    pending: list[tuple[int, str, Quarter, dict]] = []
    first_line: dict[tuple[str, Quarter], int] = {}

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
        project = cell(cells, "project")
        text = cell(cells, "quarter")
        if "year" in columns and cell(cells, "year") and text.isdigit():
            text = f"{cell(cells, 'year')}Q{text}"
        quarter = quarter_parse(text)
        if not project.isdigit():
            errors.append(RowError(line, "project", project, _("Give the project's number.")))
        if quarter is None:
            errors.append(RowError(line, "quarter", text, _("Give a quarter such as 2025Q3.")))
        if not project.isdigit() or quarter is None:
            continue
        raw: dict = {name: cell(cells, name) for name in VALUE_FIELDS}
        raw["year"], raw["quarter"] = quarter
        values, problems = figure_row_problems(raw, today=today)
        for name, problem in problems.items():
            errors.append(RowError(line, name, str(raw.get(name, "")), problem))
        key = (project, quarter)
        if key in first_line:
            errors.append(
                RowError(
                    line,
                    "quarter",
                    quarter_label(quarter),
                    _("Project %(project)s, %(quarter)s is given twice (first on line %(line)s).")
                    % {
                        "project": project,
                        "quarter": quarter_label(quarter),
                        "line": first_line[key],
                    },
                )
            )
        first_line.setdefault(key, line)
        pending.append((line, project, quarter, values))
        if len(errors) >= MAX_ERRORS:
            break
    ids = {int(p) for _line, p, _q, _v in pending}
    seen = set(projects_visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    for line, project, _quarter, _values in pending:
        if int(project) not in seen:
            errors.append(
                RowError(
                    line,
                    "project",
                    project,
                    _("There is no project %(project)s that you may see.") % {"project": project},
                )
            )
    return [FigureRow(int(p), q, v) for _line, p, q, v in pending]
