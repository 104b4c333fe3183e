"""The contract-performance rules and the warning settings, kept by managers: checked,
audited, one transaction each. ``rules_ensure_defaults`` writes the shipped rules into an
empty table (after migrate, and for the demo)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_delete, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.text import text_check
from zhaoshang.projects.access import SUPERVISE
from zhaoshang.projects.models import PerformanceRule, WarningSettings
from zhaoshang.projects.performance import engine
from zhaoshang.projects.performance.labels import PROMISE_LABELS, TEST_LABELS

PROBLEM_TEXT = {
    "unknown": lambda: _("Choose a value from the list."),
    "wrong_test": lambda: _("This promise is judged by another test."),
    "out_of_bounds": lambda: _("The threshold is out of bounds for this test."),
    "whole_number": lambda: _("Give a whole number for this test."),
}


def rules_ensure_defaults() -> int:
    """Write the default rules when there are none; return how many were written."""
    if PerformanceRule.objects.exists():
        return 0
    PerformanceRule.objects.bulk_create(
        PerformanceRule(promise=p, test=t, threshold=Decimal(v), status=s)
        for p, t, v, s in engine.DEFAULT_RULES
    )
    return len(engine.DEFAULT_RULES)


def _require(actor: User) -> None:
    if not actor.has_perm(SUPERVISE):
        raise PermissionDenied(_("Only a manager may change the rules."))


def rule_save(
    *,
    actor: User,
    rule: PerformanceRule | None,
    promise: str,
    test: str,
    threshold: Any,
    status: str,
    active: bool = True,
    note: str = "",
) -> PerformanceRule:
    """Add a rule (``rule`` None) or change one."""
    _require(actor)
    text_check({"note": note})
    try:
        value = Decimal(str(threshold).strip())
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError({"threshold": [_("Give a number.")]}) from None
    problems = engine.rule_problems(promise, test, value, status)
    errors = {name: [PROBLEM_TEXT[code]()] for name, code in problems.items()}
    if "test" in errors and promise in engine.TEST_OF:
        errors["test"] = [
            _("%(promise)s is judged by the test “%(test)s”.")
            % {
                "promise": PROMISE_LABELS[promise],
                "test": TEST_LABELS[engine.TEST_OF[promise]],
            }
        ]
    if len(note.strip()) > 300:
        errors["note"] = [_("Keep it under 300 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = (
            PerformanceRule()
            if rule is None
            else PerformanceRule.objects.select_for_update().get(pk=rule.pk)
        )
        before = snapshot(current)
        current.promise, current.test, current.threshold = promise, test, value
        current.status, current.active, current.note = status, active, note.strip()
        current.updated_at = timezone.now()
        current.save()
        if rule is None:
            audit_create(actor=actor, instance=current)
        else:
            audit_update(actor=actor, instance=current, before=before)
    return current


def rule_delete(*, actor: User, rule: PerformanceRule) -> None:
    _require(actor)
    with transaction.atomic():
        pk = rule.pk
        rule.delete()
        audit_delete(actor=actor, instance=rule, object_id=pk)


def warning_settings_save(*, actor: User, due_days: Any, figures_margin: Any) -> WarningSettings:
    _require(actor)
    errors: dict[str, list[str]] = {}
    try:
        days = int(str(due_days))
        if not 1 <= days <= 365:
            raise ValueError
    except ValueError:
        errors["due_days"] = [_("Give a number of days from 1 to 365.")]
    try:
        margin = Decimal(str(figures_margin).strip())
        if not margin.is_finite() or not 0 <= margin <= 100:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["figures_margin"] = [_("Give a percentage from 0 to 100.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = WarningSettings.objects.select_for_update().filter(pk=1).first()
        created = current is None
        current = current or WarningSettings(pk=1)
        before = snapshot(current)
        current.due_days, current.figures_margin = days, margin.quantize(Decimal("0.01"))
        current.updated_at = timezone.now()
        current.save()
        if created:
            audit_create(actor=actor, instance=current)
        else:
            audit_update(actor=actor, instance=current, before=before)
    return current
