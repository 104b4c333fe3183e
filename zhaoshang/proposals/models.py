"""Investor proposals: the offer an officer composes for one lead, frozen when sent and
read by the investor on a private page; the investor's answers; and the cost tables
(tariffs, wages, social insurance) the center keeps for its counties and for the places
investors come from.

A proposal's investor link carries a random token of 256 bits; only its SHA-256 digest is
stored (``token_hash``), so the database cannot give links away and a lookup is one
indexed equality on the digest, whatever the token.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.core.models import PrivateFile, localized
from zhaoshang.leads.models import Lead
from zhaoshang.registry.models import Region


class CostItem(models.TextChoices):
    """What a cost figure prices, with its unit in the label."""

    POWER = "power_kwh", _("industrial power, per kWh")
    WATER = "water_m3", _("industrial water, per m³")
    GAS = "gas_m3", _("natural gas, per m³")
    WAGE_OPERATOR = "wage_operator", _("average wage, production worker, per month")
    WAGE_TECHNICIAN = "wage_technician", _("average wage, technician, per month")
    WAGE_ENGINEER = "wage_engineer", _("average wage, engineer or manager, per month")
    SOCIAL_INSURANCE = "social_insurance", _("employer's social insurance, % of wages")


WAGE_ITEMS = (CostItem.WAGE_OPERATOR, CostItem.WAGE_TECHNICIAN, CostItem.WAGE_ENGINEER)
PERCENT_ITEMS = (CostItem.SOCIAL_INSURANCE,)


class CostPlace(models.Model):
    """A place the center keeps costs for: one of its counties (``region``) or a place
    investors compare with (a province of Vietnam, say), in three languages."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for a place outside the region served (a comparison)."),
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=120, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    illustrative = models.BooleanField(
        _("illustrative, not official"),
        default=False,
        help_text=_("Its figures are examples, not published tariffs; proposals say so."),
    )

    class Meta:
        verbose_name = _("cost place")
        verbose_name_plural = _("cost places")
        ordering = ["region_id", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def is_comparison(self) -> bool:
        return self.region_id is None


class CostFigure(models.Model):
    """One price of one place (power per kWh, an average wage, ...), dated, with its source."""

    place = models.ForeignKey(
        CostPlace, verbose_name=_("place"), on_delete=models.CASCADE, related_name="figures"
    )
    item = models.CharField(_("item"), max_length=20, choices=CostItem.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("cost figure")
        verbose_name_plural = _("cost figures")
        ordering = ["place", "item", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "item", "valid_from"], name="proposals_cost_once_a_day"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="proposals_cost_value"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id} {self.item} {self.valid_from}"


class Proposal(models.Model):
    """An offer to the investor of one lead. A draft is edited freely; sending freezes what
    the investor sees (``snapshot``) and makes the link; a new version is a new proposal
    that names the one it replaces (``previous``)."""

    class Status(models.TextChoices):
        # "sent" alone is also the time an answer came: the context keeps them apart.
        DRAFT = "draft", pgettext_lazy("proposal status", "draft")
        SENT = "sent", pgettext_lazy("proposal status", "sent")
        REVOKED = "revoked", pgettext_lazy("proposal status", "revoked")

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="proposals"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("investor's language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # {"greeting_en": ..., "summary_zh_hans": ..., "logistics_..", "next_steps_.."}
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    # [{"kind": "parcel" | "building", "id": n}, ...] in the order shown
    sites = models.JSONField(_("sites"), default=list, blank=True)
    # {"industry_code", "investment_wan", "jobs", "revenue_wan", "high_tech"}
    facts = models.JSONField(_("the project's facts"), default=dict, blank=True)
    comparison = models.ForeignKey(
        CostPlace,
        verbose_name=_("compare costs with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # [{"name", "role", "phone", "email", "wechat"}, ...]
    contacts = models.JSONField(_("contacts"), default=list, blank=True)
    expires_on = models.DateField(_("link valid until"), null=True, blank=True)
    snapshot = models.JSONField(_("what the investor sees"), null=True, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    first_viewed_at = models.DateTimeField(_("first viewed"), null=True, blank=True)
    last_viewed_at = models.DateTimeField(_("last viewed"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        permissions = [("view_proposal_reports", _("Can see the proposals report"))]
        indexes = [models.Index(fields=["lead", "status"], name="proposals_lead_status")]

    def __str__(self) -> str:
        return f"{self.lead_id} v{self.number}"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_live(self) -> bool:
        """The investor's link opens the page."""
        return self.status == self.Status.SENT and not self.is_expired


class ProposalAnswer(models.Model):
    """What an investor said on the proposal's page: a question, dates for a site visit or
    the site that interests them. Kept as plain text."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("a question")
        VISIT = "visit", _("dates for a site visit")
        INTEREST = "interest", _("the site that interests us")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="answers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    message = models.TextField(_("message"), blank=True)
    visit_dates = models.JSONField(_("proposed dates"), default=list, blank=True)
    site = models.CharField(_("site"), max_length=80, blank=True)  # "parcel:12"
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("investor's answer")
        verbose_name_plural = _("investors' answers")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.kind}"


class ProposalAttachment(models.Model):
    """A PDF or an image sent with a proposal, kept as a private file and served to the
    investor only through the proposal's link."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(PrivateFile, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
