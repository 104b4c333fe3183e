"""Administrators keep the digital-maturity scale of the transformation programme."""

from __future__ import annotations

from django.contrib import admin

from zhaoshang.core.admin import AuditedAdmin
from zhaoshang.projects.models import MaturityLevel


@admin.register(MaturityLevel)
class MaturityLevelAdmin(AuditedAdmin):
    list_display = ("rank", "name_zh", "name_en", "description")
    ordering = ("rank",)
