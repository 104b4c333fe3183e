"""The forms of the project pages. The services check the rules; these parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import DateInput
from zhaoshang.core.models import User
from zhaoshang.leads.stages import Stage
from zhaoshang.projects.milestones import MilestoneKind
from zhaoshang.projects.models import PerformanceRule, Project, ProjectWarning
from zhaoshang.projects.performance.labels import PROMISE_CHOICES, STATUS_CHOICES, TEST_CHOICES
from zhaoshang.projects.targets.measures import Measure


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=16, decimal_places=2
    )


class ContractForm(forms.Form):
    contract_on = forms.DateField(label=_("Contract date"), required=False, widget=DateInput)
    parties = forms.CharField(label=_("Parties"), required=False, max_length=500)
    parcel = forms.IntegerField(label=_("Parcel (number)"), required=False, min_value=1)
    building = forms.IntegerField(label=_("Building (number)"), required=False, min_value=1)
    investment_yuan = _money(_("Fixed-asset investment (yuan)"))
    output_yuan = _money(_("Output per year at full capacity (yuan)"))
    tax_yuan = _money(_("Tax per year (yuan)"))
    jobs = forms.IntegerField(label=_("Jobs"), required=False, min_value=0, max_value=2**31 - 1)
    intensity_yuan_per_mu = _money(_("Investment intensity (yuan per mu)"))
    tax_per_mu_yuan = _money(_("Tax per mu per year (yuan)"))
    land_mu = forms.DecimalField(
        label=_("Land (mu)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in MilestoneKind:
            self.fields[f"planned_{kind.value}"] = forms.DateField(
                label=_("Promised: %(milestone)s") % {"milestone": kind.label},
                required=False,
                widget=DateInput,
            )

    @staticmethod
    def initial_of(project: Project) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "contract_on": project.contract_on,
            "parties": project.parties,
            "parcel": project.parcel_id,
            "building": project.building_id,
            "investment_yuan": project.investment_yuan,
            "output_yuan": project.output_yuan,
            "tax_yuan": project.tax_yuan,
            "jobs": project.jobs,
            "intensity_yuan_per_mu": project.intensity_yuan_per_mu,
            "tax_per_mu_yuan": project.tax_per_mu_yuan,
            "land_mu": project.land_mu,
        }
        for m in project.milestones.all():
            initial[f"planned_{m.kind}"] = m.planned_on
        return initial


class MilestonesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in MilestoneKind:
            self.fields[f"actual_{kind.value}"] = forms.DateField(
                label=kind.label, required=False, widget=DateInput
            )


PROJECT_MEASURES = [
    m for m in Measure if m.value not in ("tech_transformation", "digital_transformation")
]


class ProjectFilterForm(forms.Form):
    region = forms.CharField(label=_("Region code"), required=False, max_length=6)
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("any"))]
        + [(s.value, s.label) for s in (Stage.SIGNED, Stage.UNDER_CONSTRUCTION, Stage.OPERATING)],
    )
    warning = forms.ChoiceField(
        label=_("Warning"),
        required=False,
        choices=[("", _("any")), *ProjectWarning.Level.choices, ("none", _("none"))],
    )
    measure = forms.ChoiceField(
        label=_("Counted for"),
        required=False,
        choices=[("", _("any")), *[(m.value, m.label) for m in PROJECT_MEASURES]],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)


class SupervisionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)
    text = forms.CharField(
        label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            owner = self.fields["owner"]
            assert isinstance(owner, forms.ModelChoiceField)
            owner.queryset = owners


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class RuleForm(forms.Form):
    promise = forms.ChoiceField(label=_("Promise"), choices=PROMISE_CHOICES)
    test = forms.ChoiceField(label=_("Test"), choices=TEST_CHOICES)
    threshold = forms.DecimalField(label=_("Threshold"), max_digits=12, decimal_places=4)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    @staticmethod
    def initial_of(rule: PerformanceRule) -> dict[str, Any]:
        return {
            "promise": rule.promise,
            "test": rule.test,
            "threshold": rule.threshold,
            "status": rule.status,
            "active": rule.active,
            "note": rule.note,
        }


class WarningSettingsForm(forms.Form):
    due_days = forms.IntegerField(
        label=_("Warn of a milestone due within (days)"), min_value=1, max_value=365
    )
    figures_margin = forms.DecimalField(
        label=_("Figures behind plan by more than (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
