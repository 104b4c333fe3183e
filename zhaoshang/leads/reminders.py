"""Reminders of follow-ups that are due: in the workspace and by mail, once per follow-up
and day (the notification key says which), so running them twice a day sends nothing new."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhaoshang.core.notifications import notification_send
from zhaoshang.leads.models import Activity

KIND = "lead_follow_up"


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
        overdue = (day - activity.follow_up_on).days
        # The center works in Chinese: reminders are written in Simplified Chinese.
        with translation.override("zh-hans"):
            url = reverse("leads-detail", args=[activity.lead_id])
            title = (
                _("Follow-up overdue by %(days)s days: %(company)s")
                % {"days": overdue, "company": activity.lead.company}
                if overdue
                else _("Follow-up due today: %(company)s") % {"company": activity.lead.company}
            )
        body = activity.next_step or activity.summary
        sent = notification_send(
            user=activity.owner,
            kind=KIND,
            title=title,
            body=body[:2000],
            url=url,
            key=f"follow-up:{activity.pk}:{day.isoformat()}",
        )
        if sent is not None:
            report.sent += 1
    return report
