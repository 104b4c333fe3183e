"""Public pages of the policies app (the list, a policy, the eligibility check for
enterprises not registered yet) and the enterprise user's "My policies"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from zhaoshang.core.pagecache import public_page
from zhaoshang.core.permissions import request_user
from zhaoshang.policies.describe import Names, rule_outline
from zhaoshang.policies.eligibility import enterprise_facts, explain_enterprise, rule_with_scope
from zhaoshang.policies.explaining import CriterionView, decisive_criteria, explained_criteria
from zhaoshang.policies.forms import EligibilityCheckForm
from zhaoshang.policies.labels import column_label
from zhaoshang.policies.models import Policy
from zhaoshang.policies.selectors import EnterprisePolicy, enterprise_policies, policies_public
from zhaoshang.policies.services import application_record
from zhaoshang.portal.content import markdown_to_html
from zhaoshang.registry.models import EnterpriseMember
from zhaoshang.rules import ENTERPRISE_FIELDS, FormulaError, Rule, RuleError, parse_formula


def public_rule(policy: Policy) -> Rule | None:
    """The rule an enterprise is held to: the published version's (with its region scope),
    else the policy's own while nothing is published; None when there is none."""
    version = policy.current_version
    data, scope = (
        (version.rule, version.region_scope_id)
        if version
        else (policy.rule, policy.region_scope_id)
    )
    if not data and not scope:
        return None
    try:
        return rule_with_scope(data, scope)
    except RuleError:
        return None


def benefit_estimate(kind: str, amount: Decimal | None, formula: str, facts: Any) -> Any:
    """The benefit for one enterprise in 10,000 yuan, or None when it cannot be computed."""
    if kind == Policy.BenefitKind.FIXED:
        return amount
    if kind == Policy.BenefitKind.FORMULA and formula.strip():
        try:
            return parse_formula(formula, fields=ENTERPRISE_FIELDS).evaluate(facts)
        except FormulaError:
            return None
    return None


def formula_legend(formula: str) -> list[tuple[str, str]]:
    """(name, label) of each figure a formula reads, to explain it."""
    try:
        parsed = parse_formula(formula, fields=ENTERPRISE_FIELDS)
    except FormulaError:
        return []
    return [(column, column_label(column)) for column in parsed.columns]


# --- public pages ------------------------------------------------------------------------


@require_safe
@public_page
def policy_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(policies_public(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/policy_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def _public_policy(slug: str) -> Policy:
    return get_object_or_404(
        Policy.objects.exclude(status=Policy.Status.DRAFT).select_related("region_scope"),
        slug=slug,
    )


@require_safe
@public_page
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _public_policy(slug)
    rule = public_rule(policy)
    today = timezone.localdate()
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "body": markdown_to_html(policy.text("body")),
            "outline": [rule_outline(rule, today)] if rule else None,
            "legend": formula_legend(policy.benefit_formula),
            "today": today,
            "open_now": policy.is_open_on(today),
        },
    )


@require_http_methods(["GET", "POST"])
def policy_check(request: HttpRequest, slug: str) -> HttpResponse:
    """Enter a few figures, see each criterion explained. Nothing is stored."""
    policy = _public_policy(slug)
    rule = public_rule(policy)
    if rule is None:
        raise Http404
    today = timezone.localdate()
    form = EligibilityCheckForm(request.POST or None, rule=rule)
    result = None
    if request.method == "POST" and form.is_valid():
        facts = form.facts()
        explanation = explain_enterprise(rule, facts, today)
        names = Names.of(
            rule,
            regions=[str(facts.get("region_code") or "")],
            industries=[str(facts.get("industry_code") or "")],
        )
        result = {
            "outcome": str(explanation.outcome),
            "criteria": explained_criteria(rule, explanation.criteria, names, today),
            "missing": [column_label(c) for c in explanation.missing],
            "benefit": benefit_estimate(
                policy.benefit_kind, policy.benefit_amount, policy.benefit_formula, facts
            ),
        }
    return render(
        request,
        "policies/policy_check.html",
        {"policy": policy, "form": form, "result": result, "today": today},
    )


# --- the enterprise's own page ------------------------------------------------------------


@dataclass(frozen=True)
class MyPolicy:
    """One policy as the enterprise sees it."""

    policy: Policy
    outcome: str
    criteria: list[CriterionView]
    benefit: Decimal | None
    applied: Any
    missing: list[str]
    open_now: bool
    days_left: int | None
    reasons: list[tuple[CriterionView, bool]]  # why not: (criterion, it excludes)

    @property
    def unknown(self) -> list[CriterionView]:
        return [c for c in self.criteria if c.status == "unknown"]


def _my_policy(item: EnterprisePolicy, names: Names, facts: Any, today: datetime.date) -> MyPolicy:
    version, policy = item.version, item.policy
    rule = rule_with_scope(version.rule, version.region_scope_id)
    closes = policy.closes_on
    criteria = explained_criteria(rule, item.explanation.criteria, names, today)
    by_id = {c.id: c for c in criteria}
    reasons = [
        (by_id[node_id], excludes)
        for node_id, excludes in decisive_criteria(rule, item.explanation.statuses)
    ]
    return MyPolicy(
        policy=policy,
        outcome=str(item.outcome),
        criteria=criteria,
        benefit=benefit_estimate(
            version.benefit_kind, version.benefit_amount, version.benefit_formula, facts
        ),
        applied=item.applied,
        missing=item.missing_labels,
        open_now=policy.is_open_on(today),
        days_left=(closes - today).days if closes and closes >= today else None,
        reasons=reasons,
    )


def _my_enterprise(request: HttpRequest) -> Any:
    link = (
        EnterpriseMember.objects.filter(user=request_user(request))
        .select_related("enterprise")
        .first()
    )
    return link.enterprise if link else None


@login_required
@require_safe
def my_policies(request: HttpRequest) -> HttpResponse:
    enterprise = _my_enterprise(request)
    if enterprise is None:
        return render(request, "policies/my_policies.html", {"enterprise": None})
    today = timezone.localdate()
    grouped = enterprise_policies(enterprise, day=today)
    rules = [
        rule_with_scope(item.version.rule, item.version.region_scope_id)
        for items in grouped.values()
        for item in items
    ]
    names = Names.of(
        *rules, regions=[enterprise.region_id or ""], industries=[enterprise.industry_code]
    )
    facts = enterprise_facts(enterprise)
    views = {
        outcome: [_my_policy(item, names, facts, today) for item in items]
        for outcome, items in grouped.items()
    }
    return render(
        request,
        "policies/my_policies.html",
        {
            "enterprise": enterprise,
            "eligible": views["eligible"],
            "possibly": views["possibly_eligible"],
            "not_eligible": views["not_eligible"],
            "today": today,
        },
    )


@login_required
@require_POST
def mark_applied(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise says it applied (reminders stop); the reference is optional."""
    enterprise = _my_enterprise(request)
    if enterprise is None:
        raise Http404
    policy = get_object_or_404(Policy.objects.exclude(status=Policy.Status.DRAFT), pk=pk)
    if policy.mode != Policy.Mode.APPLY:
        messages.error(request, _("This policy is granted without an application."))
        return redirect("policies-mine")
    try:
        application_record(
            actor=request_user(request),
            policy=policy,
            enterprise=enterprise,
            reference=request.POST.get("reference", "").strip(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Recorded: you applied for “%(policy)s”.") % {"policy": policy.title},
        )
    return redirect("policies-mine")
