"""Warnings on signed projects, computed for the whole province at once by the daily task:

- a milestone not reached whose promised date is within ``due_days`` (30) days: yellow;
- a milestone not reached whose promised date has passed: red;
- investment made, output or taxes summed over the quarters that have ended, short of the
  plan by more than the margin the manager sets (20 %): red.

Set-based: one query for the milestones, one grouped query for the figures, one for the
warnings open now; new warnings are written together, warnings whose cause is gone are
cleared together. A warning's key says what it is about, so a rerun finds it again rather
than raising it twice, and each officer and manager concerned is notified once per key.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, DecimalField, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.formatting import format_percent
from zhaoshang.core.notifications import Outgoing, notification_message, notification_send_many
from zhaoshang.leads.stages import Stage
from zhaoshang.projects.milestones import MilestoneKind
from zhaoshang.projects.models import Milestone, ProjectWarning, QuarterFigure, WarningSettings
from zhaoshang.projects.oversight.recipients import recipients_of
from zhaoshang.projects.quarters import quarter_of

PROJECT_WARNING = "projects.warning"
KIND = "project_warning"
FIGURE_LABELS = {
    "investment": lambda: _("investment made"),
    "output": lambda: _("output"),
    "tax": lambda: _("taxes"),
}


@notification_message(PROJECT_WARNING)
def _warning_message(params: Mapping[str, Any]) -> tuple[str, str]:
    company, kind, subject = params["company"], params["kind"], params["subject"]
    if kind in ("due", "overdue"):
        milestone = MilestoneKind(subject).label
        values = {"company": company, "milestone": milestone, "date": params.get("date", "")}
        if kind == "due":
            title = _("%(company)s: %(milestone)s is due on %(date)s") % values
        else:
            title = _("%(company)s: %(milestone)s is overdue (promised for %(date)s)") % values
        return title, _("Record the date when it happens, or find out what holds it up.")
    figure = FIGURE_LABELS.get(subject, lambda: subject)()
    title = _("%(company)s: %(figure)s behind plan") % {"company": company, "figure": figure}
    body = _("%(share)s of the plan so far.") % {
        "share": format_percent(Decimal(str(params.get("share", "0"))))
    }
    return title, body


VERSION_KEY = "projects:warnings:version"


def warnings_version() -> str:
    """Changes whenever the open warnings may have: what is read from them can be cached
    under it (a version lost from the cache is replaced by a new one)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, timeout=None)
    return str(version)


@dataclass
class WarningReport:
    raised: int = 0
    cleared: int = 0
    open: int = 0
    notified: int = 0


def _ended_before(quarter: tuple[int, int]) -> Q:
    year, number = quarter
    return Q(year__lt=year) | Q(year=year, quarter__lt=number)


def warnings_wanted(
    today: datetime.date, settings: WarningSettings
) -> dict[str, tuple[int, str, str, str, dict[str, Any]]]:
    """key → (project, kind, level, subject, detail) for every warning that should be open."""
    wanted: dict[str, tuple[int, str, str, str, dict[str, Any]]] = {}
    live = ~Q(project__lead__stage=Stage.LOST)
    horizon = today + datetime.timedelta(days=settings.due_days)
    open_milestones = Milestone.objects.filter(
        live, actual_on__isnull=True, planned_on__isnull=False, planned_on__lte=horizon
    ).values_list("project_id", "kind", "planned_on")
    for project_id, kind, planned_on in open_milestones.iterator(chunk_size=5000):
        assert planned_on is not None
        late = planned_on < today
        name = "overdue" if late else "due"
        level = ProjectWarning.Level.RED if late else ProjectWarning.Level.YELLOW
        key = f"{name}:{project_id}:{kind}:{planned_on.isoformat()}"
        wanted[key] = (project_id, name, level, kind, {"date": planned_on.isoformat()})

    zero = Decimal(0)
    money: DecimalField = DecimalField(max_digits=20, decimal_places=2)
    sums: dict[str, Any] = {}
    for name in ("investment", "output", "tax"):
        planned = F(f"planned_{name}")
        sums[f"plan_{name}"] = Coalesce(Sum(planned), zero, output_field=money)
        sums[f"made_{name}"] = Coalesce(
            Sum(
                Case(
                    When(
                        **{f"planned_{name}__isnull": False}, then=Coalesce(f"actual_{name}", zero)
                    ),
                    output_field=money,
                )
            ),
            zero,
            output_field=money,
        )
    figures = (
        QuarterFigure.objects.filter(live, _ended_before(quarter_of(today)))
        .values("project_id")
        .annotate(**sums)
        .order_by()
    )
    keep = 1 - Decimal(settings.figures_margin) / 100
    for row in figures.iterator(chunk_size=5000):
        for name in ("investment", "output", "tax"):
            plan, made = Decimal(row[f"plan_{name}"]), Decimal(row[f"made_{name}"])
            if plan > 0 and made < plan * keep:
                key = f"behind:{row['project_id']}:{name}"
                share = (made / plan).quantize(Decimal("0.0001"))
                wanted[key] = (
                    row["project_id"],
                    "behind",
                    ProjectWarning.Level.RED,
                    name,
                    {"plan": str(plan), "actual": str(made), "share": str(share)},
                )
    return wanted


def warnings_compute(*, today: datetime.date | None = None, notify: bool = True) -> WarningReport:
    """Raise the warnings that should be open, clear those whose cause is gone, notify."""
    today = today or timezone.localdate()
    settings = WarningSettings.current()
    wanted = warnings_wanted(today, settings)
    report = WarningReport()
    now = timezone.now()
    with transaction.atomic():
        open_now = dict(
            ProjectWarning.objects.filter(cleared_at__isnull=True).values_list("key", "pk")
        )
        gone = [pk for key, pk in open_now.items() if key not in wanted]
        for start in range(0, len(gone), 5000):
            ProjectWarning.objects.filter(pk__in=gone[start : start + 5000]).update(cleared_at=now)
        report.cleared = len(gone)
        new = [
            ProjectWarning(
                project_id=project_id,
                key=key,
                kind=kind,
                level=level,
                subject=subject,
                detail=detail,
                raised_at=now,
            )
            for key, (project_id, kind, level, subject, detail) in wanted.items()
            if key not in open_now
        ]
        ProjectWarning.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        report.raised = len(new)
        report.open = len(wanted)
        if notify and new:
            report.notified = _notify(new)
        # A new version at once (not on commit): a rollback then costs a cache miss only.
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return report


def _notify(new: list[ProjectWarning]) -> int:
    from zhaoshang.projects.models import Project

    project_ids = {w.project_id for w in new}
    leads = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "lead_id"))
    companies = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "lead__company"))
    people = recipients_of(set(leads.values()))
    items = []
    for warning in new:
        params = {
            "company": companies[warning.project_id],
            "kind": warning.kind,
            "subject": warning.subject,
            **warning.detail,
        }
        url = reverse("projects-detail", args=[warning.project_id])
        for user in people.get(leads[warning.project_id], []):
            items.append(
                Outgoing(
                    user=user,
                    kind=KIND,
                    message=PROJECT_WARNING,
                    params=params,
                    url=url,
                    key=f"project-warning:{warning.key}"[:200],
                )
            )
    return len(notification_send_many(items))
