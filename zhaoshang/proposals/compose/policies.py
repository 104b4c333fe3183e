"""The support policies a project would qualify for, through the same path as the public
eligibility check (``policies.views.policy_check``): the policy's public rule, explained
for the project's facts, with the estimated benefit where the policy has one. Nothing is
stored on the registry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhaoshang.policies.describe import Names
from zhaoshang.policies.eligibility import explain_enterprise
from zhaoshang.policies.explaining import CriterionView, explained_criteria
from zhaoshang.policies.labels import column_label
from zhaoshang.policies.models import Policy
from zhaoshang.policies.views import benefit_estimate, public_rule

ORDER = {"eligible": 0, "possibly_eligible": 1, "not_eligible": 2}


@dataclass(frozen=True)
class PolicyOffer:
    policy: Policy
    outcome: str  # eligible, possibly_eligible, not_eligible
    criteria: list[CriterionView]
    missing: list[str]  # labels of the figures still to be shown
    benefit: Decimal | None  # 10,000 yuan


def open_policies() -> list[Policy]:
    return list(
        Policy.objects.filter(status=Policy.Status.OPEN)
        .select_related("region_scope")
        .order_by("closes_on", "slug")
    )


def policy_offers(
    facts: dict[str, Any], as_of: datetime.date, policies: list[Policy] | None = None
) -> list[PolicyOffer]:
    """Every open policy explained for ``facts`` (see ``facts.rule_facts``): qualifies
    first, then may qualify, then not; the texts in the active language."""
    found = []
    for policy in policies if policies is not None else open_policies():
        if not policy.is_open_on(as_of):
            continue
        rule = public_rule(policy)
        if rule is None:
            continue
        explanation = explain_enterprise(rule, facts, as_of)
        names = Names.of(
            rule,
            regions=[str(facts.get("region_code") or "")],
            industries=[str(facts.get("industry_code") or "")],
        )
        version = policy.current_version
        kind, amount, formula = (
            (version.benefit_kind, version.benefit_amount, version.benefit_formula)
            if version
            else (policy.benefit_kind, policy.benefit_amount, policy.benefit_formula)
        )
        outcome = str(explanation.outcome)
        benefit = (
            benefit_estimate(kind, amount, formula, facts) if outcome != "not_eligible" else None
        )
        found.append(
            PolicyOffer(
                policy=policy,
                outcome=outcome,
                criteria=explained_criteria(rule, explanation.criteria, names, as_of),
                missing=[column_label(c) for c in explanation.missing],
                benefit=Decimal(str(benefit)) if benefit is not None else None,
            )
        )
    found.sort(key=lambda o: ORDER.get(o.outcome, 3))
    return found
