"""Three-valued (Kleene) logic, the same as SQL's: unknown is a missing value's truth."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"  # the rule is TRUE
    NOT_ELIGIBLE = "not_eligible"  # FALSE
    POSSIBLY_ELIGIBLE = "possibly_eligible"  # UNKNOWN: missing data could still make it pass

    @classmethod
    def of(cls, status: Status) -> Outcome:
        return {
            Status.PASS: cls.ELIGIBLE,
            Status.FAIL: cls.NOT_ELIGIBLE,
            Status.UNKNOWN: cls.POSSIBLY_ELIGIBLE,
        }[status]


def _combine(statuses: Iterable[Status], decisive: Status) -> Status:
    """Kleene's and (decisive FAIL) or or (decisive PASS): the decisive status wins, else
    UNKNOWN if any, else the other one."""
    result = Status.FAIL if decisive is Status.PASS else Status.PASS
    for status in statuses:
        if status is decisive:
            return decisive
        if status is Status.UNKNOWN:
            result = Status.UNKNOWN
    return result


def all_of(statuses: Iterable[Status]) -> Status:
    """FALSE if any is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE."""
    return _combine(statuses, Status.FAIL)


def any_of(statuses: Iterable[Status]) -> Status:
    """TRUE if any is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE."""
    return _combine(statuses, Status.PASS)


def negate(status: Status) -> Status:
    return {Status.PASS: Status.FAIL, Status.FAIL: Status.PASS}.get(status, Status.UNKNOWN)


def of_bool(value: bool | None) -> Status:
    return Status.UNKNOWN if value is None else Status.PASS if value else Status.FAIL
