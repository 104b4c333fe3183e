"""Policy endpoints: policies (list, read, create, change, publish), the impact preview of a
rule, the explanation for one enterprise, and a version's matches.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import (
    Amount,
    Code,
    Count,
    Line,
    Lines,
    LongLines,
    Name,
    Pagination,
    omitted,
    responses,
)
from zhaoshang.core.audit import plain_value
from zhaoshang.core.permissions import api_require
from zhaoshang.policies import selectors, services
from zhaoshang.policies.eligibility import explain_enterprise, rule_with_scope
from zhaoshang.policies.models import Match, Policy, PolicyVersion
from zhaoshang.registry.models import Enterprise, EnterpriseMember
from zhaoshang.rules import FormulaError, RuleError, parse_text

router = Router(tags=["policies"])


class VersionOut(Schema):
    number: int
    rule: dict[str, Any]
    as_of: datetime.date
    published_at: datetime.datetime
    push_status: str
    eligible_count: int
    possibly_count: int


class PolicyOut(Schema):
    slug: str
    title: str
    title_en: str
    title_zh_hans: str
    title_zh_hant: str
    summary_en: str
    summary_zh_hans: str
    summary_zh_hant: str
    issuing_body: str
    document_number: str
    region_scope: str | None
    status: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    mode: str
    documents: list[str]
    benefit_kind: str
    benefit_amount: Decimal | None
    benefit_formula: str
    rule: dict[str, Any]
    current_version: VersionOut | None

    @staticmethod
    def resolve_region_scope(obj: Policy) -> str | None:
        return obj.region_scope_id

    @staticmethod
    def resolve_documents(obj: Policy) -> list[str]:
        return obj.document_list


class PolicyIn(Schema):
    """A policy's fields; ``rule`` as the JSON tree, or ``rule_text`` in the text form. A
    field left out keeps its value; null clears only what may be empty (the region scope,
    the window's dates, the fixed amount)."""

    slug: Name = omitted()
    title_en: Name = omitted()
    title_zh_hans: Name = omitted()
    title_zh_hant: Name = omitted()
    summary_en: Lines = omitted()
    summary_zh_hans: Lines = omitted()
    summary_zh_hant: Lines = omitted()
    body_en: LongLines = omitted()
    body_zh_hans: LongLines = omitted()
    body_zh_hant: LongLines = omitted()
    issuing_body: Name = omitted()
    document_number: Name = omitted()
    region_scope: Code | None = None
    status: Code = omitted()
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    mode: Code = omitted()
    documents: Lines = omitted()
    benefit_kind: Code = omitted()
    benefit_amount: Amount | None = None
    benefit_formula: Line = omitted()
    rule: dict[Code, Any] = omitted()
    rule_text: Lines = omitted()


class PreviewIn(Schema):
    rule: dict[Code, Any] | None = None
    rule_text: Lines | None = None
    region_scope: Code | None = None
    benefit_kind: Code = "none"
    benefit_amount: Amount | None = None
    benefit_formula: Line = ""
    as_of: datetime.date | None = None
    compare_to_published: Name | None = None  # a policy's slug


class PolicyPath(Schema):
    slug: Name


class ExplainPath(Schema):
    slug: Name
    uscc: Code


class VersionPath(Schema):
    slug: Name
    number: Count


class MatchFilterIn(Schema):
    outcome: Code = ""


class FunnelOut(Schema):
    criterion: str
    label: str
    remaining: int


class BreakdownOut(Schema):
    key: str
    name: str
    eligible: int
    possibly_eligible: int


class PreviewOut(Schema):
    total: int
    eligible: int
    possibly_eligible: int
    funnel: list[FunnelOut]
    by_region: list[BreakdownOut]
    by_industry: list[BreakdownOut]
    benefit_total: Decimal | None
    benefit_unknown: int
    eligible_difference: int | None
    benefit_difference: Decimal | None


class CriterionOut(Schema):
    id: str
    text: str
    status: str
    observed: Any
    threshold: Any
    missing: list[str]


class ExplanationOut(Schema):
    outcome: str
    missing: list[str]
    criteria: list[CriterionOut]


class MatchOut(Schema):
    uscc: str
    name: str
    outcome: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_uscc(obj: Match) -> str:
        return obj.enterprise.uscc

    @staticmethod
    def resolve_name(obj: Match) -> str:
        return obj.enterprise.name


def _rule_data(rule: dict[str, Any] | None, text: str | None) -> Any:
    if text is not None:
        try:
            return parse_text(text).to_json()
        except RuleError as problem:
            raise HttpError(422, f"rule_text: {problem}") from problem
    return rule


def _values(payload: PolicyIn) -> dict[str, Any]:
    values = payload.dict(exclude_unset=True)
    text = values.pop("rule_text", None)
    if text is not None or "rule" in values:
        values["rule"] = _rule_data(values.get("rule"), text) or {}
    return values


@router.get("/policies", response=responses({200: list[PolicyOut]}, 403, 422), summary="Policies")
@paginate(Pagination)
def policy_list(request: HttpRequest) -> Any:
    api_require(request, "policies.view_policy")
    return (
        Policy.objects.select_related("region_scope").prefetch_related("versions").order_by("slug")
    )


@router.get(
    "/policies/{slug}", response=responses({200: PolicyOut}, 403, 404, 422), summary="One policy"
)
def policy_detail(request: HttpRequest, path: Path[PolicyPath]) -> Any:
    api_require(request, "policies.view_policy")
    return get_object_or_404(Policy, slug=path.slug)


@router.post(
    "/policies", response=responses({201: PolicyOut}, 400, 403, 422), summary="Add a policy"
)
def policy_create(request: HttpRequest, payload: PolicyIn) -> Any:
    user = api_require(request, "policies.add_policy")
    try:
        policy = services.policy_save(actor=user, values=_values(payload))
    except ValidationError as exc:
        raise HttpError(422, validation_detail(exc)) from exc
    return Status(201, policy)


@router.patch(
    "/policies/{slug}",
    response=responses({200: PolicyOut}, 400, 403, 404, 422),
    summary="Change a policy",
)
def policy_update(request: HttpRequest, path: Path[PolicyPath], payload: PolicyIn) -> Any:
    user = api_require(request, "policies.change_policy")
    policy = get_object_or_404(Policy, slug=path.slug)
    try:
        return services.policy_save(actor=user, values=_values(payload), policy=policy)
    except ValidationError as exc:
        raise HttpError(422, validation_detail(exc)) from exc


@router.post(
    "/policies/{slug}/publish",
    response=responses({201: VersionOut}, 400, 403, 404, 422),
    summary="Publish the policy as a new version and push it",
)
def policy_publish(request: HttpRequest, path: Path[PolicyPath]) -> Any:
    user = api_require(request, "policies.publish_policy")
    policy = get_object_or_404(Policy, slug=path.slug)
    try:
        return Status(201, services.policy_publish(actor=user, policy=policy))
    except ValidationError as exc:
        raise HttpError(422, validation_detail(exc)) from exc


@router.post(
    "/preview",
    response=responses({200: PreviewOut}, 400, 403, 404, 422),
    summary="Impact of a rule over the registry",
)
def preview(request: HttpRequest, payload: PreviewIn) -> Any:
    api_require(request, "policies.view_policy")
    compare = None
    if payload.compare_to_published:
        policy = get_object_or_404(Policy, slug=payload.compare_to_published)
        compare = policy.current_version
    try:
        return selectors.policy_preview(
            rule_data=_rule_data(payload.rule, payload.rule_text),
            scope=payload.region_scope,
            benefit_kind=payload.benefit_kind,
            benefit_amount=payload.benefit_amount,
            benefit_formula=payload.benefit_formula,
            as_of=payload.as_of,
            compare_to=compare,
        )
    except (RuleError, FormulaError) as problem:
        raise HttpError(422, f"rule: {problem}") from problem


@router.get(
    "/policies/{slug}/explain/{uscc}",
    response=responses({200: ExplanationOut}, 403, 404, 422),
    summary="Why an enterprise is eligible, possibly eligible or not, criterion by criterion",
)
def explain(request: HttpRequest, path: Path[ExplainPath]) -> Any:
    slug, uscc = path.slug, path.uscc
    user = api_require(request)
    enterprise = get_object_or_404(Enterprise, uscc=uscc.strip().upper())
    own = EnterpriseMember.objects.filter(user=user, enterprise=enterprise).exists()
    if not own and not user.has_perm("policies.view_policy"):
        raise HttpError(403, "You may explain only your own enterprise.")
    policy = get_object_or_404(Policy.objects.exclude(status=Policy.Status.DRAFT), slug=slug)
    version = policy.current_version
    if version is None:
        raise HttpError(404, "The policy has not been published.")
    rule = rule_with_scope(version.rule, version.region_scope_id)
    explanation = explain_enterprise(rule, enterprise, timezone.localdate())
    return {
        "outcome": explanation.outcome.value,
        "missing": list(explanation.missing),
        "criteria": [
            {
                "id": c.id,
                "text": c.text,
                "status": c.status.value,
                "observed": plain_value(c.observed),
                "threshold": plain_value(c.threshold),
                "missing": list(c.missing),
            }
            for c in explanation.criteria
        ],
    }


@router.get(
    "/policies/{slug}/versions/{number}/matches",
    response=responses({200: list[MatchOut]}, 403, 404, 422),
    summary="The enterprises a version was pushed to",
)
@paginate(Pagination)
def matches(request: HttpRequest, path: Path[VersionPath], filters: Query[MatchFilterIn]) -> Any:
    api_require(request, "policies.view_policy")
    outcome = filters.outcome
    version = get_object_or_404(PolicyVersion, policy__slug=path.slug, number=path.number)
    found = selectors.version_matches(version)
    return found.filter(outcome=outcome) if outcome else found
