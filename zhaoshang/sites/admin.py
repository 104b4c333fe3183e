"""Administrators see the inventory in the Django admin too; edits are audited. Officers
use the workspace pages, which validate coordinates and outlines."""

from __future__ import annotations

from django.contrib import admin

from zhaoshang.core.admin import AuditedAdmin
from zhaoshang.sites.models import Building, Parcel, Park, StatusChange


@admin.register(Park)
class ParkAdmin(AuditedAdmin):
    list_display = ("slug", "name_zh_hans", "name_en", "region", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("slug", "name_zh_hans", "name_en")
    raw_id_fields = ("region",)


@admin.register(Parcel)
class ParcelAdmin(AuditedAdmin):
    list_display = ("number", "park", "region", "area_m2", "land_use", "status", "is_demo")
    list_filter = ("status", "land_use", "is_demo")
    search_fields = ("number",)
    raw_id_fields = ("region", "park")


@admin.register(Building)
class BuildingAdmin(AuditedAdmin):
    list_display = ("code", "kind", "park", "region", "floor_area_m2", "status", "is_demo")
    list_filter = ("status", "kind", "is_demo")
    search_fields = ("code",)
    raw_id_fields = ("region", "park")


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "parcel", "building", "from_status", "to_status", "actor")
    raw_id_fields = ("parcel", "building", "actor")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
