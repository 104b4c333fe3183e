"""The words for the engine's codes, in the reader's language (the engine has none)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.performance import engine as e

PROMISE_LABELS = {
    e.INVESTMENT: _("investment made"),
    e.OUTPUT: _("output"),
    e.TAX: _("taxes"),
    e.JOBS: _("jobs"),
    e.TAX_PER_MU: _("tax per mu"),
    e.INTENSITY: _("investment intensity"),
    e.MILESTONES: _("milestone dates"),
}
TEST_LABELS = {
    e.SHARE_BELOW: _("actual below this share of plan"),
    e.YEARS_BELOW: _("years in a row below the contract after full capacity, at least"),
    e.DAYS_LATE: _("days late, more than"),
}
STATUS_LABELS = {
    e.ON_TRACK: _("on track"),
    e.BEHIND: _("behind"),
    e.BREACHED: _("breached"),
    e.NOT_ASSESSED: _("not assessed"),
}
WHY_NOT = {
    "no_plan": _("No planned figures for a quarter that has ended."),
    "no_promise": _("The contract sets no figure for this (or no land area)."),
    "not_completed": _("Assessed once construction is completed."),
    "not_full_capacity": _("Assessed after full capacity is reached."),
    "no_whole_year": _("Assessed after a whole calendar year at full capacity."),
}

PROMISE_CHOICES = [(code, PROMISE_LABELS[code]) for code in e.PROMISE_CODES]
TEST_CHOICES = [(code, TEST_LABELS[code]) for code in e.TEST_CODES]
STATUS_CHOICES = [(code, STATUS_LABELS[code]) for code in e.STATUS_CODES]
