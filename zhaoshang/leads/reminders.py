"""Reminders of follow-ups that are due: in the workspace and by mail, once per follow-up
and day (the notification key says which), so running them twice a day sends nothing new.
Each officer reads them in their own language; the next step stays as they typed it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.notifications import notification_message, notification_send
from zhaoshang.leads.models import Activity

KIND = "lead_follow_up"
FOLLOW_UP_DUE = "leads.follow_up_due"


@notification_message(FOLLOW_UP_DUE)
def _follow_up_due(params: Mapping[str, Any]) -> tuple[str, str]:
    company, overdue = params["company"], int(params["days"])
    if overdue:
        title = _("Follow-up overdue by %(days)s days: %(company)s") % {
            "days": overdue,
            "company": company,
        }
    else:
        title = _("Follow-up due today: %(company)s") % {"company": company}
    return title, str(params.get("text", ""))


@dataclass
class ReminderReport:
    due: int = 0
    sent: int = 0


def follow_up_reminders_send(*, day: datetime.date | None = None) -> ReminderReport:
    """Remind each owner of each open follow-up due on ``day`` (today) or before."""
    day = day or timezone.localdate()
    report = ReminderReport()
    due = (
        Activity.objects.filter(
            follow_up_on__lte=day, follow_up_done_at__isnull=True, owner__is_active=True
        )
        .select_related("lead", "owner")
        .order_by("follow_up_on", "id")
    )
    for activity in due.iterator(chunk_size=500):
        assert activity.owner is not None
        assert activity.follow_up_on is not None
        report.due += 1
        sent = notification_send(
            user=activity.owner,
            kind=KIND,
            message=FOLLOW_UP_DUE,
            params={
                "company": activity.lead.company,
                "days": (day - activity.follow_up_on).days,
                # the officer's own words, kept as typed
                "text": (activity.next_step or activity.summary)[:2000],
            },
            url=reverse("leads-detail", args=[activity.lead_id]),
            key=f"follow-up:{activity.pk}:{day.isoformat()}",
        )
        if sent is not None:
            report.sent += 1
    return report
