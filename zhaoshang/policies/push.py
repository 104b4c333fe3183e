"""Pushing a published version to every enterprise that qualifies, exactly once.

The rule is compiled to one SQL predicate over the registry's tables, and each chunk of
enterprises (by id) is matched with one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` inside
the database: no enterprise passes through Python unless it has users to notify. A chunk,
its notifications and the version's ``pushed_through`` mark are one transaction, so a push
that is killed resumes after the last whole chunk: the unique (version, enterprise)
constraint rules out duplicates and the mark rules out gaps.

``matches_refresh`` re-evaluates the open policies' current versions for enterprises whose
data changed (an import, an edit): new matches are inserted and notified, and the outcome
of existing ones follows the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.notifications import notification_send
from zhaoshang.policies.eligibility import FACTS_FROM, explain_enterprise, predicate_sql
from zhaoshang.policies.eligibility import rule_with_scope as _rule
from zhaoshang.policies.models import Match, Policy, PolicyVersion
from zhaoshang.policies.notices import ELIGIBLE, POSSIBLY_ELIGIBLE, policy_params
from zhaoshang.registry.models import Enterprise, EnterpriseMember

CHUNK = 50_000

Progress = Callable[[int, int], None]


@dataclass
class PushReport:
    eligible: int = 0
    possibly_eligible: int = 0
    notified: int = 0


def _insert_matches(
    version: PolicyVersion, predicate: str, params: list[Any], low: int, high: int
) -> list[tuple[int, str]]:
    """Insert the matches of enterprises with ``low < id <= high``; return the (enterprise
    id, outcome) pairs inserted (not those already there)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        "INSERT INTO policies_match (version_id, enterprise_id, outcome, created_at, updated_at) "
        "SELECT %s, t.id, CASE WHEN t.p THEN 'eligible' ELSE 'possibly_eligible' END, %s, %s "
        f"FROM (SELECT e.id AS id, ({predicate}) AS p FROM {FACTS_FROM} "
        "WHERE e.id > %s AND e.id <= %s) t "
        "WHERE t.p IS NULL OR t.p "
        "ON CONFLICT (version_id, enterprise_id) DO NOTHING "
        "RETURNING enterprise_id, outcome"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [version.pk, now, now, *params, low, high])
        return [(int(pk), str(outcome)) for pk, outcome in cursor.fetchall()]


def version_push(
    version: PolicyVersion,
    *,
    chunk: int = CHUNK,
    progress: Progress | None = None,
) -> PushReport:
    """Push ``version`` from where it stopped (or the start) to the last enterprise."""
    version = PolicyVersion.objects.select_related("policy").get(pk=version.pk)
    rule = _rule(version.rule, version.region_scope_id)
    predicate, params = predicate_sql(rule, version.as_of)
    span = Enterprise.objects.aggregate(first=Min("id"), last=Max("id"))
    start, last_id = (span["first"] or 1) - 1, span["last"] or 0
    report = PushReport()
    if version.push_started_at is None:
        version.push_started_at = timezone.now()
    version.push_status = PolicyVersion.PushStatus.RUNNING
    version.save(update_fields=["push_started_at", "push_status"])
    while True:
        with transaction.atomic():
            locked = PolicyVersion.objects.select_for_update().get(pk=version.pk)
            low = max(locked.pushed_through, start)
            if low >= last_id:
                break
            high = min(low + chunk, last_id)
            inserted = _insert_matches(locked, predicate, params, low, high)
            eligible = sum(1 for _pk, outcome in inserted if outcome == Match.Outcome.ELIGIBLE)
            report.eligible += eligible
            report.possibly_eligible += len(inserted) - eligible
            report.notified += _notify(locked, inserted)
            locked.pushed_through = high
            locked.eligible_count += eligible
            locked.possibly_count += len(inserted) - eligible
            locked.save(update_fields=["pushed_through", "eligible_count", "possibly_count"])
        if progress is not None:
            progress(high, last_id)
    PolicyVersion.objects.filter(pk=version.pk).update(
        push_status=PolicyVersion.PushStatus.DONE, push_finished_at=timezone.now()
    )
    return report


def _notify(version: PolicyVersion, inserted: Iterable[tuple[int, str]]) -> int:
    """Tell the users of each newly matched enterprise, each in their own language. A
    possibly eligible enterprise is told what to supply.

    The key is the policy, the enterprise and the outcome, not the version: a new version
    matches every enterprise again (its push, or a re-evaluation after an edit such as a
    confirmed profile correction), and a user already told "you qualify" for this policy is
    not told the same thing a second time. Moving from "may qualify" to "qualify" is news."""
    outcomes = dict(inserted)
    if not outcomes:
        return 0
    members = (
        EnterpriseMember.objects.filter(enterprise_id__in=list(outcomes))
        .select_related("user", "enterprise")
        .order_by("enterprise_id")
    )
    sent = 0
    params = policy_params(version.policy)
    rule = None
    for member in members:
        if outcomes[member.enterprise_id] == Match.Outcome.ELIGIBLE:
            message, extra = ELIGIBLE, {}
        else:
            rule = rule or _rule(version.rule, version.region_scope_id)
            missing = explain_enterprise(rule, member.enterprise, version.as_of).missing
            message, extra = POSSIBLY_ELIGIBLE, {"missing": list(missing)}
        if notification_send(
            user=member.user,
            kind="policy",
            message=message,
            params={**params, **extra},
            url=reverse("policies-mine"),
            key=f"policy:{version.policy_id}:{member.enterprise_id}:{outcomes[member.enterprise_id]}",
        ):
            sent += 1
    return sent


def matches_refresh(enterprise_ids: Iterable[int] | None = None) -> PushReport:
    """Re-evaluate the current version of every open policy for these enterprises (all when
    None): insert and notify new matches, and let existing matches follow the data."""
    report = PushReport()
    today = timezone.localdate()
    if enterprise_ids is None:
        last_id = Enterprise.objects.aggregate(last=Max("id"))["last"] or 0
        spans = [(0, last_id)]
    else:
        spans = [(pk - 1, pk) for pk in sorted(set(enterprise_ids))]
    for policy in Policy.objects.filter(status=Policy.Status.OPEN).prefetch_related("versions"):
        version = policy.current_version
        if version is None or not policy.is_open_on(today):
            continue
        rule = _rule(version.rule, version.region_scope_id)
        predicate, params = predicate_sql(rule, version.as_of)
        with transaction.atomic():
            for low, high in spans:
                inserted = _insert_matches(version, predicate, params, low, high)
                eligible = sum(1 for _pk, o in inserted if o == Match.Outcome.ELIGIBLE)
                report.eligible += eligible
                report.possibly_eligible += len(inserted) - eligible
                report.notified += _notify(version, inserted)
                _update_outcomes(version, predicate, params, low, high)
    return report


def _update_outcomes(
    version: PolicyVersion, predicate: str, params: list[Any], low: int, high: int
) -> None:
    """Set existing matches' outcome to what the data says now."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    outcome = (
        f"(SELECT CASE WHEN ({predicate}) THEN 'eligible' WHEN NOT ({predicate}) "
        f"THEN 'not_eligible' ELSE 'possibly_eligible' END FROM {FACTS_FROM} "
        "WHERE e.id = policies_match.enterprise_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE policies_match SET outcome = {outcome}, updated_at = %s "
            f"WHERE version_id = %s AND enterprise_id > %s AND enterprise_id <= %s "
            f"AND outcome <> {outcome}",
            [*params, *params, now, version.pk, low, high, *params, *params],
        )
