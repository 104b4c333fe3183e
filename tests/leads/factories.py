"""Factories of the leads tests: leads, activities, rates, enquiries and enterprises are
made through the services, so that audit and derived fields are real."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.leads.models import Activity, CurrencyRate, Lead, OfficerRegion
from zhaoshang.leads.services import activity_log, lead_create
from zhaoshang.portal.models import Enquiry
from zhaoshang.portal.services import enquiry_submit
from zhaoshang.registry.generator import uscc_for
from zhaoshang.registry.models import Enterprise
from zhaoshang.registry.services import enterprise_save, enterprise_validate

SIHUI = "441284"
GAOYAO = "441204"
ZHAOQING = "441200"
DUANZHOU = "441202"
FOSHAN_NANHAI = "440605"

_serial = itertools.count(1)


class CurrencyRateFactory(factory.django.DjangoModelFactory[CurrencyRate]):
    class Meta:
        model = CurrencyRate

    currency = "USD"
    valid_from = datetime.date(2025, 1, 1)
    yuan_per_unit = Decimal("7.10")


class LeadFactory(factory.django.DjangoModelFactory[Lead]):
    """A lead made by ``lead_create``; pass any lead field, ``actor`` and ``contacts``."""

    class Meta:
        model = Lead

    company = factory.Sequence(lambda n: f"Harbour Precision {n} Ltd")
    origin = "HK"
    source = Lead.Source.WEB_ENQUIRY
    region = SIHUI
    industry = "39"

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Lead:
        actor = kwargs.pop("actor", None)
        contacts = kwargs.pop("contacts", ())
        officers = kwargs.pop("officers", ())
        kwargs["officers"] = [u.pk for u in officers]
        return lead_create(actor=actor, values=kwargs, contacts=contacts)


def activity_make(
    lead: Lead,
    owner: User,
    *,
    days_ago: int = 0,
    follow_up_in: int | None = None,
    kind: str = Activity.Kind.CALL,
    summary: str = "Called the owner.",
) -> Activity:
    """An activity ``days_ago`` days back, with a follow-up ``follow_up_in`` days after today."""
    today = timezone.localdate()
    occurred = today - datetime.timedelta(days=days_ago)
    follow = None if follow_up_in is None else today + datetime.timedelta(days=follow_up_in)
    if follow is not None and follow < occurred:
        occurred = follow
    return activity_log(
        actor=owner,
        lead=lead,
        kind=kind,
        occurred_on=occurred,
        summary=summary,
        next_step=f"Next: {summary}",
        follow_up_on=follow,
    )


def regions_give(user: User, *codes: str) -> User:
    for code in codes:
        OfficerRegion.objects.get_or_create(user=user, region_id=code)
    return user


def enterprise_make(name: str = "四会市华盛电子有限公司", region: str = SIHUI) -> Enterprise:
    raw = {
        "uscc": uscc_for(region, next(_serial)),
        "name": name,
        "region_code": region,
        "industry_code": "3971",
    }
    enterprise, _created = enterprise_save(actor=None, record=enterprise_validate(raw))
    return enterprise


def enquiry_make(**values: str) -> Enquiry:
    data = {
        "name": "Nguyen Van An",
        "company": "Saigon Furniture Co., Ltd.",
        "email": "an@saigonfurniture.vn",
        "phone": "",
        "origin": "VN",
        "industry_code": "21",
        "industry": "Furniture",
        "planned_investment": "USD 5 million",
        "land_needs": "30 mu",
        "building_needs": "6,000 m² factory",
        "message": "We plan to move one production line to Guangdong next year.",
        **values,
    }
    return enquiry_submit(language="en", consent=True, **data)
