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


def all_of(statuses: Iterable[Status]) -> Status:
    """FALSE if any is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE."""
    result = Status.PASS
    for status in statuses:
        if status is Status.FAIL:
            return Status.FAIL
        if status is Status.UNKNOWN:
            result = Status.UNKNOWN
    return result


def any_of(statuses: Iterable[Status]) -> Status:
    """TRUE if any is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE."""
    result = Status.FAIL
    for status in statuses:
        if status is Status.PASS:
            return Status.PASS
        if status is Status.UNKNOWN:
            result = Status.UNKNOWN
    return result


def negate(status: Status) -> Status:
    return {Status.PASS: Status.FAIL, Status.FAIL: Status.PASS}.get(status, Status.UNKNOWN)


def of_bool(value: bool | None) -> Status:
    return Status.UNKNOWN if value is None else Status.PASS if value else Status.FAIL
