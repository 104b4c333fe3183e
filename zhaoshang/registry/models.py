"""The enterprise registry: regions, industries, enterprises, their qualifications and
yearly figures, and the accounts of enterprise users."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.scripts import in_reader_script
from zhaoshang.registry.domain.schema import Ownership


class CodeField(models.CharField):
    """A code of ASCII letters and digits (a region's, an industry's, a credit code): on
    PostgreSQL in the "C" collation, compared byte by byte. The database's own collation
    (C.UTF-8, en_US.UTF-8...) would order such codes the same, but through the C library's
    strcoll and without PostgreSQL's abbreviated keys: sorting a million credit codes to
    build their index takes 1.6 s instead of 1.0 s. Columns that refer to such a code (a
    foreign key) take its collation. SQLite compares every text byte by byte already."""

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql" and not parameters.get("collation"):
            parameters["collation"] = "C"
        return parameters


class Region(models.Model):
    """A GB/T 2260 division of Guangdong: the province, a prefecture or a county."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture-level city")
        COUNTY = "county", _("county-level division")

    code = CodeField(_("code"), max_length=6, primary_key=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        return chinese_or_english(self.name_zh, self.name_en)


def chinese_or_english(chinese: str, english: str) -> str:
    """The Chinese name for readers of Chinese (in their script: the reference data is
    Simplified), the English one for everyone else."""
    language = translation.get_language() or "en"
    if language.startswith("zh") or not english:
        return in_reader_script(chinese, language)
    return english


class Industry(models.Model):
    """A GB/T 4754-2017 section (A–T) or division (01–97)."""

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")

    code = CodeField(_("code"), max_length=2, primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="divisions"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return chinese_or_english(self.name_zh, self.name_en)


USCC_UNIQUE = "registry_enterprise_uscc_unique"


class Enterprise(models.Model):
    """An enterprise, identified by its Unified Social Credit Code."""

    # Unique through a named constraint (Meta), not unique=True: a first load of the registry
    # sets its index aside and builds it once, sorted, before it commits (imports/direct.py).
    uscc = CodeField(_("Unified Social Credit Code"), max_length=18)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_pinyin = models.CharField(max_length=400, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        db_index=False,  # the (region, division) index serves region lookups
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    industry_code = models.CharField(_("industry class"), max_length=4, blank=True)
    division = models.ForeignKey(
        Industry,
        verbose_name=_("industry division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        # Indexed in Meta: as a foreign key's, the index would come on PostgreSQL with a
        # second one for LIKE (varchar_pattern_ops), which no lookup of a division uses.
        db_index=False,
    )
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (10,000 yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    registered_capital_text = models.CharField(
        _("registered capital as written"),
        max_length=100,
        blank=True,
        help_text=_("The capital as the source wrote it, when it had a unit or a currency."),
    )
    ownership = models.CharField(
        _("ownership"),
        max_length=20,
        blank=True,
        choices=[
            (Ownership.DOMESTIC_PRIVATE.value, _("domestic private")),
            (Ownership.STATE_OWNED.value, _("state-owned")),
            (Ownership.HMT_INVESTED.value, _("Hong Kong, Macao or Taiwan invested")),
            (Ownership.FOREIGN_INVESTED.value, _("foreign-invested")),
        ],
    )
    foreign_country = models.CharField(_("investing country"), max_length=2, blank=True)
    high_tech_cert_no = models.CharField(
        _("high-tech enterprise certificate"), max_length=40, blank=True
    )
    high_tech_issued_on = models.DateField(_("high-tech certificate issued"), null=True, blank=True)
    high_tech_expires_on = models.DateField(
        _("high-tech certificate expires"), null=True, blank=True
    )
    specialised_new_on = models.DateField(_("specialised and new SME since"), null=True, blank=True)
    little_giant_on = models.DateField(_("“little giant” since"), null=True, blank=True)
    listed_on = models.DateField(_("listed since"), null=True, blank=True)
    business_scope = models.TextField(_("business scope"), blank=True)
    main_products = models.TextField(_("main products"), blank=True)
    latest_year = models.PositiveSmallIntegerField(_("latest year"), null=True, blank=True)
    latest_revenue = models.DecimalField(
        _("latest main-business revenue (10,000 yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    above_designated_size = models.BooleanField(_("above designated size"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        permissions = [
            ("import_enterprises", _("Can import enterprise files")),
            ("export_enterprises", _("Can export enterprise lists")),
        ]
        indexes = [
            models.Index(fields=["region", "division"]),
            # Only the enterprises above designated size (a few in a hundred): a list of the
            # others reads most of the table, which no index helps; built after a first load
            # in a fraction of the time an index of every row takes.
            models.Index(
                fields=["above_designated_size"],
                condition=models.Q(above_designated_size=True),
                name="registry_enterprise_above",
            ),
            models.Index(fields=["latest_revenue"]),
            models.Index(fields=["division"], name="registry_enterprise_division"),
        ]
        constraints = [models.UniqueConstraint(fields=["uscc"], name=USCC_UNIQUE)]

    def __str__(self) -> str:
        return self.name

    @property
    def is_high_tech(self) -> bool:
        today = timezone.localdate()
        return bool(
            self.high_tech_cert_no
            and (self.high_tech_expires_on is None or self.high_tech_expires_on >= today)
        )


class YearlyFigures(models.Model):
    """What an enterprise reported for one year (money in 10,000 yuan)."""

    # db_index=False: the unique (enterprise, year) constraint's index serves lookups.
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="figures", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    revenue = models.DecimalField(
        _("main-business revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    rd_expenditure = models.DecimalField(
        _("R&D expenditure"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    taxes_paid = models.DecimalField(
        _("taxes paid"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    export_value = models.DecimalField(
        _("export value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    output_value = models.DecimalField(
        _("industrial output value"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="registry_one_row_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class EnterpriseMember(models.Model):
    """An account that acts for an enterprise (several accounts may share one code)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_links"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("enterprise member")
        verbose_name_plural = _("enterprise members")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="registry_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.enterprise_id}"


class ProfileCorrection(models.Model):
    """Changes an enterprise user proposes to their profile; an officer confirms them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an officer")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="corrections")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("proposed changes"))
    previous = models.JSONField(_("values before the changes"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("profile correction")
        verbose_name_plural = _("profile corrections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.status}"
