"""Reads of the policies app: the impact preview of a rule over the registry's snapshot (and
its difference from the published version), lists of policies, and an enterprise's policies
with the reason for each outcome."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone, translation

from zhaoshang.policies.eligibility import enterprise_facts, explain_enterprise, rule_with_scope
from zhaoshang.policies.labels import column_label
from zhaoshang.policies.models import Application, Match, Policy, PolicyVersion
from zhaoshang.policies.snapshot import snapshot_path
from zhaoshang.registry.models import Enterprise, Industry, Region
from zhaoshang.rules import (
    DEFAULT_PARAMETERS,
    ENTERPRISE_FIELDS,
    Explanation,
    Outcome,
    Rule,
    parse_formula,
)


@dataclass(frozen=True)
class Breakdown:
    key: str
    name: str
    eligible: int
    possibly_eligible: int


@dataclass(frozen=True)
class FunnelRow:
    criterion: str
    label: str
    remaining: int


@dataclass(frozen=True)
class Preview:
    total: int
    eligible: int
    possibly_eligible: int
    funnel: list[FunnelRow]
    by_region: list[Breakdown]
    by_industry: list[Breakdown]
    benefit_total: Decimal | None  # 10,000 yuan; None without a money benefit
    benefit_unknown: int = 0  # eligible enterprises whose amount cannot be computed
    published: Preview | None = None  # the published version's, to show the difference
    notes: list[str] = field(default_factory=list)

    @property
    def eligible_difference(self) -> int | None:
        return None if self.published is None else self.eligible - self.published.eligible

    @property
    def benefit_difference(self) -> Decimal | None:
        if self.published is None or self.benefit_total is None:
            return None
        return self.benefit_total - (self.published.benefit_total or Decimal(0))


def _label(rule: Rule, node_id: str) -> str:
    node = rule.node(node_id)
    labels = getattr(node, "labels", None)
    if labels is not None:
        return str(labels.get(translation.get_language() or "en"))
    return node_id


def _names(model: type[Region] | type[Industry], keys: list[str]) -> dict[str, str]:
    if model is Region:  # breakdown keys are significant digits: 4412 is region 441200
        full = {key.ljust(6, "0"): key for key in keys if key.isdigit()}
        return {full[r.pk]: r.name for r in Region.objects.filter(pk__in=list(full))}
    return {str(obj.pk): obj.name for obj in model.objects.filter(pk__in=keys)}


def policy_preview(
    *,
    rule_data: Any,
    scope: str | None,
    benefit_kind: str,
    benefit_amount: Decimal | None,
    benefit_formula: str,
    as_of: datetime.date | None = None,
    compare_to: PolicyVersion | None = None,
) -> Preview:
    """Evaluate a rule (RuleError if it does not check) over the registry's snapshot: the
    counts, the funnel, the counts by prefecture and county and by section and division,
    and the estimated total benefit; with ``compare_to``, the same for that version."""
    day = as_of or timezone.localdate()
    rule = rule_with_scope(rule_data, scope)
    source = snapshot_path()
    from zhaoshang.rules import evaluate_snapshot, formula_total  # DuckDB, on first preview

    result = evaluate_snapshot(
        rule, source, as_of=day, parameters=DEFAULT_PARAMETERS, funnel=True, breakdowns=True
    )
    regions = _names(Region, list(result.by_region))
    divisions = _names(Industry, list(result.by_industry))
    benefit: Decimal | None = None
    unknown = 0
    if benefit_kind == Policy.BenefitKind.FIXED and benefit_amount is not None:
        benefit = benefit_amount * result.eligible
    elif benefit_kind == Policy.BenefitKind.FORMULA and benefit_formula.strip():
        formula = parse_formula(benefit_formula, fields=ENTERPRISE_FIELDS)
        total = formula_total(formula, source, rule=rule, as_of=day)
        benefit = Decimal(str(round(total.total, 2)))
        unknown = total.missing + total.division_by_zero
    published = None
    if compare_to is not None:
        published = policy_preview(
            rule_data=compare_to.rule,
            scope=compare_to.region_scope_id,
            benefit_kind=compare_to.benefit_kind,
            benefit_amount=compare_to.benefit_amount,
            benefit_formula=compare_to.benefit_formula,
            as_of=day,
        )
    return Preview(
        total=result.total,
        eligible=result.eligible,
        possibly_eligible=result.possibly_eligible,
        funnel=[
            FunnelRow(s.criterion, _label(rule, s.criterion), s.remaining) for s in result.funnel
        ],
        by_region=_breakdown(result.by_region, regions),
        by_industry=_breakdown(result.by_industry, divisions),
        benefit_total=benefit,
        benefit_unknown=unknown,
        published=published,
    )


def _breakdown(counts: Any, names: dict[str, str]) -> list[Breakdown]:
    rows = [
        Breakdown(key, names.get(key, key), int(c.eligible), int(c.possibly_eligible))
        for key, c in counts.items()
        if c.eligible or c.possibly_eligible
    ]
    return sorted(rows, key=lambda b: (-b.eligible, -b.possibly_eligible, b.key))


# --- lists ------------------------------------------------------------------------------


def policies_public() -> QuerySet[Policy]:
    """Policies an investor or enterprise may read: all but drafts, open ones first."""
    rank = Case(
        When(status=Policy.Status.OPEN, then=Value(0)),
        When(status=Policy.Status.PAUSED, then=Value(1)),
        default=Value(2),
    )
    return (
        Policy.objects.exclude(status=Policy.Status.DRAFT)
        .select_related("region_scope")
        .annotate(rank=rank)
        .order_by("rank", F("closes_on").asc(nulls_last=True), "-updated_at")
    )


@dataclass(frozen=True)
class EnterprisePolicy:
    policy: Policy
    version: PolicyVersion
    explanation: Explanation
    applied: Application | None
    missing_labels: list[str]

    @property
    def outcome(self) -> Outcome:
        return self.explanation.outcome


def enterprise_policies(
    enterprise: Enterprise, *, day: datetime.date | None = None
) -> dict[str, list[EnterprisePolicy]]:
    """Every published, non-draft policy explained for ``enterprise`` on its data today:
    {"eligible": [...], "possibly_eligible": [...], "not_eligible": [...]}."""
    today = day or timezone.localdate()
    applied = {a.policy_id: a for a in Application.objects.filter(enterprise=enterprise)}
    grouped: dict[str, list[EnterprisePolicy]] = {o.value: [] for o in Outcome}
    facts = enterprise_facts(enterprise)
    for policy in policies_public().prefetch_related("versions"):
        version = policy.current_version
        if version is None:
            continue
        rule = rule_with_scope(version.rule, version.region_scope_id)
        explanation = explain_enterprise(rule, facts, today)
        grouped[explanation.outcome.value].append(
            EnterprisePolicy(
                policy,
                version,
                explanation,
                applied.get(policy.pk),
                [column_label(c) for c in explanation.missing],
            )
        )
    return grouped


def version_matches(version: PolicyVersion) -> QuerySet[Match]:
    return version.matches.select_related("enterprise", "enterprise__region").order_by(
        "outcome", "enterprise__name"
    )
