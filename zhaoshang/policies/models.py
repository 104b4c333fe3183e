"""Support policies: their texts, eligibility rule and benefit; the versions published; the
matches a push records for each qualifying enterprise; and enterprises' applications."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.core.models import fallback_suffixes
from zhaoshang.core.scripts import in_reader_script, traditional
from zhaoshang.registry.models import Enterprise, Region

LANGUAGES = ("en", "zh_hans", "zh_hant")


def language_suffix() -> str:
    """The field suffix of the active language: en, zh_hans or zh_hant."""
    language = (translation.get_language() or "en").lower()
    if language.startswith("zh"):
        return "zh_hant" if "hant" in language or language in ("zh-tw", "zh-hk") else "zh_hans"
    return "en"


_HAN = re.compile(r"[\u3400-\u9fff]")


def document_name(line: str, language: str | None = None) -> str:
    """One line of a policy's documents as a reader of ``language`` should see it: of
    "技术改造奖励申请表 / Application form" the Chinese half for readers of Chinese (in their
    script), the English half for everyone else; any other line as it is."""
    line = line.strip()
    chinese, slash, english = line.partition(" / ")
    if not slash or not _HAN.search(chinese) or _HAN.search(english):
        return in_reader_script(line, language)
    reader = language or translation.get_language() or "en"
    if reader.startswith("zh"):
        return in_reader_script(chinese.strip(), reader)
    return english.strip()


class Policy(models.Model):
    """A support policy as the policy officer edits it. Publishing copies what decides
    eligibility and benefit into a new PolicyVersion."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("policy status", "draft")
        OPEN = "open", pgettext_lazy("policy status", "open")
        PAUSED = "paused", pgettext_lazy("policy status", "paused")
        CLOSED = "closed", pgettext_lazy("policy status", "closed")

    class Mode(models.TextChoices):
        GRANTED = "granted", _("granted without application")
        APPLY = "apply", _("apply with documents")

    class BenefitKind(models.TextChoices):
        NONE = "none", _("no money benefit")
        FIXED = "fixed", _("fixed amount")
        FORMULA = "formula", _("formula over the enterprise's figures")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=200, blank=True)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh_hans = models.TextField(_("summary (Simplified Chinese)"), blank=True)
    summary_zh_hant = models.TextField(_("summary (Traditional Chinese)"), blank=True)
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    body_zh_hans = models.TextField(_("text (Simplified Chinese, Markdown)"), blank=True)
    body_zh_hant = models.TextField(_("text (Traditional Chinese, Markdown)"), blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    region_scope = models.ForeignKey(
        Region,
        verbose_name=_("region scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only enterprises in this region qualify; empty: all of Guangdong."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("window opens"), null=True, blank=True)
    closes_on = models.DateField(_("window closes"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.APPLY)
    documents = models.TextField(
        _("documents to submit"),
        blank=True,
        help_text=_(
            "One per line. A line may give the Chinese and the English name, separated by "
            "“ / ”: each reader sees the name in their language."
        ),
    )
    benefit_kind = models.CharField(
        _("benefit"), max_length=10, choices=BenefitKind.choices, default=BenefitKind.NONE
    )
    benefit_amount = models.DecimalField(
        _("fixed amount (10,000 yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    benefit_formula = models.CharField(
        _("benefit formula (10,000 yuan)"),
        max_length=500,
        blank=True,
        help_text=_("For example: min(10% * rd_expenditure, 500)"),
    )
    rule = models.JSONField(_("eligibility rule"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("support policy")
        verbose_name_plural = _("support policies")
        ordering = ["-updated_at"]
        permissions = [("publish_policy", _("Can publish a policy and push it"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="policies_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def text(self, name: str) -> str:
        """``title``, ``summary`` or ``body`` in the active language, else another one."""
        first = language_suffix()
        for suffix in fallback_suffixes(first):
            value = getattr(self, f"{name}_{suffix}")
            if value:
                if suffix == "zh_hans" and first == "zh_hant":
                    return traditional(str(value))
                return str(value)
        return ""

    @property
    def title(self) -> str:
        return self.text("title") or self.slug

    @property
    def summary(self) -> str:
        return self.text("summary")

    @property
    def document_list(self) -> list[str]:
        """The documents to submit, each named in the reader's language."""
        return [document_name(line) for line in self.documents.splitlines() if line.strip()]

    @property
    def current_version(self) -> PolicyVersion | None:
        """The latest published version (from ``prefetch_related("versions")`` when the
        list was read with it, so a list costs no query per policy)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            return max(prefetched, key=lambda version: version.number, default=None)
        return self.versions.order_by("-number").first()

    def is_open_on(self, day: object) -> bool:
        return (
            self.status == self.Status.OPEN
            and (self.opens_on is None or self.opens_on <= day)  # type: ignore[operator]
            and (self.closes_on is None or day <= self.closes_on)  # type: ignore[operator]
        )


class PolicyVersion(models.Model):
    """What one publish fixed: the rule, the scope and the benefit. Matches name it."""

    class PushStatus(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("pushing")
        DONE = "done", _("pushed")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    rule = models.JSONField(_("eligibility rule"))
    region_scope = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    benefit_kind = models.CharField(max_length=10, choices=Policy.BenefitKind.choices)
    benefit_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    benefit_formula = models.CharField(max_length=500, blank=True)
    as_of = models.DateField(_("evaluated as of"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The push: enterprises are taken in id order; everything up to ``pushed_through`` is
    # done, so a push that stopped resumes from there.
    push_status = models.CharField(
        max_length=10, choices=PushStatus.choices, default=PushStatus.PENDING
    )
    pushed_through = models.BigIntegerField(default=0)
    push_started_at = models.DateTimeField(null=True, blank=True)
    push_finished_at = models.DateTimeField(null=True, blank=True)
    eligible_count = models.PositiveIntegerField(default=0)
    possibly_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policies_one_number")
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"


class Match(models.Model):
    """An enterprise that qualifies (or may, once it supplies missing data) for a version.
    One per enterprise per version: the push inserts with ON CONFLICT DO NOTHING."""

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", _("eligible")
        POSSIBLY_ELIGIBLE = "possibly_eligible", _("possibly eligible")
        NOT_ELIGIBLE = "not_eligible", _("no longer eligible")

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="matches")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="matches")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    created_at = models.DateTimeField(_("matched"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "enterprise"], name="policies_one_match_per_version"
            )
        ]
        indexes = [models.Index(fields=["enterprise", "outcome"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.version_id}: {self.outcome}"


class Application(models.Model):
    """That an enterprise has applied for a policy (reminders stop then)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="applications")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="policy_applications"
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(_("application reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["policy", "enterprise"], name="policies_apply_once")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.policy_id}"


def _token() -> str:
    return uuid.uuid4().hex


class SnapshotState(models.Model):
    """One row: a counter raised whenever enterprise data changes; it names the current
    columnar snapshot used by previews."""

    token = models.CharField(max_length=32, default=_token)  # tells databases apart
    generation = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("snapshot state")

    def __str__(self) -> str:
        return f"{self.token}-{self.generation}"
