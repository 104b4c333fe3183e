"""Core endpoints: who am I, the audit log, the site settings.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at
import time to build the query and body schemas.
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zhaoshang.core import selectors, services
from zhaoshang.core.api_types import Code, Line, Name, Pagination, omitted, responses
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.core.permissions import api_require
from zhaoshang.core.roles import EDIT_SETTINGS, VIEW_AUDIT

router = Router(tags=["core"])


class MeOut(Schema):
    username: str
    name: str
    email: str
    roles: list[str]


@router.get("/me", response=responses({200: MeOut}), summary="The signed-in user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = api_require(request)
    return {
        "username": user.username,
        "name": user.display_name,
        "email": user.email,
        "roles": [r.value for r in services.user_roles(user)],
    }


class AuditFilterIn(Schema):
    object_type: Code = ""
    object_id: Code = ""
    user: Name = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


class AuditEventOut(Schema):
    id: int
    at: datetime.datetime
    actor: str = Field(..., alias="actor_label")
    action: str
    object_type: str
    object_id: str
    object: str = Field(..., alias="object_repr")
    changes: dict[str, Any]

    @staticmethod
    def resolve_object_type(obj: AuditEvent) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


@router.get(
    "/audit-events",
    response=responses({200: list[AuditEventOut]}, 403, 422),
    summary="Audit events, newest first (administrators and managers)",
)
@paginate(Pagination)
def audit_event_list(request: HttpRequest, filters: Query[AuditFilterIn]) -> Any:
    viewer = api_require(request, VIEW_AUDIT)
    object_type, object_id, user = filters.object_type, filters.object_id, filters.user
    since, until = filters.since, filters.until
    content_type = None
    if object_type:
        app_label, _dot, model = object_type.partition(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist as exc:
            raise HttpError(422, f"object_type: unknown type “{object_type}”") from exc
    actor = None
    if user:
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise HttpError(422, f"user: no user “{user}”")
    return selectors.audit_events(
        selectors.AuditFilter(
            content_type=content_type,
            object_id=object_id or "",
            actor=actor,
            since=since,
            until=until,
        ),
        viewer=viewer,
    )


class SiteSettingsOut(Schema):
    center_name_en: str
    center_name_zh_hans: str
    center_name_zh_hant: str
    city_en: str
    city_zh_hans: str
    city_zh_hant: str
    address_en: str
    address_zh_hans: str
    address_zh_hant: str
    phone: str
    fax: str
    email: str


class SiteSettingsPatch(Schema):
    """The settings to change; a field left out keeps its value (null is not a value)."""

    center_name_en: Name = omitted()
    center_name_zh_hans: Name = omitted()
    center_name_zh_hant: Name = omitted()
    city_en: Name = omitted()
    city_zh_hans: Name = omitted()
    city_zh_hant: Name = omitted()
    address_en: Line = omitted()
    address_zh_hans: Line = omitted()
    address_zh_hant: Line = omitted()
    phone: Code = omitted()
    fax: Code = omitted()
    email: Name = omitted()


@router.get(
    "/site-settings", response=responses({200: SiteSettingsOut}), summary="The center's settings"
)
def site_settings_read(request: HttpRequest) -> Any:
    api_require(request)
    return selectors.site_settings_current()


@router.patch(
    "/site-settings",
    response=responses({200: SiteSettingsOut}, 400, 403, 422),
    summary="Change the center's settings (administrators)",
)
def site_settings_change(request: HttpRequest, payload: SiteSettingsPatch) -> Any:
    user = api_require(request, EDIT_SETTINGS)
    values = payload.dict(exclude_unset=True)
    try:
        return services.site_settings_update(actor=user, **values)
    except ValidationError as exc:
        return Status(422, {"detail": exc.message_dict})
