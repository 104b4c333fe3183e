"""Writes of site holds: hold a parcel or building for a lead, release it, lapse it, close
the others when the site is transferred. One transaction each, audited.

A second active hold on a site is refused, naming the lead and officer holding it, unless a
manager (who may manage the leads of their regions) overrides: the first hold then ends as
"overridden", with the manager named, in the audit log too. Two holds sent at the same moment
meet at the database's partial unique index: one is written, the other refused like any
second hold. A hold whose date has passed counts as lapsed even before the worker ends it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.notifications import notification_message, notification_send
from zhaoshang.core.text import text_check
from zhaoshang.leads.access import MANAGE_REGION, leads_visible_to
from zhaoshang.leads.models import Lead
from zhaoshang.sites.models import Building, Parcel, SiteHold

Site = Parcel | Building
MAX_DAYS = 366
WARN_DAYS = 3  # the officer is told this many days before a hold lapses
HOLD_LAPSING = "sites.hold_lapsing"
KIND = "site_hold"


class HoldRefused(ValidationError):
    """The site is held already; ``hold`` is the active hold that stands in the way."""

    def __init__(self, hold: SiteHold) -> None:
        self.hold = hold
        message = _("This site is already held for %(company)s by %(officer)s until %(until)s.") % {
            "company": hold.lead.company,
            "officer": hold.officer.display_name,
            "until": hold.until.isoformat(),
        }
        super().__init__({"site": [message]})


def _site_field(site: Site) -> str:
    return "parcel" if isinstance(site, Parcel) else "building"


def holds_of(site: Site) -> QuerySet[SiteHold]:
    return SiteHold.objects.filter(**{_site_field(site): site}).select_related("lead", "officer")


def can_override(user: User) -> bool:
    return user.is_superuser or user.has_perm(MANAGE_REGION)


def _end(hold: SiteHold, *, actor: User | None, how: str, by: User | None = None) -> None:
    before = snapshot(hold)
    hold.released_at = timezone.now()
    hold.ended = how
    hold.overridden_by = by
    hold.save(update_fields=["released_at", "ended", "overridden_by"])
    audit_update(actor=actor, instance=hold, before=before)


def site_hold(
    *,
    actor: User,
    site: Site,
    lead: Lead,
    until: datetime.date,
    reason: str = "",
    override: bool = False,
) -> SiteHold:
    """Hold ``site`` for ``lead`` until ``until`` (inclusive); raise HoldRefused when it is
    held already (unless ``override`` by a manager), ValidationError naming the field on bad
    input, PermissionDenied when ``actor`` may not work on the lead."""
    if not actor.has_perm("leads.change_lead") or not (
        leads_visible_to(actor).filter(pk=lead.pk).exists()
    ):
        raise PermissionDenied(_("You may not hold sites for this lead."))
    if override and not can_override(actor):
        raise PermissionDenied(_("Only a manager may override another officer's hold."))
    text_check({"reason": reason})
    reason = reason.strip()
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if until < today:
        errors["until"] = [_("The date a hold ends may not be in the past.")]
    elif until > today + datetime.timedelta(days=MAX_DAYS):
        errors["until"] = [_("A hold may last at most a year.")]
    if len(reason) > 500:
        errors["reason"] = [_("Keep the reason under 500 characters.")]
    if getattr(site, "status", "") in ("transferred", "withdrawn"):
        errors["site"] = [_("This site is no longer available.")]
    if errors:
        raise ValidationError(errors)

    field = _site_field(site)
    with transaction.atomic():
        # Lock the site's row (PostgreSQL); SQLite's IMMEDIATE transactions already queue
        # writers. The unique index settles whatever still meets.
        type(site).objects.select_for_update().filter(pk=site.pk).first()
        current = holds_of(site).filter(released_at__isnull=True).first()
        if current is not None and current.until < today:
            _end(current, actor=None, how=SiteHold.Ended.LAPSED)
            current = None
        if current is not None:
            if not override:
                raise HoldRefused(current)
            _end(current, actor=actor, how=SiteHold.Ended.OVERRIDDEN, by=actor)
        hold = SiteHold(**{field: site}, lead=lead, officer=actor, until=until, reason=reason)
        try:
            with transaction.atomic():
                hold.save()
        except IntegrityError:
            winner = holds_of(site).filter(released_at__isnull=True).first()
            if winner is None:
                raise
            raise HoldRefused(winner) from None
        audit_create(actor=actor, instance=hold)
    return hold


def site_hold_release(*, actor: User, hold: SiteHold) -> SiteHold:
    """End ``hold`` now: its officer, an officer of its lead or a manager may."""
    if not (
        hold.officer_id == actor.pk
        or can_override(actor)
        or (
            actor.has_perm("leads.change_lead")
            and leads_visible_to(actor).filter(pk=hold.lead_id).exists()
        )
    ):
        raise PermissionDenied(_("You may not release this hold."))
    with transaction.atomic():
        hold = SiteHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is not None:
            raise ValidationError({"hold": [_("This hold has ended already.")]})
        _end(hold, actor=actor, how=SiteHold.Ended.RELEASED)
    return hold


def holds_close_for_transfer(site: Site, lead: Lead, *, actor: User | None = None) -> int:
    """The site goes to ``lead``: end every other active hold on it (as "transferred").
    Call it inside the status change's transaction. Returns how many ended."""
    closed = 0
    others = holds_of(site).filter(released_at__isnull=True).exclude(lead=lead)
    for hold in others.select_for_update():
        _end(hold, actor=actor, how=SiteHold.Ended.TRANSFERRED)
        closed += 1
    return closed


def site_transfer(*, actor: User, site: Parcel, lead: Lead, note: str = "") -> Parcel:
    """The parcel is transferred to ``lead`` (signed): its status moves to "transferred"
    (with its history) and every other lead's hold on it ends, in one transaction."""
    from zhaoshang.leads.stages import SIGNED_STAGES
    from zhaoshang.sites.services import site_status_change

    if lead.stage not in SIGNED_STAGES:
        raise ValidationError({"lead": [_("A parcel is transferred to a signed lead only.")]})
    if not leads_visible_to(actor).filter(pk=lead.pk).exists():
        raise PermissionDenied(_("You may not hold sites for this lead."))
    with transaction.atomic():
        moved = site_status_change(actor=actor, site=site, status="transferred", note=note)
        holds_close_for_transfer(moved, lead, actor=actor)
        own = holds_of(moved).filter(released_at__isnull=True, lead=lead)
        for hold in own.select_for_update():
            _end(hold, actor=actor, how=SiteHold.Ended.TRANSFERRED)
    assert isinstance(moved, Parcel)
    return moved


def holds_lapse(*, day: datetime.date | None = None) -> int:
    """End every hold whose date has passed (the worker runs it daily)."""
    day = day or timezone.localdate()
    lapsed = 0
    for pk in SiteHold.objects.filter(released_at__isnull=True, until__lt=day).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            hold = SiteHold.objects.select_for_update().filter(pk=pk).first()
            if hold is not None and hold.released_at is None:
                _end(hold, actor=None, how=SiteHold.Ended.LAPSED)
                lapsed += 1
    return lapsed


@notification_message(HOLD_LAPSING)
def _hold_lapsing(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("Your hold on %(site)s for %(company)s ends on %(until)s") % {
        "site": params["site"],
        "company": params["company"],
        "until": params["until"],
    }
    return title, _("Extend it with a new hold or let it lapse.")


def holds_warn(*, day: datetime.date | None = None) -> int:
    """Tell each officer, once, that a hold of theirs ends within WARN_DAYS days."""
    day = day or timezone.localdate()
    sent = 0
    ending = SiteHold.objects.filter(
        released_at__isnull=True,
        until__gte=day,
        until__lte=day + datetime.timedelta(days=WARN_DAYS),
        warned_on__isnull=True,
        officer__is_active=True,
    ).select_related("lead", "officer", "parcel", "building")
    for hold in ending:
        site: models.Model = hold.site
        notification_send(
            user=hold.officer,
            kind=KIND,
            message=HOLD_LAPSING,
            params={
                "site": str(site),
                "company": hold.lead.company,
                "until": hold.until.isoformat(),
            },
            url=reverse("leads-detail", args=[hold.lead_id]),
            key=f"site-hold-lapsing:{hold.pk}",
        )
        SiteHold.objects.filter(pk=hold.pk).update(warned_on=day)
        sent += 1
    return sent
