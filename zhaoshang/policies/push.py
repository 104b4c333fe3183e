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
from zhaoshang.policies.eligibility import (
    FACTS_FROM,
    FACTS_FROM_RANGE,
    explain_enterprise,
    predicate_sql,
)
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


@dataclass
class Inserted:
    """The matches one statement inserted: how many of each outcome, and the outcome of
    each whose enterprise has members (the only ones anybody is told of)."""

    eligible: int
    possibly_eligible: int
    told: dict[int, str]


_IN_RANGE = "version_id = %s AND enterprise_id > %s AND enterprise_id <= %s"


def _outcome_counts(cursor: Any, version_id: int, low: int, high: int) -> dict[str, int]:
    cursor.execute(
        f"SELECT outcome, COUNT(*) FROM policies_match WHERE {_IN_RANGE} GROUP BY outcome",
        [version_id, low, high],
    )
    return {str(outcome): int(count) for outcome, count in cursor.fetchall()}


def _insert_matches(
    version: PolicyVersion, predicate: str, params: list[Any], low: int, high: int
) -> Inserted:
    """Insert the matches of enterprises with ``low < id <= high`` that have none for
    ``version``, in one statement inside the database. The caller holds the version's row
    lock (``_locked``), so that nothing else writes its matches meanwhile.

    The inserted rows do not come back to Python: their counts are the range's counts after
    less before (both read by the unique index), and the members to tell are looked up from
    the few enterprises with accounts, not from every new match."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert = (
        "INSERT INTO policies_match (version_id, enterprise_id, outcome, created_at, updated_at) "
        "SELECT %s, t.id, CASE WHEN t.p THEN 'eligible' ELSE 'possibly_eligible' END, %s, %s "
        f"FROM (SELECT e.id AS id, ({predicate}) AS p FROM {FACTS_FROM_RANGE} "
        "WHERE e.id > %s AND e.id <= %s) t "
        "WHERE t.p IS NULL OR t.p "
        "ON CONFLICT (version_id, enterprise_id) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT m.enterprise_id FROM registry_enterprisemember m "
            "WHERE m.enterprise_id > %s AND m.enterprise_id <= %s AND NOT EXISTS "
            "(SELECT 1 FROM policies_match x WHERE x.version_id = %s "
            "AND x.enterprise_id = m.enterprise_id)",
            [low, high, version.pk],
        )
        unmatched = {int(pk) for (pk,) in cursor.fetchall()}
        before = _outcome_counts(cursor, version.pk, low, high)
        cursor.execute(insert, [version.pk, now, now, *params, low, high, low, high])
        after = _outcome_counts(cursor, version.pk, low, high)
        told: dict[int, str] = {}
        if unmatched:
            cursor.execute(
                f"SELECT enterprise_id, outcome FROM policies_match WHERE {_IN_RANGE} AND "
                "enterprise_id IN (SELECT m.enterprise_id FROM registry_enterprisemember m "
                "WHERE m.enterprise_id > %s AND m.enterprise_id <= %s)",
                [version.pk, low, high, low, high],
            )
            told = {int(pk): str(o) for pk, o in cursor.fetchall() if int(pk) in unmatched}

    def added(outcome: str) -> int:
        return after.get(outcome, 0) - before.get(outcome, 0)

    return Inserted(
        eligible=added(Match.Outcome.ELIGIBLE.value),
        possibly_eligible=added(Match.Outcome.POSSIBLY_ELIGIBLE.value),
        told=told,
    )


def _locked(version: PolicyVersion) -> PolicyVersion:
    """The version with its row locked until the transaction ends: one writer of its
    matches at a time (a push's chunk, or a refresh)."""
    return PolicyVersion.objects.select_for_update().get(pk=version.pk)


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
    # Two queries: SQLite reads MIN or MAX alone from the index but scans for both at once.
    first = Enterprise.objects.aggregate(first=Min("id"))["first"]
    last_id = Enterprise.objects.aggregate(last=Max("id"))["last"] or 0
    start = (first or 1) - 1
    report = PushReport()
    if version.push_started_at is None:
        version.push_started_at = timezone.now()
    version.push_status = PolicyVersion.PushStatus.RUNNING
    version.save(update_fields=["push_started_at", "push_status"])
    while True:
        with transaction.atomic():
            locked = _locked(version)
            low = max(locked.pushed_through, start)
            if low >= last_id:
                break
            high = min(low + chunk, last_id)
            inserted = _insert_matches(locked, predicate, params, low, high)
            report.eligible += inserted.eligible
            report.possibly_eligible += inserted.possibly_eligible
            report.notified += _notify(locked, inserted.told)
            locked.pushed_through = high
            locked.eligible_count += inserted.eligible
            locked.possibly_count += inserted.possibly_eligible
            locked.save(update_fields=["pushed_through", "eligible_count", "possibly_count"])
        if progress is not None:
            progress(high, last_id)
    PolicyVersion.objects.filter(pk=version.pk).update(
        push_status=PolicyVersion.PushStatus.DONE, push_finished_at=timezone.now()
    )
    return report


def _notify(version: PolicyVersion, told: dict[int, str]) -> int:
    """Tell the users of each newly matched enterprise, each in their own language. A
    possibly eligible enterprise is told what to supply.

    The key is the policy, the enterprise and the outcome, not the version: a new version
    matches every enterprise again (its push, or a re-evaluation after an edit such as a
    confirmed profile correction), and a user already told "you qualify" for this policy is
    not told the same thing a second time. Moving from "may qualify" to "qualify" is news.

    ``told`` maps each newly matched enterprise that has members to its outcome."""
    if not told:
        return 0
    members = (
        EnterpriseMember.objects.filter(enterprise_id__in=list(told))
        .select_related("user", "enterprise")
        .order_by("enterprise_id", "pk")
    )
    sent = 0
    params = policy_params(version.policy)
    rule = None
    for member in members:
        outcome = told[member.enterprise_id]
        if outcome == Match.Outcome.ELIGIBLE:
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
            key=f"policy:{version.policy_id}:{member.enterprise_id}:{outcome}",
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
            _locked(version)
            for low, high in spans:
                inserted = _insert_matches(version, predicate, params, low, high)
                report.eligible += inserted.eligible
                report.possibly_eligible += inserted.possibly_eligible
                report.notified += _notify(version, inserted.told)
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
