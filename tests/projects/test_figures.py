"""Quarterly figures from the grid and from a file: checked by quarter and field, written
whole or not at all."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, regions_give
from tests.projects.conftest import signed_project
from zhaoshang.core.roles import Role
from zhaoshang.projects.figures.importing import FiguresImportRefused, figures_import
from zhaoshang.projects.figures.services import figures_save
from zhaoshang.projects.models import QuarterFigure
from zhaoshang.projects.quarters import quarter_add, quarter_label, quarter_of

pytestmark = pytest.mark.django_db


def _quarters():
    now = quarter_of(timezone.localdate())
    return quarter_add(now, -1), quarter_add(now, 1)


def test_the_grid_writes_planned_and_actual_figures(project, sihui_officer):
    past, _future = _quarters()
    figures_save(
        actor=sihui_officer,
        project=project,
        rows=[
            {
                "year": past[0],
                "quarter": past[1],
                "planned_investment": "1000000",
                "actual_investment": "800000",
                "actual_jobs": "40",
            }
        ],
    )
    figure = QuarterFigure.objects.get(project=project)
    assert (figure.actual_investment, figure.actual_jobs) == (800000, 40)


def test_actual_figures_for_a_future_quarter_are_refused_and_nothing_is_written(
    project, sihui_officer
):
    past, future = _quarters()
    with pytest.raises(ValidationError) as refused:
        figures_save(
            actor=sihui_officer,
            project=project,
            rows=[
                {"year": past[0], "quarter": past[1], "actual_tax": "5000"},
                {
                    "year": future[0],
                    "quarter": future[1],
                    "planned_tax": "9000",
                    "actual_tax": "100",
                },
            ],
        )
    key = f"{quarter_label(future)}.actual_tax"
    assert "has not begun" in refused.value.message_dict[key][0]
    assert not QuarterFigure.objects.exists()


def test_a_negative_investment_is_refused_naming_the_quarter_and_field(project, sihui_officer):
    past, _future = _quarters()
    with pytest.raises(ValidationError) as refused:
        figures_save(
            actor=sihui_officer,
            project=project,
            rows=[{"year": past[0], "quarter": past[1], "actual_investment": "-1"}],
        )
    [message] = refused.value.message_dict[f"{quarter_label(past)}.actual_investment"]
    assert "investment made, actual" in message
    assert "negative" in message


def _csv(*lines: str) -> io.BytesIO:
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def test_an_import_writes_every_row_of_a_good_file(project, sihui_officer):
    past, _future = _quarters()
    before = quarter_add(past, -1)
    stream = _csv(
        "项目编号,季度,计划到资,实际到资,实际税收",
        f"{project.pk},{quarter_label(before)},2000000,1500000,30000",
        f"{project.pk},{quarter_label(past)},2000000,2100000,",
    )
    outcome = figures_import(actor=sihui_officer, stream=stream, filename="figures.csv")
    assert (outcome.rows, outcome.written) == (2, 2)
    assert QuarterFigure.objects.filter(project=project).count() == 2


def test_an_import_with_a_duplicate_project_quarter_is_refused_whole(project, sihui_officer):
    past, _future = _quarters()
    stream = _csv(
        "project,quarter,actual investment",
        f"{project.pk},{quarter_label(past)},100",
        f"{project.pk},{quarter_label(quarter_add(past, -1))},100",
        f"{project.pk},{quarter_label(past)},200",
    )
    with pytest.raises(FiguresImportRefused) as refused:
        figures_import(actor=sihui_officer, stream=stream, filename="figures.csv")
    [problem] = refused.value.errors
    assert (problem.line, problem.column) == (4, "quarter")
    assert "given twice (first on line 2)" in problem.reason
    assert not QuarterFigure.objects.exists()


def test_an_xlsx_import_refuses_a_negative_investment_and_a_future_actual_by_line(
    project, sihui_officer
):
    past, future = _quarters()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["project", "quarter", "actual_investment", "actual_tax"])
    sheet.append([project.pk, quarter_label(past), -5, 10])
    sheet.append([project.pk, quarter_label(future), None, 10])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    with pytest.raises(FiguresImportRefused) as refused:
        figures_import(actor=sihui_officer, stream=data, filename="figures.xlsx")
    found = {(e.line, e.column) for e in refused.value.errors}
    assert found == {(2, "actual_investment"), (3, "actual_tax")}
    assert not QuarterFigure.objects.exists()


def test_an_import_cannot_write_to_a_project_the_officer_may_not_see(project, db):
    stranger = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    past, _future = _quarters()
    stream = _csv("project,quarter,actual tax", f"{project.pk},{quarter_label(past)},100")
    with pytest.raises(FiguresImportRefused) as refused:
        figures_import(actor=stranger, stream=stream, filename="figures.csv")
    assert refused.value.errors[0].column == "project"
    assert not QuarterFigure.objects.exists()


def test_a_second_project_in_the_file_is_written_too(sihui_officer):
    first, second = signed_project(sihui_officer), signed_project(sihui_officer)
    past, _future = _quarters()
    stream = _csv(
        "project,quarter,planned tax",
        f"{first.pk},{quarter_label(past)},100",
        f"{second.pk},{quarter_label(past)},100",
    )
    figures_import(actor=sihui_officer, stream=stream, filename="figures.csv")
    assert QuarterFigure.objects.count() == 2
