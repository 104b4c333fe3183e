"""Reminders before a policy's window closes, to the users of eligible enterprises that have
not applied. Once per enterprise user, policy and closing date (the notification's key), so
running it every day sends each reminder once."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.notifications import notification_send
from zhaoshang.policies.models import Application, Match, Policy
from zhaoshang.policies.notices import CLOSING, policy_params
from zhaoshang.registry.models import EnterpriseMember

DAYS_BEFORE = 7


def policy_reminders_send(*, today: datetime.date | None = None, days: int = DAYS_BEFORE) -> int:
    """Remind of every open policy that closes within ``days`` (mode "apply"); return how
    many notifications were new."""
    day = today or timezone.localdate()
    closing = Policy.objects.filter(
        status=Policy.Status.OPEN,
        mode=Policy.Mode.APPLY,
        closes_on__gte=day,
        closes_on__lte=day + datetime.timedelta(days=days),
    )
    sent = 0
    for policy in closing:
        version = policy.current_version
        if version is None:
            continue
        applied = Application.objects.filter(policy=policy).values("enterprise_id")
        eligible = Match.objects.filter(version=version, outcome=Match.Outcome.ELIGIBLE).exclude(
            enterprise_id__in=applied
        )
        members = EnterpriseMember.objects.filter(
            enterprise_id__in=eligible.values("enterprise_id")
        ).select_related("user")
        assert policy.closes_on is not None  # the filter above
        for member in members:
            if notification_send(
                user=member.user,
                kind="policy-reminder",
                message=CLOSING,
                params={**policy_params(policy), "date": policy.closes_on.isoformat()},
                url=reverse("policies-mine"),
                key=f"policy-reminder:{policy.pk}:{member.enterprise_id}:{policy.closes_on}",
            ):
                sent += 1
    return sent
