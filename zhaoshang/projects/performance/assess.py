"""Where the engine meets the database: a project's facts, the rules in force, and each
promise's result with a sentence saying which rule put it where."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.formatting import format_count, format_money, format_percent
from zhaoshang.projects.milestones import MilestoneKind
from zhaoshang.projects.models import PerformanceRule, Project
from zhaoshang.projects.performance import engine as e
from zhaoshang.projects.performance.labels import (
    PROMISE_LABELS,
    STATUS_LABELS,
    TEST_LABELS,
    WHY_NOT,
)


def project_facts(project: Project, today: datetime.date | None = None) -> e.ProjectFacts:
    names = ("investment", "output", "tax", "jobs")
    quarters = [
        e.QuarterFacts(
            quarter=(f.year, f.quarter),
            planned={n: _dec(getattr(f, f"planned_{n}")) for n in names},
            actual={n: _dec(getattr(f, f"actual_{n}")) for n in names},
        )
        for f in project.figures.all()
    ]
    milestones = [
        e.MilestoneFacts(m.kind, m.planned_on, m.actual_on)
        for m in sorted(project.milestones.all(), key=lambda m: MilestoneKind.values.index(m.kind))
    ]
    return e.ProjectFacts(
        today=today or timezone.localdate(),
        promised={
            e.INVESTMENT: project.investment_yuan,
            e.OUTPUT: project.output_yuan,
            e.TAX: project.tax_yuan,
            e.JOBS: _dec(project.jobs),
            e.TAX_PER_MU: project.tax_per_mu_yuan,
            e.INTENSITY: project.intensity_yuan_per_mu,
        },
        land_mu=project.land_mu,
        quarters=quarters,
        milestones=milestones,
    )


def _dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rules_in_force() -> list[e.Rule]:
    return [
        e.Rule(r.pk, r.promise, r.test, r.threshold, r.status)
        for r in PerformanceRule.objects.filter(active=True).order_by("id")
    ]


@dataclass
class PromiseShown:
    promise: str
    label: str
    status: str
    status_label: str
    plan: str
    actual: str
    explanation: str
    rule_id: int | None
    checks: list[str]


def rule_text(rule: e.Rule) -> str:
    threshold: str
    if rule.test == e.SHARE_BELOW:
        threshold = format_percent(rule.threshold)
    else:
        threshold = format_count(rule.threshold)
    return _("%(promise)s: %(test)s %(threshold)s → %(status)s") % {
        "promise": PROMISE_LABELS[rule.promise],
        "test": TEST_LABELS[rule.test],
        "threshold": threshold,
        "status": STATUS_LABELS[rule.status],
    }


def _value(promise: str, value: Decimal | None) -> str:
    if value is None:
        return "—"
    if promise == e.JOBS:
        return format_count(value)
    if promise == e.MILESTONES:
        return ""
    return format_money(value)


def _observed(result: e.PromiseResult) -> str:
    assert result.observed is not None
    if result.promise == e.MILESTONES:
        return _("%(milestone)s is %(days)s days late") % {
            "milestone": MilestoneKind(result.subject).label,
            "days": format_count(result.observed),
        }
    if result.promise == e.TAX_PER_MU:
        return _("%(years)s years in a row below the contract (%(span)s)") % {
            "years": format_count(result.observed),
            "span": result.subject,
        }
    return _("%(share)s of plan") % {"share": format_percent(result.observed)}


def explain(result: e.PromiseResult) -> PromiseShown:
    if result.status == e.NOT_ASSESSED:
        text = str(WHY_NOT.get(result.why_not, ""))
    elif result.rule is not None:
        text = _("%(observed)s; the rule “%(rule)s” holds.") % {
            "observed": _observed(result),
            "rule": rule_text(result.rule),
        }
    else:
        text = _("%(observed)s; no rule holds.") % {"observed": _observed(result)}
    checks = [
        (_("holds: %(rule)s") if check.holds else _("does not hold: %(rule)s"))
        % {"rule": rule_text(check.rule)}
        for check in result.checks
    ]
    return PromiseShown(
        promise=result.promise,
        label=str(PROMISE_LABELS[result.promise]),
        status=result.status,
        status_label=str(STATUS_LABELS[result.status]),
        plan=_value(result.promise, result.plan),
        actual=_value(result.promise, result.actual),
        explanation=text,
        rule_id=result.rule.id if result.rule else None,
        checks=checks,
    )


def project_performance(project: Project) -> list[PromiseShown]:
    return [explain(r) for r in e.evaluate(project_facts(project), rules_in_force())]
