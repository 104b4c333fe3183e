"""Every write of the core app: one transaction each, with its audit event."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_fields_changed, audit_update, snapshot
from zhaoshang.core.models import ApiToken, SiteSettings, User
from zhaoshang.core.pagecache import public_pages_changed
from zhaoshang.core.phones import phone_fields_normalise
from zhaoshang.core.roles import OFFICER_ROLES, ROLE_PERMISSIONS, Role
from zhaoshang.core.text import text_check

SITE_SETTINGS_CACHE_KEY = "zhaoshang:site-settings"
TOKEN_PREFIX = "zs_"

# --- roles ------------------------------------------------------------------------------


def roles_sync() -> None:
    """Make one group per role hold exactly the permissions ``ROLE_PERMISSIONS`` lists.

    Permissions of apps not migrated yet are skipped; the next run adds them.
    """
    with transaction.atomic():
        for role, wanted in ROLE_PERMISSIONS.items():
            group, _created = Group.objects.get_or_create(name=role.value)
            permissions = []
            for dotted in sorted(wanted):
                app_label, codename = dotted.split(".", 1)
                found = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if found is not None:
                    permissions.append(found)
            group.permissions.set(permissions)


def roles_sync_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    roles_sync()


def _role_groups(roles: Iterable[Role]) -> list[Group]:
    names = [Role(r).value for r in roles]
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) != len(set(names)):
        roles_sync()
        groups = list(Group.objects.filter(name__in=names))
    return groups


# --- users ------------------------------------------------------------------------------


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    roles: Iterable[Role] = (),
    language: str = "",
) -> User:
    """Create an account with the given roles. The password must pass the validators. A
    ``language`` given here counts as chosen; without one it follows the pages they use."""
    roles = [Role(r) for r in roles]
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
        language_chosen=bool(language),
    )
    user.is_staff = Role.ADMINISTRATOR in roles
    user.is_superuser = Role.ADMINISTRATOR in roles
    text_check(
        {"username": username, "email": email, "first_name": first_name, "last_name": last_name}
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        user.groups.set(_role_groups(roles))
        audit_create(actor=actor, instance=user)
        if roles:
            audit_fields_changed(
                actor=actor,
                instance=user,
                changes={"roles": {"old": [], "new": sorted(r.value for r in roles)}},
            )
    return user


def user_set_roles(*, actor: User | None, user: User, roles: Iterable[Role]) -> User:
    """Replace the roles of ``user``; administrators also get the Django admin."""
    roles = sorted({Role(r) for r in roles})
    with transaction.atomic():
        before = snapshot(user)
        old_roles = sorted(user.groups.values_list("name", flat=True))
        user.groups.set(_role_groups(roles))
        user.is_staff = Role.ADMINISTRATOR in roles
        user.is_superuser = Role.ADMINISTRATOR in roles
        user.save(update_fields=["is_staff", "is_superuser"])
        new_roles = [r.value for r in roles]
        if old_roles != new_roles:
            audit_fields_changed(
                actor=actor, instance=user, changes={"roles": {"old": old_roles, "new": new_roles}}
            )
        audit_update(actor=actor, instance=user, before=before)
    return user


def user_change_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password (already checked by the form that asked for it)."""
    with transaction.atomic():
        before = snapshot(user)
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_update(actor=actor, instance=user, before=before)
    return user


def user_set_language(*, actor: User, user: User, language: str) -> User:
    """Set the language ``user`` reads notifications and mail in; from now on it no longer
    follows the pages they use."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the languages offered.")]})
    with transaction.atomic():
        before = snapshot(user)
        user.language = language
        user.language_chosen = True
        user.save(update_fields=["language", "language_chosen"])
        audit_update(actor=actor, instance=user, before=before)
    return user


def user_roles(user: User) -> list[Role]:
    names = {g.name for g in user.groups.all()}
    return [role for role in Role if role.value in names]


def user_is_officer(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(r in OFFICER_ROLES for r in user_roles(user))
    )


# --- API tokens -------------------------------------------------------------------------


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``. Returns the row and the token, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the script using it.")})
    if len(name) > 80:
        raise ValidationError({"name": _("A token name has at most 80 characters.")})
    text_check({"name": name})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, prefix=raw[:10], digest=token_digest(raw))
    with transaction.atomic():
        token.save()
        audit_create(actor=actor, instance=token)
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Stop ``token`` from working. Only its owner or an administrator may revoke it."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionError("only the owner or an administrator can revoke a token")
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        before = snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_update(actor=actor, instance=token, before=before)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning the unrevoked token ``raw``, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Usage is a convenience for the owner, not an audited change: write it once a minute.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- site settings ----------------------------------------------------------------------

SITE_SETTINGS_FIELDS = (
    "center_name_en",
    "center_name_zh_hans",
    "center_name_zh_hant",
    "city_en",
    "city_zh_hans",
    "city_zh_hant",
    "address_en",
    "address_zh_hans",
    "address_zh_hant",
    "phone",
    "fax",
    "email",
    "privacy_notice_en",
    "privacy_notice_zh_hans",
    "privacy_notice_zh_hant",
    "shows_demo_data",
    "import_files_keep_days",
    "import_region_missing",
)


def site_settings_update(*, actor: User | None, **values: Any) -> SiteSettings:
    """Change the site settings. Unknown fields, bad numbers or a bad email change nothing."""
    unknown = sorted(set(values) - set(SITE_SETTINGS_FIELDS))
    if unknown:
        raise ValidationError({name: _("This is not a site setting.") for name in unknown})
    text_check(values)
    errors = phone_fields_normalise(values, ("phone", "fax"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings_row = SiteSettings.objects.select_for_update().filter(pk=1).first()
        if settings_row is None:
            settings_row = SiteSettings(pk=1, center_name_en="Investment Promotion Center")
            settings_row.save()
            audit_create(actor=actor, instance=settings_row)
        before = snapshot(settings_row)
        for name, value in values.items():
            setattr(settings_row, name, "" if value is None else value)
        settings_row.full_clean()
        settings_row.save()
        audit_update(actor=actor, instance=settings_row, before=before)
        # Now, so this request already sees the change, and again after the commit, in
        # case another request cached the old row in between.
        cache.delete(SITE_SETTINGS_CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(SITE_SETTINGS_CACHE_KEY))
        public_pages_changed()  # every page's footer shows them
    return settings_row
