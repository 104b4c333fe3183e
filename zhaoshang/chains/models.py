"""Chains as rows: the chain files loaded into the database, the enterprises placed on their
links, officers' decisions on those placements and their notes, and the map's thresholds.

- ``Chain`` keeps the file's text (``source``): the engine reads the chain from it, so what
  is drawn and what is classified are one text. ``Link`` rows repeat what pages and SQL
  need (names, stage, order, supplies); a reload updates them in place by key, so a link's id
  and what hangs on it survive.
- ``Placement`` is the current placement of an enterprise on a link, as the classifier gave
  it and as officers corrected it: a rejected placement is removed after every run, a
  confirmed one is written back if the classifier dropped it (source ``officer``).
- ``PlacementDecision`` and ``LinkNote`` are keyed by the chain's and link's keys, not by row
  ids: a chain reloaded from its file, or a link removed and put back, finds them again.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhaoshang.registry.models import Enterprise


def _name_in(obj: Chain | Link, language: str | None) -> str:
    code = (language or get_language() or "en").lower()
    if code.startswith("zh-hant") or code in {"zh-tw", "zh-hk"}:
        return obj.name_zh_hant
    if code.startswith("zh"):
        return obj.name_zh_hans
    return obj.name_en


class Chain(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200)
    source = models.TextField(_("chain file (YAML)"))
    shipped_file = models.CharField(_("shipped file"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("industrial chain")
        verbose_name_plural = _("industrial chains")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return _name_in(self, language)


class Link(models.Model):
    class Stage(models.TextChoices):
        UPSTREAM = "upstream", _("upstream")
        MIDSTREAM = "midstream", _("midstream")
        DOWNSTREAM = "downstream", _("downstream")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="links")
    key = models.SlugField(_("key"), max_length=40)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200)
    classes = models.JSONField(_("industry classes"), default=list)  # as the file writes them
    supplies = models.JSONField(_("supplies"), default=list)  # link keys of the same chain
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "key"], name="chains_link_key_unique")
        ]
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return _name_in(self, language)


class Placement(models.Model):
    """An enterprise sits on a link, with the evidence (``class C3841; scope mentions …``)."""

    class Source(models.TextChoices):
        CLASS = "class", _("industry class")
        KEYWORDS = "keywords", _("keywords")
        OFFICER = "officer", _("officer")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="chain_placements"
    )
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="placements")
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "enterprise"], name="chains_placement_unique")
        ]
        indexes = [models.Index(fields=["enterprise"], name="chains_placement_enterprise")]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.enterprise_id} on {self.link_id}"


class PlacementDecision(models.Model):
    """An officer confirmed or rejected an enterprise's placement on a link; it holds over
    every later classification."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="chain_decisions"
    )
    chain_key = models.CharField(_("chain"), max_length=40)
    link_key = models.CharField(_("chain link"), max_length=40)
    verdict = models.CharField(_("decision"), max_length=9, choices=Verdict.choices)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "chain_key", "link_key"],
                name="chains_decision_unique",
            )
        ]
        verbose_name = _("placement decision")
        verbose_name_plural = _("placement decisions")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.chain_key}/{self.link_key}: {self.verdict}"


class LinkNote(models.Model):
    """An officer's note on a link (a local anchor's plans, a supplier to look for)."""

    chain_key = models.CharField(_("chain"), max_length=40)
    link_key = models.CharField(_("chain link"), max_length=40)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["chain_key", "link_key"], name="chains_note_link")]
        verbose_name = _("link note")
        verbose_name_plural = _("link notes")

    def __str__(self) -> str:
        return self.text[:60]


class MapSettings(models.Model):
    """The thresholds that colour a chain map's links (one row, pk 1), changed by an
    administrator. A link is **missing** in a region with fewer than ``present_min``
    enterprises on it; **strong** with at least ``strong_min`` enterprises and a share of
    the province's enterprises on the link of at least ``strong_share`` percent (or at
    least ``strong_above_size`` enterprises above designated size); **weak** otherwise."""

    present_min = models.PositiveIntegerField(
        _("enterprises for a link to be present"),
        default=1,
        validators=[MinValueValidator(1)],
    )
    strong_min = models.PositiveIntegerField(
        _("enterprises for a strong link"), default=5, validators=[MinValueValidator(1)]
    )
    strong_share = models.DecimalField(
        _("share of the province for a strong link (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    strong_above_size = models.PositiveIntegerField(
        _("above-size enterprises that make a link strong"), default=3
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("chain map thresholds")
        verbose_name_plural = _("chain map thresholds")

    def __str__(self) -> str:
        return str(_("chain map thresholds"))

    @classmethod
    def current(cls) -> MapSettings:
        found, _created = cls.objects.get_or_create(pk=1)
        return found
