"""Writes of the policies app: saving a policy (its rule and benefit checked), publishing a
version (which queues its push) and recording applications. Each is one transaction with
its audit events; a refused write changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.tasks import task_submit
from zhaoshang.core.text import instance_text_check, text_check
from zhaoshang.policies.eligibility import predicate_sql, rule_with_scope
from zhaoshang.policies.models import Application, Policy, PolicyVersion
from zhaoshang.registry.models import Enterprise
from zhaoshang.rules import (
    ENTERPRISE_FIELDS,
    FormulaError,
    Rule,
    RuleError,
    parse_formula,
)

EDITABLE_FIELDS = (
    "slug",
    "title_en",
    "title_zh_hans",
    "title_zh_hant",
    "summary_en",
    "summary_zh_hans",
    "summary_zh_hant",
    "body_en",
    "body_zh_hans",
    "body_zh_hant",
    "issuing_body",
    "document_number",
    "region_scope",
    "status",
    "opens_on",
    "closes_on",
    "mode",
    "documents",
    "benefit_kind",
    "benefit_amount",
    "benefit_formula",
    "rule",
)


def rule_check(data: Any, scope: str | None = None) -> Rule:
    """The rule parsed and checked; ValidationError on ``rule`` with the path and reason."""
    try:
        return rule_with_scope(data, scope)
    except RuleError as problem:
        raise ValidationError({"rule": [str(problem)]}) from problem


def benefit_check(kind: str, amount: Decimal | None, formula: str) -> None:
    """A fixed benefit needs an amount; a formula must parse over known figures and must not
    divide by a constant zero."""
    if kind == Policy.BenefitKind.FIXED and (amount is None or amount < 0):
        raise ValidationError(
            {"benefit_amount": [_("A fixed benefit needs an amount of 0 or more.")]}
        )
    if kind == Policy.BenefitKind.FORMULA:
        if not formula.strip():
            raise ValidationError({"benefit_formula": [_("Write the formula of the benefit.")]})
        try:
            parse_formula(formula, fields=ENTERPRISE_FIELDS)
        except FormulaError as problem:
            raise ValidationError({"benefit_formula": [str(problem)]}) from problem


def _check(policy: Policy) -> None:
    if policy.opens_on and policy.closes_on and policy.closes_on < policy.opens_on:
        raise ValidationError(
            {"closes_on": [_("The window must close on or after the day it opens.")]}
        )
    if policy.rule:
        rule_check(policy.rule, policy.region_scope_id)
    benefit_check(policy.benefit_kind, policy.benefit_amount, policy.benefit_formula)


def policy_save(
    *, actor: User | None, values: Mapping[str, Any], policy: Policy | None = None
) -> Policy:
    """Create a policy or change one; every field checked before anything is written."""
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({name: [_("This is not a policy field.")] for name in unknown})
    text_check({"rule": values.get("rule") or {}})
    with transaction.atomic():
        creating = policy is None
        target = Policy(created_by=actor if actor and actor.pk else None) if creating else policy
        assert target is not None
        before = {} if creating else snapshot(target)
        for name, value in values.items():
            if name == "region_scope":
                # No scope is NULL: an empty code would pass the model's check (blank) and
                # fail the foreign key at commit.
                target.region_scope_id = value or None
            else:
                setattr(target, name, value)
        instance_text_check(target)
        target.full_clean(exclude=["rule", "created_by"])
        _check(target)
        target.updated_at = timezone.now()
        target.save()
        if creating:
            audit_create(actor=actor, instance=target)
        else:
            audit_update(actor=actor, instance=target, before=before)
    return target


def policy_publish(
    *, actor: User | None, policy: Policy, as_of: datetime.date | None = None
) -> PolicyVersion:
    """Fix the policy's rule, scope and benefit as a new version and queue its push.

    Refused (nothing published) for a policy without a rule, a rule or formula that does not
    check, or a parameter the rule names that has no value on the date."""
    day = as_of or timezone.localdate()
    if not policy.rule:
        raise ValidationError({"rule": [_("Write the eligibility rule before publishing.")]})
    rule = rule_check(policy.rule, policy.region_scope_id)
    benefit_check(policy.benefit_kind, policy.benefit_amount, policy.benefit_formula)
    try:
        predicate_sql(rule, day)  # resolves every parameter as of the date
    except RuleError as problem:
        raise ValidationError({"rule": [str(problem)]}) from problem
    with transaction.atomic():
        locked = Policy.objects.select_for_update().get(pk=policy.pk)
        last = locked.versions.order_by("-number").values_list("number", flat=True).first()
        version = PolicyVersion.objects.create(
            policy=locked,
            number=(last or 0) + 1,
            rule=locked.rule,
            region_scope_id=locked.region_scope_id,
            benefit_kind=locked.benefit_kind,
            benefit_amount=locked.benefit_amount,
            benefit_formula=locked.benefit_formula,
            as_of=day,
            published_by=actor if actor and actor.pk else None,
        )
        audit_create(actor=actor, instance=version)
        if locked.status == Policy.Status.DRAFT:
            before = snapshot(locked)
            locked.status = Policy.Status.OPEN
            locked.updated_at = timezone.now()
            locked.save(update_fields=["status", "updated_at"])
            audit_update(actor=actor, instance=locked, before=before)
        task_submit("policies.push", actor=actor, version_id=version.pk)
    return version


def application_record(
    *, actor: User | None, policy: Policy, enterprise: Enterprise, reference: str = ""
) -> Application:
    """Record that ``enterprise`` applied for ``policy`` (once; a second call returns it)."""
    with transaction.atomic():
        application, created = Application.objects.get_or_create(
            policy=policy,
            enterprise=enterprise,
            defaults={
                "recorded_by": actor if actor and actor.pk else None,
                "reference": reference[:100],
            },
        )
        if created:
            audit_create(actor=actor, instance=application)
    return application
