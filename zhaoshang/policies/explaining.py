"""An enterprise's explanation for people: each criterion's sentence with the figure
observed next to the threshold, and the criteria that decide a failure."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhaoshang.policies.describe import Names, criterion_text, field_of, literal_text
from zhaoshang.policies.labels import column_label
from zhaoshang.rules import CriterionResult, Rule, Status
from zhaoshang.rules.tree import (
    All,
    Any_,
    Between,
    Comparison,
    Criterion,
    Node,
    Not,
    QualificationValid,
    Ratio,
)


def decisive_criteria(rule: Rule, statuses: Mapping[str, Status]) -> list[tuple[str, bool]]:
    """The criteria that make a rule fail, as (id, excludes): ``excludes`` when the
    criterion is met inside a "not" (a recent tax violation, say) and that is why."""
    found: list[tuple[str, bool]] = []

    def visit(node: Node, want: Status) -> None:
        if statuses.get(node.id) is not want:
            return
        if isinstance(node, Criterion):
            found.append((node.id, want is Status.PASS))
        elif isinstance(node, Not):
            visit(node.child, Status.PASS if want is Status.FAIL else Status.FAIL)
        else:
            assert isinstance(node, All | Any_)
            for child in node.children:
                visit(child, want)

    visit(rule.root, Status.FAIL)
    return found


@dataclass(frozen=True)
class CriterionView:
    """One criterion of an explanation, ready to show."""

    id: str
    text: str
    status: str  # pass, fail, unknown
    observed: str
    threshold: str
    missing: tuple[str, ...]  # labels of the missing figures


def explained_criteria(
    rule: Rule, results: Iterable[CriterionResult], names: Names, as_of: datetime.date
) -> list[CriterionView]:
    views = []
    for result in results:
        node = rule.node(result.id)
        assert isinstance(node, Criterion)
        views.append(
            CriterionView(
                result.id,
                criterion_text(node, names, as_of),
                str(result.status),
                _observed_text(node, result, names),
                _threshold_text(node, result, names),
                tuple(column_label(c) for c in result.missing),
            )
        )
    return views


def _observed_text(node: Criterion, result: CriterionResult, names: Names) -> str:
    if result.missing:
        return _("not known")
    if isinstance(node, QualificationValid):
        observed = result.observed or {}
        since = observed.get(node.since.column)
        if since is None:
            return _("none")
        until = observed.get(node.until.column) if node.until is not None else None
        if until is None:
            return _("since %(date)s") % {"date": since.isoformat()}
        return _("%(start)s to %(end)s") % {"start": since.isoformat(), "end": until.isoformat()}
    left = node.left  # type: ignore[attr-defined]
    if result.observed is None and isinstance(left, Ratio):
        return _("not known (divided by zero)")
    return literal_text(result.observed, field_of(left), names, ratio=isinstance(left, Ratio))


def _threshold_text(node: Criterion, result: CriterionResult, names: Names) -> str:
    if isinstance(node, Comparison | Between):
        left = node.left
        found, ratio = field_of(left), isinstance(left, Ratio)
        if isinstance(result.threshold, tuple):
            low, high = (literal_text(v, found, names, ratio=ratio) for v in result.threshold)
            return _("%(low)s to %(high)s") % {"low": low, "high": high}
        return literal_text(result.threshold, found, names, ratio=ratio)
    if isinstance(node, QualificationValid) and isinstance(result.threshold, datetime.date):
        return _("valid on %(date)s") % {"date": result.threshold.isoformat()}
    return ""
