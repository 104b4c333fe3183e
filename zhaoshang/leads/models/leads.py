"""Investment leads: the project, its contacts, its stage history and the work done on it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.leads.origins import ORIGIN_CHOICES
from zhaoshang.leads.stages import QUIET_STAGES, Stage
from zhaoshang.portal.models import Enquiry
from zhaoshang.registry.models import Enterprise, Industry, Region


class CurrencyRate(models.Model):
    """How many yuan one unit of a currency (ISO 4217) was worth from a date on."""

    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))
    yuan_per_unit = models.DecimalField(_("yuan per unit"), max_digits=14, decimal_places=6)

    class Meta:
        verbose_name = _("currency rate")
        verbose_name_plural = _("currency rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="leads_rate_once"),
            models.CheckConstraint(
                condition=models.Q(yuan_per_unit__gt=0), name="leads_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.valid_from}: {self.yuan_per_unit}"


class OfficerRegion(models.Model):
    """A region an officer or manager works in; a prefecture covers its counties."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lead_regions",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("officer's region")
        verbose_name_plural = _("officers' regions")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="leads_officer_region_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.region_id}"


class SiteKind(models.TextChoices):
    LAND = "land", _("land")
    BUILDING = "building", _("building")
    EITHER = "either", _("land or building")


class Lead(models.Model):
    """An investment project the center works to bring in, from first contact to operation."""

    class Source(models.TextChoices):
        WEB_ENQUIRY = "web", _("web enquiry")
        REFERRAL = "referral", _("referral")
        EXPO = "expo", _("expo or fair")
        VISIT = "visit", _("visit")
        CALL = "call", _("call")
        CHAIN_TARGETING = "chain", _("chain targeting")

    company = models.CharField(_("company"), max_length=200)
    company_key = models.CharField(max_length=200, db_index=True, editable=False)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("registered enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    origin = models.CharField(_("origin"), max_length=2, choices=ORIGIN_CHOICES)
    origin_detail = models.CharField(_("city of origin"), max_length=100, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.CharField(_("product"), max_length=200, blank=True)
    investment_amount = models.DecimalField(
        _("planned investment"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    investment_currency = models.CharField(_("currency"), max_length=3, default="CNY")
    investment_rate = models.DecimalField(
        _("yuan per unit"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    investment_yuan = models.DecimalField(
        _("planned investment (yuan)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    land_mu = models.DecimalField(
        _("land (mu)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    building_m2 = models.DecimalField(
        _("buildings (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    power_kva = models.DecimalField(
        _("power (kVA)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)
    expected_start = models.DateField(_("expected start"), null=True, blank=True)
    # What the lead needs of a site, for matching it to parcels and buildings.
    site_kind = models.CharField(
        _("site wanted"), max_length=8, choices=SiteKind.choices, default=SiteKind.EITHER
    )
    preferred_counties = models.JSONField(
        _("preferred counties"), default=list, blank=True
    )  # region codes (GB/T 2260): counties, or prefectures for all their counties
    budget_yuan = models.DecimalField(
        _("site budget (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    needed_by = models.DateField(_("site needed by"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officers"),
        blank=True,
        related_name="assigned_leads",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD)
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    furthest_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    signed_on = models.DateField(_("signed"), null=True, blank=True, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-stage_changed_at", "-id"]
        permissions = [
            ("view_lead_reports", _("Can see lead reports and export them")),
            (
                "manage_region_leads",
                _("Can see and edit every lead in their regions, confidential ones too"),
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "stage_changed_at"]),
            models.Index(fields=["stage_changed_at", "id"], name="leads_lead_recent_moves"),
            models.Index(fields=["region", "stage"]),
            models.Index(fields=["signed_on"]),
            models.Index(fields=["last_activity_at"]),
        ]

    def __str__(self) -> str:
        return self.company

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_changed_at).days

    @property
    def quiet_since(self) -> datetime.datetime:
        return self.last_activity_at or self.created_at

    @property
    def is_stale(self) -> bool:
        """No activity for LEADS_STALE_DAYS while the lead is still being worked."""
        if self.stage in QUIET_STAGES:
            return False
        days = getattr(settings, "LEADS_STALE_DAYS", 30)
        return timezone.now() - self.quiet_since > datetime.timedelta(days=days)

    @property
    def investment_10k_yuan(self) -> Decimal | None:
        if self.investment_yuan is None:
            return None
        return (self.investment_yuan / 10_000).quantize(Decimal("0.01"))


class LeadContact(models.Model):
    """A person at the investing company."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("telephone"), max_length=32, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    email_domain = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """A lead entered a stage: when, from where, why and who moved it."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    days_in_from_stage = models.FloatField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["lead", "at"])]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.from_stage} → {self.to_stage}"


class Activity(models.Model):
    """A call, meeting, site visit, email or note on a lead, and the follow-up it asks for."""

    class Kind(models.TextChoices):
        CALL = "call", _("call")
        MEETING = "meeting", _("meeting")
        SITE_VISIT = "site_visit", _("site visit")
        EMAIL = "email", _("email")
        NOTE = "note", _("note")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    summary = models.TextField(_("summary"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lead_activities",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["lead", "occurred_on"]),
            models.Index(
                fields=["owner", "follow_up_on"],
                condition=models.Q(follow_up_on__isnull=False, follow_up_done_at__isnull=True),
                name="leads_activity_open_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_on is not None and self.follow_up_done_at is None


class SavedFilter(models.Model):
    """A named set of list filters an officer keeps."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lead_filters"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=1000)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="leads_saved_filter_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class EnquiryTriage(models.Model):
    """What an officer made of a web enquiry: a new lead, part of a lead, or spam."""

    class Outcome(models.TextChoices):
        CONVERTED = "converted", _("converted into a lead")
        MERGED = "merged", _("merged into a lead")
        DISMISSED = "dismissed", _("dismissed as spam")

    enquiry = models.OneToOneField(Enquiry, on_delete=models.CASCADE, related_name="triage")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    lead = models.ForeignKey(
        Lead, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("enquiry triage")
        verbose_name_plural = _("enquiry triage")

    def __str__(self) -> str:
        return f"{self.enquiry_id}: {self.outcome}"
