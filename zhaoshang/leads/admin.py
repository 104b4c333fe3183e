"""Administrators keep currency rates and the regions officers work in."""

from __future__ import annotations

from django.contrib import admin

from zhaoshang.core.admin import AuditedAdmin
from zhaoshang.leads.models import CurrencyRate, OfficerRegion


@admin.register(CurrencyRate)
class CurrencyRateAdmin(AuditedAdmin):
    list_display = ("currency", "valid_from", "yuan_per_unit")
    list_filter = ("currency",)
    ordering = ("currency", "-valid_from")


@admin.register(OfficerRegion)
class OfficerRegionAdmin(AuditedAdmin):
    list_display = ("user", "region")
    list_select_related = ("user", "region")
    raw_id_fields = ("user",)
