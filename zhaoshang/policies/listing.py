"""Reads for the officers' pages: the policy list with each policy's current version and
counts in one query, a version's push task, and a version's matches filtered by outcome."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from zhaoshang.core.models import Task
from zhaoshang.policies.models import Application, Match, Policy, PolicyVersion
from zhaoshang.policies.selectors import version_matches

PUSH_TASK = "policies.push"


def policies_for_officers(status: str = "") -> QuerySet[Policy]:
    """Every policy, newest change first, annotated with its current version's number,
    push status and counts, and how many enterprises applied."""
    current = PolicyVersion.objects.filter(policy=OuterRef("pk")).order_by("-number")
    found = Policy.objects.select_related("region_scope").annotate(
        version_number=Subquery(current.values("number")[:1]),
        version_push_status=Subquery(current.values("push_status")[:1]),
        version_eligible=Subquery(current.values("eligible_count")[:1]),
        version_possibly=Subquery(current.values("possibly_count")[:1]),
        application_count=Count("applications", distinct=True),
    )
    if status in Policy.Status.values:
        found = found.filter(status=status)
    return found.order_by("-updated_at", "-pk")


def status_counts() -> dict[str, int]:
    rows = Policy.objects.order_by().values_list("status").annotate(n=Count("pk"))
    return {str(status): int(n) for status, n in rows}


@dataclass(frozen=True)
class PushProgress:
    """Where a version's push is, for the page that follows it."""

    state: str  # "queued", "running", "done" or "failed"
    percent: int | None = None
    message: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def push_progress(version: PolicyVersion, task: Task | None) -> PushProgress:
    """The version says whether its push is done; the task says whether a worker holds it
    (running, with how far it got), has not taken it yet (queued) or gave up (failed)."""
    if version.push_status == PolicyVersion.PushStatus.DONE:
        return PushProgress("done", 100)
    if task is not None and task.status == Task.Status.FAILED:
        return PushProgress("failed", task.percent, task.message)
    if task is not None and task.status == Task.Status.RUNNING:
        return PushProgress("running", task.percent)
    if task is None and version.push_status == PolicyVersion.PushStatus.RUNNING:
        return PushProgress("running")  # pushed outside the worker (the demo's loader)
    return PushProgress("queued", task.percent if task is not None else None)


def version_with_counts(pk: int) -> PolicyVersion:
    """One version as the versions page lists it (with its match count)."""
    return (
        PolicyVersion.objects.select_related("published_by", "policy")
        .annotate(
            match_count=Count("matches", filter=~Q(matches__outcome=Match.Outcome.NOT_ELIGIBLE))
        )
        .get(pk=pk)
    )


def push_task(version: PolicyVersion) -> Task | None:
    """The background task pushing ``version`` (the latest one, should it be resubmitted)."""
    return (
        Task.objects.filter(name=PUSH_TASK, arguments__version_id=version.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


def matches_for_page(version: PolicyVersion, outcome: str = "") -> QuerySet[Match]:
    found = version_matches(version).annotate(
        applied=Exists(
            Application.objects.filter(
                policy_id=version.policy_id, enterprise_id=OuterRef("enterprise_id")
            )
        )
    )
    if outcome in Match.Outcome.values:
        found = found.filter(outcome=outcome)
    return found


def outcome_counts(version: PolicyVersion) -> dict[str, int]:
    rows = version.matches.order_by().values_list("outcome").annotate(n=Count("pk"))
    return {str(outcome): int(n) for outcome, n in rows}


def versions_of(policy: Policy) -> QuerySet[PolicyVersion]:
    return (
        policy.versions.select_related("published_by")
        .annotate(
            match_count=Count("matches", filter=~Q(matches__outcome=Match.Outcome.NOT_ELIGIBLE))
        )
        .order_by("-number")
    )
