"""Contract performance (履约): each promise of a signed project, actual against plan, with
a status set by rules that are data. Free of Django, so it is tested and run alone.

A rule is (promise, test, threshold, status). The tests:

- ``share_below`` — the actual is below ``threshold`` times the plan (0.8: under 80 %).
  Investment made, output and taxes add up the quarters that have ended and have a plan
  (a quarter without an actual counts as nothing made); jobs compare the latest such
  quarter; investment intensity compares the investment made per mu with the contract's
  figure once construction is completed.
- ``years_below`` — tax per mu: the number of whole calendar years after full capacity,
  counted back from the latest, whose taxes per mu stayed below the contract's figure, is
  at least ``threshold``.
- ``days_late`` — milestones: the latest milestone, reached or not, is later than its
  promised date by more than ``threshold`` days.

Every active rule of a promise is checked; the worst status among the rules that hold is
the promise's (breached over behind), and the rule that set it is named. When none holds
the promise is on track; when the facts a test needs are missing it is not assessed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from zhaoshang.projects.quarters import Quarter, quarter_end

INVESTMENT, OUTPUT, TAX, JOBS = "investment", "output", "tax", "jobs"
TAX_PER_MU, INTENSITY, MILESTONES = "tax_per_mu", "intensity", "milestones"
PROMISE_CODES: tuple[str, ...] = (INVESTMENT, OUTPUT, TAX, JOBS, TAX_PER_MU, INTENSITY, MILESTONES)
SHARE_BELOW, YEARS_BELOW, DAYS_LATE = "share_below", "years_below", "days_late"
TEST_CODES: tuple[str, ...] = (SHARE_BELOW, YEARS_BELOW, DAYS_LATE)
ON_TRACK, BEHIND, BREACHED, NOT_ASSESSED = "on_track", "behind", "breached", "not_assessed"
STATUS_CODES: tuple[str, ...] = (BEHIND, BREACHED)  # what a rule may set
SEVERITY = {NOT_ASSESSED: 0, ON_TRACK: 1, BEHIND: 2, BREACHED: 3}

# Which test a promise is judged by, and the bounds of its threshold.
TEST_OF: dict[str, str] = {
    INVESTMENT: SHARE_BELOW,
    OUTPUT: SHARE_BELOW,
    TAX: SHARE_BELOW,
    JOBS: SHARE_BELOW,
    INTENSITY: SHARE_BELOW,
    TAX_PER_MU: YEARS_BELOW,
    MILESTONES: DAYS_LATE,
}
THRESHOLD_BOUNDS: dict[str, tuple[Decimal, Decimal, bool]] = {  # low, high, whole number
    SHARE_BELOW: (Decimal("0.01"), Decimal("10"), False),
    YEARS_BELOW: (Decimal(1), Decimal(50), True),
    DAYS_LATE: (Decimal(0), Decimal(3650), True),
}


@dataclass(frozen=True)
class Rule:
    id: int
    promise: str
    test: str
    threshold: Decimal
    status: str


def rule_problems(promise: str, test: str, threshold: Decimal, status: str) -> dict[str, str]:
    """What is wrong with a rule, by field (codes a caller turns into sentences)."""
    problems: dict[str, str] = {}
    if promise not in PROMISE_CODES:
        problems["promise"] = "unknown"
    elif test != TEST_OF[promise]:
        problems["test"] = "wrong_test"
    if status not in STATUS_CODES:
        problems["status"] = "unknown"
    if test in THRESHOLD_BOUNDS:
        low, high, whole = THRESHOLD_BOUNDS[test]
        if not low <= threshold <= high:
            problems["threshold"] = "out_of_bounds"
        elif whole and threshold != threshold.to_integral_value():
            problems["threshold"] = "whole_number"
    elif "test" not in problems:
        problems["test"] = "unknown"
    return problems


@dataclass(frozen=True)
class QuarterFacts:
    quarter: Quarter
    planned: dict[str, Decimal | None]  # investment, output, tax, jobs
    actual: dict[str, Decimal | None]


@dataclass(frozen=True)
class MilestoneFacts:
    kind: str
    planned_on: datetime.date | None
    actual_on: datetime.date | None


@dataclass(frozen=True)
class ProjectFacts:
    today: datetime.date
    promised: dict[str, Decimal | None]  # tax_per_mu, intensity (and the others, shown)
    land_mu: Decimal | None
    quarters: Sequence[QuarterFacts]
    milestones: Sequence[MilestoneFacts]


@dataclass(frozen=True)
class Check:
    rule: Rule
    holds: bool


@dataclass
class PromiseResult:
    promise: str
    status: str
    plan: Decimal | None = None
    actual: Decimal | None = None
    observed: Decimal | None = None  # the share, the years below or the days late
    why_not: str = ""  # when not assessed: what is missing
    subject: str = ""  # the milestone that is latest, the years counted
    rule: Rule | None = None  # the rule that set the status
    checks: list[Check] = field(default_factory=list)


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _ended(facts: ProjectFacts) -> list[QuarterFacts]:
    return sorted(
        (q for q in facts.quarters if quarter_end(q.quarter) < facts.today),
        key=lambda q: q.quarter,
    )


def _flow(facts: ProjectFacts, name: str) -> PromiseResult:
    """Investment made, output, taxes: the sum of the ended quarters that have a plan."""
    rows = [q for q in _ended(facts) if q.planned.get(name) is not None]
    result = PromiseResult(name, NOT_ASSESSED)
    if not rows:
        result.why_not = "no_plan"
        return result
    result.plan = _sum(q.planned[name] for q in rows)
    result.actual = _sum(q.actual.get(name) for q in rows)
    if result.plan == 0:
        result.why_not = "no_plan"
        return result
    result.observed = result.actual / result.plan
    return result


def _jobs(facts: ProjectFacts) -> PromiseResult:
    rows = [q for q in _ended(facts) if q.planned.get(JOBS)]
    result = PromiseResult(JOBS, NOT_ASSESSED)
    if not rows:
        result.why_not = "no_plan"
        return result
    last = rows[-1]
    result.plan = last.planned[JOBS]
    result.actual = last.actual.get(JOBS) or Decimal(0)
    result.subject = f"{last.quarter[0]}Q{last.quarter[1]}"
    assert result.plan is not None
    result.observed = result.actual / result.plan
    return result


def _reached(facts: ProjectFacts, kind: str) -> datetime.date | None:
    for milestone in facts.milestones:
        if milestone.kind == kind:
            return milestone.actual_on
    return None


def _intensity(facts: ProjectFacts) -> PromiseResult:
    result = PromiseResult(INTENSITY, NOT_ASSESSED, plan=facts.promised.get(INTENSITY))
    if not result.plan or not facts.land_mu:
        result.why_not = "no_promise"
        return result
    if _reached(facts, "completed") is None:
        result.why_not = "not_completed"
        return result
    made = _sum(q.actual.get(INVESTMENT) for q in facts.quarters)
    result.actual = made / facts.land_mu
    result.observed = result.actual / result.plan
    return result


def _tax_per_mu(facts: ProjectFacts) -> PromiseResult:
    """Whole calendar years after full capacity, latest first: how many in a row stayed
    below the contract's tax per mu."""
    result = PromiseResult(TAX_PER_MU, NOT_ASSESSED, plan=facts.promised.get(TAX_PER_MU))
    if not result.plan or not facts.land_mu:
        result.why_not = "no_promise"
        return result
    full = _reached(facts, "full_capacity")
    if full is None:
        result.why_not = "not_full_capacity"
        return result
    years = list(range(full.year + 1, facts.today.year))
    if not years:
        result.why_not = "no_whole_year"
        return result
    taxes: dict[int, Decimal] = {}
    for q in facts.quarters:
        if q.quarter[0] in years:
            taxes[q.quarter[0]] = taxes.get(q.quarter[0], Decimal(0)) + (
                q.actual.get(TAX) or Decimal(0)
            )
    below = 0
    for year in reversed(years):
        per_mu = taxes.get(year, Decimal(0)) / facts.land_mu
        if year == years[-1]:
            result.actual = per_mu
        if per_mu >= result.plan:
            break
        below += 1
    result.observed = Decimal(below)
    result.subject = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return result


def _milestones(facts: ProjectFacts) -> PromiseResult:
    result = PromiseResult(MILESTONES, NOT_ASSESSED)
    worst: tuple[int, str] | None = None
    for m in facts.milestones:
        if m.planned_on is None:
            continue
        happened = m.actual_on or (facts.today if m.planned_on < facts.today else None)
        late = max((happened - m.planned_on).days, 0) if happened else 0
        if worst is None or late > worst[0]:
            worst = (late, m.kind)
    if worst is None:
        result.why_not = "no_promise"
        return result
    result.observed = Decimal(worst[0])
    result.subject = worst[1]
    return result


_MEASURES = {
    INVESTMENT: lambda f: _flow(f, INVESTMENT),
    OUTPUT: lambda f: _flow(f, OUTPUT),
    TAX: lambda f: _flow(f, TAX),
    JOBS: _jobs,
    INTENSITY: _intensity,
    TAX_PER_MU: _tax_per_mu,
    MILESTONES: _milestones,
}


def _holds(rule: Rule, observed: Decimal) -> bool:
    if rule.test == SHARE_BELOW:
        return observed < rule.threshold
    if rule.test == YEARS_BELOW:
        return observed >= rule.threshold
    return observed > rule.threshold  # DAYS_LATE


def evaluate(facts: ProjectFacts, rules: Iterable[Rule]) -> list[PromiseResult]:
    """Each promise's result, in the order of PROMISE_CODES."""
    by_promise: dict[str, list[Rule]] = {}
    for rule in rules:
        by_promise.setdefault(rule.promise, []).append(rule)
    results = []
    for promise in PROMISE_CODES:
        result = _MEASURES[promise](facts)
        if result.observed is not None:
            result.status = ON_TRACK
            for rule in by_promise.get(promise, []):
                if rule.test != TEST_OF[promise]:
                    continue
                holds = _holds(rule, result.observed)
                result.checks.append(Check(rule, holds))
                if holds and SEVERITY[rule.status] > SEVERITY[result.status]:
                    result.status, result.rule = rule.status, rule
        results.append(result)
    return results


def overall(results: Iterable[PromiseResult]) -> str:
    """The worst status of a project's promises."""
    return max((r.status for r in results), key=SEVERITY.__getitem__, default=NOT_ASSESSED)


# The rules a new installation starts with (a manager changes them on the rules page).
DEFAULT_RULES: tuple[tuple[str, str, str, str], ...] = (
    (INVESTMENT, SHARE_BELOW, "0.8", BEHIND),
    (INVESTMENT, SHARE_BELOW, "0.5", BREACHED),
    (OUTPUT, SHARE_BELOW, "0.8", BEHIND),
    (TAX, SHARE_BELOW, "0.8", BEHIND),
    (JOBS, SHARE_BELOW, "0.8", BEHIND),
    (INTENSITY, SHARE_BELOW, "1", BEHIND),
    (TAX_PER_MU, YEARS_BELOW, "1", BEHIND),
    (TAX_PER_MU, YEARS_BELOW, "2", BREACHED),
    (MILESTONES, DAYS_LATE, "0", BEHIND),
    (MILESTONES, DAYS_LATE, "180", BREACHED),
)
