"""Demo data of signed projects: Sihui's demo leads that signed (their projects opened when
they moved) get a contract, promised and actual milestone dates (some late, some overdue)
and quarterly figures, all marked as demonstration data; then the day's warnings are
computed (without notifying: the daily task notifies what it raises later). Loaded once:
a project marked as demonstration data is left alone."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import SIGNED_STAGES
from zhaoshang.projects.figures.services import figures_save
from zhaoshang.projects.milestones import ORDER
from zhaoshang.projects.models import Project
from zhaoshang.projects.oversight.warnings import warnings_compute
from zhaoshang.projects.quarters import quarter_add, quarter_index, quarter_of
from zhaoshang.projects.services import milestones_record, project_contract_save, project_open

SEED = 17
SIHUI = "441284"
# Days after the contract each milestone is promised for.
PROMISED_AFTER = (45, 100, 260, 380, 450, 640)
# How many milestones a lead in each stage has reached.
REACHED = {"signed": 1, "construction": 2, "operating": 5}


def load(*, demo_password: str, out: TextIO) -> None:
    leads = Lead.objects.filter(
        region_id=SIHUI, stage__in=SIGNED_STAGES, signed_on__isnull=False
    ).order_by("id")
    rng = random.Random(SEED)
    made = 0
    for index, lead in enumerate(leads):
        project = project_open(actor=None, lead=lead)
        if project.is_demo:
            continue
        officer = lead.officers.order_by("id").first()
        _fill(project, lead, officer, index=index, rng=rng)
        made += 1
    if made:
        # Raised without notifications: thirty-odd at once would bury the demo's own
        # reminders (and a two-digit badge overflows the English header at 1366 px).
        report = warnings_compute(notify=False)
        out.write(f"signed projects: {made} with contracts and figures; {report.open} warnings\n")
    from zhaoshang.projects.targets import demo as targets_demo

    targets_demo.load(out=out)


def _fill(project: Project, lead: Lead, officer: object, *, index: int, rng: random.Random) -> None:
    today = timezone.localdate()
    signed = lead.signed_on
    assert signed is not None
    # Contracts of the demo are signed 1 to 3 years back, so that milestones have come due.
    contract = min(signed, today - datetime.timedelta(days=rng.randint(300, 1000)))
    investment = lead.investment_yuan or Decimal("50000000")
    land = lead.land_mu or Decimal("30")
    output = (investment * Decimal("1.6")).quantize(Decimal("1"))
    tax = (output * Decimal("0.05")).quantize(Decimal("1"))
    planned = {
        kind: contract + datetime.timedelta(days=days + rng.randint(-10, 30))
        for kind, days in zip(ORDER, PROMISED_AFTER, strict=True)
    }
    project_contract_save(
        actor=officer,  # type: ignore[arg-type]
        project=project,
        values={
            "contract_on": contract,
            "parties": f"四会市投资促进中心；{lead.company}",
            "investment_yuan": investment,
            "output_yuan": output,
            "tax_yuan": tax,
            "jobs": lead.jobs,
            "intensity_yuan_per_mu": (investment / land).quantize(Decimal("1")),
            "tax_per_mu_yuan": (tax / land).quantize(Decimal("1")),
            "land_mu": land,
            "is_demo": True,
        },
        planned=planned,
    )
    reached = REACHED.get(lead.stage, 0) + (1 if lead.stage == "operating" and index % 2 else 0)
    actual: dict[str, datetime.date | None] = {}
    previous = contract
    for kind in ORDER[:reached]:
        # Every third project runs late; the others keep roughly to the contract.
        slip = rng.randint(20, 120) if index % 3 == 0 else rng.randint(-20, 10)
        day = max(previous, min(planned[kind] + datetime.timedelta(days=slip), today))
        actual[kind] = day
        previous = day
    project = Project.objects.get(pk=project.pk)
    milestones_record(actor=officer, project=project, actual=actual)  # type: ignore[arg-type]
    figures_save(
        actor=officer,  # type: ignore[arg-type]
        project=project,
        rows=_figures(contract, actual, investment, output, tax, lead.jobs or 50, index, rng),
    )


def _figures(
    contract: datetime.date,
    actual: dict[str, datetime.date | None],
    investment: Decimal,
    output: Decimal,
    tax: Decimal,
    jobs: int,
    index: int,
    rng: random.Random,
) -> list[dict[str, object]]:
    today = timezone.localdate()
    first, now = quarter_of(contract), quarter_of(today)
    production = actual.get("production")
    producing_from = quarter_of(production) if production else None
    pace = Decimal("0.55") if index % 4 == 1 else Decimal("0.95")  # some fall behind
    rows = []
    quarter = first
    while quarter_index(quarter) <= quarter_index(quarter_add(now, 2)):
        step = quarter_index(quarter) - quarter_index(first)
        row: dict[str, object] = {"year": quarter[0], "quarter": quarter[1]}
        ended = quarter_index(quarter) < quarter_index(now)
        if step < 6:
            plan = (investment / 6).quantize(Decimal("1"))
            row["planned_investment"] = plan
            if ended:
                factor = pace + Decimal(rng.randint(-10, 10)) / 100
                row["actual_investment"] = (plan * factor).quantize(Decimal("1"))
        if step >= 6:
            row["planned_output"] = (output / 4).quantize(Decimal("1"))
            row["planned_tax"] = (tax / 4).quantize(Decimal("1"))
            row["planned_jobs"] = jobs
            if ended and producing_from and quarter_index(quarter) >= quarter_index(producing_from):
                factor = pace + Decimal(rng.randint(-5, 15)) / 100
                row["actual_output"] = (output / 4 * factor).quantize(Decimal("1"))
                row["actual_tax"] = (tax / 4 * factor).quantize(Decimal("1"))
                row["actual_jobs"] = int(jobs * factor)
        if len(row) > 2:
            rows.append(row)
        quarter = quarter_add(quarter, 1)
    return rows
