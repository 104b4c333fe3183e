"""The people at an investing company: add and remove them, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_delete
from zhaoshang.core.models import User
from zhaoshang.core.phones import phone_normalise
from zhaoshang.core.text import text_check
from zhaoshang.leads.matching import email_domain
from zhaoshang.leads.models import Lead, LeadContact


def contact_add(
    *,
    actor: User | None,
    lead: Lead,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    wechat: str = "",
) -> LeadContact:
    """A contact of ``lead``; the telephone is kept in E.164."""
    text_check({"name": name, "role": role, "phone": phone, "email": email, "wechat": wechat})
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    try:
        phone = phone_normalise(phone or "")
    except ValidationError as exc:
        errors["phone"] = exc.messages
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("“%(value)s” is not an email address.") % {"value": email}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = LeadContact.objects.create(
            lead=lead,
            name=name[:120],
            role=(role or "").strip()[:120],
            phone=phone,
            email=email,
            email_domain=email_domain(email),
            wechat=(wechat or "").strip()[:60],
        )
        audit_create(actor=actor, instance=contact)
    return contact


def contact_remove(*, actor: User | None, contact: LeadContact) -> None:
    with transaction.atomic():
        pk = contact.pk
        contact.delete()
        audit_delete(actor=actor, instance=contact, object_id=pk)
