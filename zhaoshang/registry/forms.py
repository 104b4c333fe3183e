from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.registry.models import Enterprise
from zhaoshang.registry.selectors import MISSING, QUALIFICATIONS, EnterpriseFilter

QUALIFICATION_CHOICES = [
    ("high_tech", _("high-tech enterprise")),
    ("specialised_new", _("specialised and new SME")),
    ("little_giant", _("“little giant”")),
    ("listed", _("listed company")),
]
SIZE_CHOICES = [("", _("any size")), ("above", _("above designated size")), ("below", _("below"))]
MISSING_CHOICES = [
    ("", _("nothing missing in particular")),
    ("region", _("region missing")),
    ("industry", _("industry missing")),
]


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        error_messages={"invalid_choice": _("There is no region with the code %(value)s.")},
    )
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False, choices=SIZE_CHOICES)
    qualification = forms.MultipleChoiceField(
        label=_("Qualifications"),
        required=False,
        choices=QUALIFICATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    revenue_min = forms.DecimalField(
        label=_("Revenue from (10,000 yuan)"), required=False, min_value=Decimal(0)
    )
    revenue_max = forms.DecimalField(
        label=_("Revenue to (10,000 yuan)"), required=False, min_value=Decimal(0)
    )
    missing = forms.ChoiceField(
        label=_("To complete"),
        required=False,
        choices=MISSING_CHOICES,
        help_text=_("Enterprises imported without their region or industry."),
    )
    link = forms.IntegerField(
        label=_("Chain link"), required=False, min_value=1, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        regions: list[tuple[str, str]],
        industries: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        industry = self.fields["industry"]
        assert isinstance(region, forms.ChoiceField)
        assert isinstance(industry, forms.ChoiceField)
        region.choices = [("", _("all regions")), *regions]
        industry.choices = [("", _("all industries")), *industries]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("revenue_min"), data.get("revenue_max")
        if low is not None and high is not None and low > high:
            self.add_error("revenue_max", _("The upper bound is below the lower bound."))
        return data

    def to_filter(self) -> EnterpriseFilter:
        data = self.cleaned_data
        size = data.get("size")
        return EnterpriseFilter(
            text=data.get("q") or "",
            region=data.get("region") or "",
            industry=data.get("industry") or "",
            above_designated_size=True if size == "above" else False if size == "below" else None,
            qualifications=tuple(q for q in data.get("qualification") or () if q in QUALIFICATIONS),
            revenue_min=data.get("revenue_min"),
            revenue_max=data.get("revenue_max"),
            missing=str(data.get("missing") or "") if data.get("missing") in MISSING else "",
            link=data.get("link"),
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "CSV in UTF-8 or GB18030, or an Excel workbook; headers in Chinese or English."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only show what would change"), required=False)


OWNERSHIP_CHOICES = [
    ("", "—"),
    *Enterprise._meta.get_field("ownership").choices,  # type: ignore[misc]
]


class EnterpriseEditForm(forms.Form):
    """The enterprise's own fields as text, checked by the same rules as an imported row."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    region_code = forms.CharField(label=_("Region code"), max_length=6, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    industry_code = forms.CharField(label=_("Industry class"), max_length=4, required=False)
    founded_on = forms.CharField(label=_("Founded (YYYY-MM-DD)"), required=False)
    registered_capital = forms.CharField(
        label=_("Registered capital (10,000 yuan)"),
        required=False,
        help_text=_("A number in 万元, or with its unit as registered: 1,000万美元."),
    )
    registered_capital_text = forms.CharField(
        label=_("Registered capital as written"), max_length=100, required=False
    )
    ownership = forms.ChoiceField(label=_("Ownership"), required=False, choices=OWNERSHIP_CHOICES)
    foreign_country = forms.CharField(label=_("Investing country (ISO code)"), required=False)
    high_tech_cert_no = forms.CharField(label=_("High-tech certificate number"), required=False)
    high_tech_issued_on = forms.CharField(label=_("High-tech certificate issued"), required=False)
    high_tech_expires_on = forms.CharField(label=_("High-tech certificate expires"), required=False)
    specialised_new_on = forms.CharField(label=_("Specialised and new SME since"), required=False)
    little_giant_on = forms.CharField(label=_("“Little giant” since"), required=False)
    listed_on = forms.CharField(label=_("Listed since"), required=False)
    business_scope = forms.CharField(
        label=_("Business scope"), max_length=4000, required=False, widget=forms.Textarea
    )
    main_products = forms.CharField(
        label=_("Main products"), max_length=1000, required=False, widget=forms.Textarea
    )
