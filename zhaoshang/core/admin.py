"""The Django admin, for administrators. Edits made here are audited like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from zhaoshang.core.audit import audit_create, audit_delete, audit_update, snapshot
from zhaoshang.core.models import ApiToken, AuditEvent, SiteSettings, User


class AuditedAdmin(admin.ModelAdmin):
    """Records an audit event for every save and delete done in the admin."""

    # An address typed without a scheme is https (Django 6's default, without its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        actor = request.user if isinstance(request.user, User) else None
        with transaction.atomic():
            if change and obj.pk:
                stored = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(stored) if stored is not None else {}
                super().save_model(request, obj, form, change)
                audit_update(actor=actor, instance=obj, before=before)
            else:
                super().save_model(request, obj, form, change)
                audit_create(actor=actor, instance=obj)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        actor = request.user if isinstance(request.user, User) else None
        with transaction.atomic():
            pk = obj.pk
            super().delete_model(request, obj)
            audit_delete(actor=actor, instance=obj, object_id=pk)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(User)
class ZhaoshangUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")


@admin.register(SiteSettings)
class SiteSettingsAdmin(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "digest", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "content_type", "object_id", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_label", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
