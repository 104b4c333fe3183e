"""Forms of the transformation programme's pages (the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import DateInput
from zhaoshang.projects.models import MaturityLevel, TransformationProject


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=16, decimal_places=2
    )


class TransformationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Programme"), choices=TransformationProject.Kind.choices)
    title = forms.CharField(label=_("Project"), max_length=200)
    description = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    investment_yuan = _money(_("Investment (yuan)"))
    equipment = forms.CharField(label=_("Equipment"), required=False, max_length=500)
    started_on = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    completed_on = forms.DateField(label=_("End"), required=False, widget=DateInput)
    subsidy_yuan = _money(_("Subsidy (yuan)"))
    level_before = forms.ModelChoiceField(
        label=_("Maturity before (digital only)"),
        required=False,
        queryset=MaturityLevel.objects.all(),
    )
    level_after = forms.ModelChoiceField(
        label=_("Maturity after (digital only)"),
        required=False,
        queryset=MaturityLevel.objects.all(),
    )


class OfficerTransformationForm(TransformationForm):
    uscc = forms.CharField(label=_("Unified Social Credit Code"), max_length=18, min_length=18)

    field_order = ["uscc"]


class TransformationFilterForm(forms.Form):
    region = forms.CharField(label=_("Region code"), required=False, max_length=6)
    kind = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        choices=[("", _("any")), *TransformationProject.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any")), *TransformationProject.Status.choices],
    )
    year = forms.IntegerField(
        label=_("Completed in"), required=False, min_value=2000, max_value=2100
    )
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)
    counted = forms.BooleanField(label=_("Only those counted toward the target"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
