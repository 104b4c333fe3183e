"""Quarterly figures, planned and actual: checked row by row (the reason names the quarter
and the field), then written all together or not at all. The grid form, the API and the
file import share this check and this write."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core.audit import audit_create, audit_delete, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.projects.models import Project, QuarterFigure
from zhaoshang.projects.quarters import Quarter, quarter_label, quarter_start
from zhaoshang.projects.services import number_problem

MONEY = ("investment", "output", "tax")
FIGURES = (*MONEY, "jobs")
VALUE_FIELDS = tuple(f"{side}_{name}" for name in FIGURES for side in ("planned", "actual"))
FIELD_LABELS = {
    "planned_investment": gettext_lazy("investment made, planned"),
    "actual_investment": gettext_lazy("investment made, actual"),
    "planned_output": gettext_lazy("output, planned"),
    "actual_output": gettext_lazy("output, actual"),
    "planned_tax": gettext_lazy("taxes, planned"),
    "actual_tax": gettext_lazy("taxes, actual"),
    "planned_jobs": gettext_lazy("jobs, planned"),
    "actual_jobs": gettext_lazy("jobs, actual"),
}
FIRST_YEAR = 1990


@dataclass(frozen=True)
class FigureRow:
    """One quarter's checked figures for one project."""

    project_id: int
    quarter: Quarter
    values: dict[str, Decimal | int | None]


def figure_row_problems(
    raw: Mapping[str, Any], *, today: datetime.date
) -> tuple[dict[str, Decimal | int | None], dict[str, str]]:
    """The values of one quarter's row and the problems by field (``year``, ``quarter`` and
    VALUE_FIELDS): not a number, negative, an actual for a quarter that has not begun."""
    problems: dict[str, str] = {}
    values: dict[str, Decimal | int | None] = {}
    for name in VALUE_FIELDS:
        number, problem = number_problem(raw.get(name), whole=name.endswith("_jobs"))
        if problem:
            problems[name] = problem
        values[name] = int(number) if number is not None and name.endswith("_jobs") else number
    year, quarter = raw.get("year"), raw.get("quarter")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year + 30:
        problems["year"] = _("Give a year from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": today.year + 30,
        }
    if not isinstance(quarter, int) or not 1 <= quarter <= 4:
        problems["quarter"] = _("Give a quarter from 1 to 4.")
    if "year" not in problems and "quarter" not in problems:
        assert isinstance(year, int)
        assert isinstance(quarter, int)
        if quarter_start((year, quarter)) > today:
            for name in VALUE_FIELDS:
                if name.startswith("actual_") and values[name] is not None:
                    problems[name] = _(
                        "%(quarter)s has not begun: actual figures are entered once they exist."
                    ) % {"quarter": quarter_label((year, quarter))}
    return values, problems


def figures_check(
    project: Project, rows: Iterable[Mapping[str, Any]], *, today: datetime.date | None = None
) -> list[FigureRow]:
    """Check a project's rows; ValidationError keyed ``<quarter>.<field>`` (2025Q3.
    actual_tax) with each reason, a quarter given twice refused."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    checked: list[FigureRow] = []
    seen: set[Quarter] = set()
    for index, raw in enumerate(rows, start=1):
        values, problems = figure_row_problems(raw, today=today)
        if "year" in problems or "quarter" in problems:
            for name, problem in problems.items():
                errors[f"row{index}.{name}"] = [problem]
            continue
        quarter = (int(raw["year"]), int(raw["quarter"]))
        label = quarter_label(quarter)
        for name, problem in problems.items():
            errors[f"{label}.{name}"] = [f"{label}, {FIELD_LABELS[name]}: {problem}"]
        if quarter in seen:
            errors[f"{label}.quarter"] = [_("%(quarter)s is given twice.") % {"quarter": label}]
        seen.add(quarter)
        checked.append(FigureRow(project.pk, quarter, values))
    if errors:
        raise ValidationError(errors)
    return checked


def figures_write(*, actor: User | None, rows: Iterable[FigureRow]) -> int:
    """Write checked rows (inside the caller's transaction): each quarter's row created,
    changed, or removed when all its values are empty. Returns how many rows changed."""
    rows = list(rows)
    keys = {(r.project_id, r.quarter[0], r.quarter[1]) for r in rows}
    project_ids = {r.project_id for r in rows}
    existing = {
        (f.project_id, f.year, f.quarter): f
        for f in QuarterFigure.objects.select_for_update().filter(project_id__in=project_ids)
        if (f.project_id, f.year, f.quarter) in keys
    }
    changed = 0
    now = timezone.now()
    for row in rows:
        found = existing.get((row.project_id, *row.quarter))
        empty = all(v is None for v in row.values.values())
        if found is None:
            if empty:
                continue
            figure = QuarterFigure.objects.create(
                project_id=row.project_id,
                year=row.quarter[0],
                quarter=row.quarter[1],
                updated_at=now,
                **row.values,
            )
            audit_create(actor=actor, instance=figure)
            changed += 1
        elif empty:
            pk = found.pk
            found.delete()
            audit_delete(actor=actor, instance=found, object_id=pk)
            changed += 1
        else:
            before = snapshot(found)
            for name, value in row.values.items():
                setattr(found, name, value)
            if snapshot(found) != before:
                found.updated_at = now
                found.save()
                audit_update(actor=actor, instance=found, before=before)
                changed += 1
    if project_ids:
        Project.objects.filter(pk__in=project_ids).update(updated_at=now)
    return changed


def figures_save(*, actor: User | None, project: Project, rows: Iterable[Mapping[str, Any]]) -> int:
    """Check and write a project's quarterly rows: all of them, or none."""
    checked = figures_check(project, rows)
    with transaction.atomic():
        return figures_write(actor=actor, rows=checked)
