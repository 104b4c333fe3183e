"""What the policy editor asks while the officer types (htmx): the text form read into the
builder's JSON, the builder's JSON printed as text, and the live impact preview."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed
from zhaoshang.policies.describe import Names, node_text
from zhaoshang.policies.eligibility import rule_with_scope
from zhaoshang.policies.models import Policy, PolicyVersion
from zhaoshang.policies.rule_forms import (
    ORIGIN_TEXT,
    decode_rule_json,
    rule_from_json,
    rule_from_text,
    rule_problem,
    rule_resolve,
)
from zhaoshang.policies.selectors import Preview, policy_preview
from zhaoshang.registry.models import Region
from zhaoshang.rules import FormulaError, RuleError, format_text, parse_rule

VIEW = "policies.view_policy"
BREAKDOWN_ROWS = 8


def _trigger(response: HttpResponse, events: dict[str, Any]) -> HttpResponse:
    # ASCII only: header values cannot carry Chinese labels unescaped.
    response["HX-Trigger"] = json.dumps(events, ensure_ascii=True, default=str)
    return response


@permission_needed(VIEW)
@require_POST
def rule_parse(request: HttpRequest) -> HttpResponse:
    """The text form → the rule's JSON (sent to the builder in the ``rule-parsed`` event);
    the page shows the problem, located, when the text does not read."""
    text = request.POST.get("rule_text", "")
    try:
        data = rule_from_text(text)
    except RuleError as error:
        response = render(
            request, "policies/officer/_rule_problem.html", {"problem": rule_problem(error)}
        )
        return _trigger(response, {"rule-text-invalid": {"ok": False}})
    count = len(parse_rule(data).criteria) if data else 0
    response = render(request, "policies/officer/_rule_problem.html", {"criteria": count})
    return _trigger(response, {"rule-parsed": {"rule": data}})


@permission_needed(VIEW)
@require_POST
def rule_format(request: HttpRequest) -> HttpResponse:
    """The builder's JSON → the text form, sent in the ``rule-formatted`` event (the page
    puts it into the text field, which stays the same element). A rule the builder left
    incomplete keeps the text as it was and says what is missing where."""
    try:
        data = rule_from_json(decode_rule_json(request.POST.get("rule", "")))
    except RuleError as error:
        problem = rule_problem(error)
        response = render(
            request,
            "policies/officer/_rule_problem.html",
            {"problem": problem, "builder_problem": True},
        )
        return _trigger(
            response, {"rule-invalid": {"path": problem.path, "message": problem.message}}
        )
    text = format_text(parse_rule(data)) if data else ""
    response = render(request, "policies/officer/_rule_problem.html", {})
    return _trigger(response, {"rule-formatted": {"text": text}})


def _decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw) if raw.strip() else None
    except InvalidOperation:
        return None


def impact_context(
    *,
    rule_data: Any,
    scope: str | None,
    benefit_kind: str,
    benefit_amount: Decimal | None,
    benefit_formula: str,
    compare_to: PolicyVersion | None,
) -> dict[str, Any]:
    """The preview of a rule, or the problem that stops it, for ``_impact.html``."""
    if not rule_data:
        return {"empty": True}
    try:
        preview = policy_preview(
            rule_data=rule_data,
            scope=scope,
            benefit_kind=benefit_kind,
            benefit_amount=benefit_amount,
            benefit_formula=benefit_formula,
            compare_to=compare_to,
        )
    except FormulaError as error:
        return {"benefit_problem": rule_problem(error)}
    except RuleError as error:
        return {"problem": rule_problem(error)}
    return {"preview": preview, **_funnel_texts(preview, rule_data, scope), **_split(preview)}


def _funnel_texts(preview: Preview, rule_data: Any, scope: str | None) -> dict[str, Any]:
    """Each funnel step named in words (the stored label is often just the text form)."""
    rule = rule_with_scope(rule_data, scope)
    names = Names.of(rule)
    today = timezone.localdate()
    rows = [
        {"label": node_text(rule.node(row.criterion), names, today), "remaining": row.remaining}
        for row in preview.funnel
    ]
    return {"funnel": rows}


def _split(preview: Preview) -> dict[str, Any]:
    """Prefectures and counties apart, sections and divisions apart; the top rows of each."""
    regions = preview.by_region
    industries = preview.by_industry
    return {
        "prefectures": [b for b in regions if len(b.key) == 4][:BREAKDOWN_ROWS],
        "counties": [b for b in regions if len(b.key) == 6][:BREAKDOWN_ROWS],
        "sections": [b for b in industries if b.key.isalpha() and len(b.key) == 1][:BREAKDOWN_ROWS],
        "divisions": [b for b in industries if b.key.isdigit()][:BREAKDOWN_ROWS],
        "unknown_region": next((b for b in regions if b.key == "unknown"), None),
    }


@permission_needed(VIEW)
@require_POST
def preview(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The impact of the rule and benefit as they stand in the editor, and the difference
    from the policy's published version."""
    policy = get_object_or_404(Policy, pk=pk) if pk is not None else None
    if policy is not None and not request.user.has_perm("policies.change_policy"):
        # A reader's form is disabled and sends nothing: show the saved policy's impact.
        saved = impact_context(
            rule_data=policy.rule,
            scope=policy.region_scope_id,
            benefit_kind=policy.benefit_kind,
            benefit_amount=policy.benefit_amount,
            benefit_formula=policy.benefit_formula,
            compare_to=policy.current_version,
        )
        return render(request, "policies/officer/_impact.html", saved)
    post = request.POST
    context: dict[str, Any]
    try:
        rule_data = rule_resolve(
            json_text=post.get("rule", ""),
            text=post.get("rule_text", ""),
            origin=post.get("rule_origin") or ORIGIN_TEXT,
        )
    except RuleError as error:
        context = {"problem": rule_problem(error)}
    else:
        scope = post.get("region_scope", "").strip() or None
        if scope is not None and not Region.objects.filter(pk=scope).exists():
            scope = None
        kind = post.get("benefit_kind", Policy.BenefitKind.NONE)
        context = impact_context(
            rule_data=rule_data,
            scope=scope,
            benefit_kind=kind if kind in Policy.BenefitKind.values else Policy.BenefitKind.NONE,
            benefit_amount=_decimal(post.get("benefit_amount", "")),
            benefit_formula=post.get("benefit_formula", ""),
            compare_to=policy.current_version if policy is not None else None,
        )
    return render(request, "policies/officer/_impact.html", context)
