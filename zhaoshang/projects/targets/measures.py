"""What a region's targets count, and how each is shown. Free of models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    SIGNED_PROJECTS = "signed_projects", _("projects signed")
    SIGNED_INVESTMENT = "signed_investment", _("investment signed")
    STARTED = "started", _("projects started")
    IN_PRODUCTION = "in_production", _("projects in production")
    INVESTMENT_MADE = "investment_made", _("investment made")
    TECH_TRANSFORMATION = "tech_transformation", _("technological transformation")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("digital transformation")


MEASURES: tuple[str, ...] = tuple(Measure.values)
# Measures counted in yuan; the others count projects or enterprises.
MONEY: frozenset[str] = frozenset({Measure.SIGNED_INVESTMENT, Measure.INVESTMENT_MADE})
# Measures kept in the rollup of projects by region and month (the transformation counts
# are read live: they are few and depend on the enterprise's size and region).
ROLLED_UP: tuple[str, ...] = (
    Measure.SIGNED_PROJECTS,
    Measure.SIGNED_INVESTMENT,
    Measure.STARTED,
    Measure.IN_PRODUCTION,
    Measure.INVESTMENT_MADE,
)
TRANSFORMATION: tuple[str, ...] = (Measure.TECH_TRANSFORMATION, Measure.DIGITAL_TRANSFORMATION)


def measure_label(measure: str) -> str:
    return str(Measure(measure).label)


def is_money(measure: str) -> bool:
    return measure in MONEY
