"""Forms of the leads pages. They parse and offer choices; the services check the rules."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import User
from zhaoshang.leads.models import Activity, Lead, SiteKind
from zhaoshang.leads.origins import ORIGIN_CHOICES
from zhaoshang.leads.selectors import LeadFilter
from zhaoshang.leads.services import lead_values_of
from zhaoshang.leads.stages import Stage
from zhaoshang.leads.web.widgets import QuickSelect, QuickSelectMultiple
from zhaoshang.registry import selectors as registry_selectors
from zhaoshang.registry.models import Enterprise, Industry, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def officer_choices() -> list[tuple[int, str]]:
    people = User.objects.filter(
        Q(groups__permissions__codename="view_lead") | Q(is_superuser=True), is_active=True
    ).distinct()
    return [(u.pk, u.display_name) for u in people.order_by("first_name", "username")]


def county_choices() -> list[tuple[str, str]]:
    return list(_reference_choices(_language())[0])


def region_filter_choices() -> list[tuple[str, str]]:
    return registry_selectors.region_filter_choices()


def division_choices() -> list[tuple[str, str]]:
    return list(_reference_choices(_language())[1])


def industry_filter_choices() -> list[tuple[str, str]]:
    return list(_reference_choices(_language())[2])


def _language() -> str:
    return translation.get_language() or "en"


@functools.lru_cache(maxsize=8)
def _reference_choices(language: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Counties and industries as choices, read once per language and process: they are
    reference data that changes only with a release (``reference_sync`` after migrate)."""
    regions = list(Region.objects.select_related("parent").order_by("code"))
    counties = tuple(
        (r.code, f"{r.parent.name if r.parent else ''} · {r.name} ({r.code})")
        for r in regions
        if r.level == Region.Level.COUNTY
    )
    industries = list(Industry.objects.order_by("kind", "code"))
    divisions = tuple(
        (i.code, f"{i.code} {i.name}") for i in industries if i.kind == Industry.Kind.DIVISION
    )
    everything = tuple((i.code, f"{i.code} {i.name}") for i in industries)
    return counties, divisions, everything


def _set_choices(form: forms.Form, name: str, choices: list[Any], blank: Any = None) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = ([("", blank)] if blank is not None else []) + choices


class LeadForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=200)
    enterprise = forms.CharField(
        label=_("Registered as (credit code)"),
        max_length=18,
        required=False,
        help_text=_("Once the company is registered here: its Unified Social Credit Code."),
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=ORIGIN_CHOICES)
    origin_detail = forms.CharField(label=_("City of origin"), max_length=100, required=False)
    industry = forms.ChoiceField(label=_("Industry (GB/T 4754 division)"), required=False)
    product = forms.CharField(label=_("Product"), max_length=200, required=False)
    investment_amount = forms.DecimalField(
        label=_("Planned investment"), required=False, max_digits=16, decimal_places=2
    )
    investment_currency = forms.CharField(
        label=_("Currency (ISO 4217)"),
        max_length=3,
        initial="CNY",
        widget=forms.TextInput(attrs={"list": "currencies", "size": 4}),
    )
    land_mu = forms.DecimalField(
        label=_("Land (mu)"), required=False, max_digits=10, decimal_places=2
    )
    building_m2 = forms.DecimalField(
        label=_("Buildings (m²)"), required=False, max_digits=12, decimal_places=2
    )
    power_kva = forms.DecimalField(
        label=_("Power (kVA)"), required=False, max_digits=12, decimal_places=2
    )
    jobs = forms.IntegerField(label=_("Jobs"), required=False, min_value=0)
    expected_start = forms.DateField(label=_("Expected start"), required=False, widget=DATE)
    site_kind = forms.ChoiceField(
        label=_("Site wanted"),
        choices=SiteKind.choices,
        initial=SiteKind.EITHER,
        required=False,
    )
    preferred_counties = forms.MultipleChoiceField(
        label=_("Preferred counties"),
        required=False,
        widget=QuickSelectMultiple(attrs={"size": 4}),
    )
    budget_yuan = forms.DecimalField(
        label=_("Site budget (yuan)"), required=False, max_digits=16, decimal_places=2
    )
    needed_by = forms.DateField(label=_("Site needed by"), required=False, widget=DATE)
    source = forms.ChoiceField(label=_("Source"), choices=Lead.Source.choices)
    region = forms.ChoiceField(label=_("Region (county level)"))
    officers = forms.TypedMultipleChoiceField(
        label=_("Officers"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    confidential = forms.BooleanField(
        label=_("Confidential (only its officers and managers see it)"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "industry", division_choices(), _("—"))
        _set_choices(self, "region", county_choices())
        _set_choices(self, "preferred_counties", county_choices())
        _set_choices(self, "officers", officer_choices())

    def clean_enterprise(self) -> int | None:
        code = (self.cleaned_data.get("enterprise") or "").strip().upper()
        if not code:
            return None
        found = Enterprise.objects.filter(uscc=code).values_list("pk", flat=True).first()
        if found is None:
            raise ValidationError(_("No enterprise in the registry has this credit code."))
        return found

    def lead_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in (
            "contact_name",
            "contact_role",
            "contact_phone",
            "contact_email",
            "contact_wechat",
        ):
            data.pop(name, None)
        return data


class LeadCreateForm(LeadForm):
    """A new lead and its first contact."""

    contact_name = forms.CharField(label=_("Contact name"), max_length=120, required=False)
    contact_role = forms.CharField(label=_("Contact role"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_wechat = forms.CharField(label=_("Contact WeChat"), max_length=60, required=False)

    def contact(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("contact_name"):
            return None
        return {
            "name": data["contact_name"],
            "role": data.get("contact_role") or "",
            "phone": data.get("contact_phone") or "",
            "email": data.get("contact_email") or "",
            "wechat": data.get("contact_wechat") or "",
        }


def lead_initial(lead: Lead) -> dict[str, Any]:
    """The form's values of ``lead``: the service's, with the credit code of its enterprise."""
    values = lead_values_of(lead)
    values["enterprise"] = lead.enterprise.uscc if lead.enterprise else ""
    values["version"] = lead.version
    return values


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    wechat = forms.CharField(label=_("WeChat"), max_length=60, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for on hold and lost."),
    )
    investment_amount = forms.DecimalField(
        label=_("Investment amount"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=_("Required for signed, unless the lead has it already."),
    )
    investment_currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class LeadFilterForm(forms.Form):
    q = forms.CharField(label=_("Company or product"), required=False, max_length=100)
    stage = forms.MultipleChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        required=False,
        widget=QuickSelectMultiple(attrs={"size": 3}),
    )
    officer = forms.TypedChoiceField(
        label=_("Officer"), coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=QuickSelect)
    industry = forms.ChoiceField(label=_("Industry"), required=False, widget=QuickSelect)
    source = forms.ChoiceField(label=_("Source"), required=False, widget=QuickSelect)
    origin = forms.ChoiceField(label=_("Origin"), required=False, widget=QuickSelect)
    amount_min = forms.DecimalField(
        label=_("Investment from (10,000 yuan)"), required=False, min_value=Decimal(0)
    )
    amount_max = forms.DecimalField(
        label=_("Investment to (10,000 yuan)"), required=False, min_value=Decimal(0)
    )
    stale = forms.BooleanField(label=_("Going cold only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "officer", officer_choices(), _("anyone"))
        _set_choices(self, "region", region_filter_choices(), _("all regions"))
        _set_choices(self, "industry", industry_filter_choices(), _("all industries"))
        _set_choices(self, "source", list(Lead.Source.choices), _("any source"))
        _set_choices(self, "origin", ORIGIN_CHOICES, _("anywhere"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The upper bound is below the lower bound."))
        return data

    def to_filter(self) -> LeadFilter:
        if not self.is_bound or not self.is_valid():
            return LeadFilter()
        data = self.cleaned_data
        return LeadFilter(
            text=data.get("q") or "",
            stages=tuple(data.get("stage") or ()),
            officer=data.get("officer"),
            region=data.get("region") or "",
            industry=data.get("industry") or "",
            source=data.get("source") or "",
            origin=data.get("origin") or "",
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            stale=bool(data.get("stale")),
        )


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Save these filters as"), max_length=80)
