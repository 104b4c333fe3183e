"""Forms of the policies pages: the officer's policy editor (texts, window, benefit and the
rule in its two forms) and the public eligibility check, whose fields are the figures the
policy's rule reads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.policies.describe import ownership_labels, unit_text
from zhaoshang.policies.labels import column_label
from zhaoshang.policies.models import Policy
from zhaoshang.policies.rule_forms import (
    ORIGIN_TEXT,
    RuleProblem,
    rule_problem,
    rule_resolve,
)
from zhaoshang.policies.services import EDITABLE_FIELDS
from zhaoshang.registry.models import Industry, Region
from zhaoshang.rules import ENTERPRISE_FIELDS, FieldRegistry, FieldType, Rule, RuleError

LANGUAGE_SECTIONS = (
    ("en", gettext_lazy("English")),
    ("zh_hans", gettext_lazy("Simplified Chinese")),
    ("zh_hant", gettext_lazy("Traditional Chinese")),
)


POLICY_FIELDS = (
    "slug",
    "issuing_body",
    "document_number",
    "region_scope",
    "status",
    "opens_on",
    "closes_on",
    "mode",
)
IMPACT_FIELDS = ("region_scope", "benefit_kind", "benefit_amount", "benefit_formula")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        indent = {"province": "", "prefecture": "— ", "county": "— — "}.get(obj.level, "")
        return f"{indent}{obj.name} ({obj.code})"


class PolicyForm(forms.ModelForm):
    """Every editable field of a policy. The rule arrives twice, as the builder's JSON
    (``rule``) and as the text form (``rule_text``); ``rule_origin`` says which changed last."""

    rule = forms.CharField(required=False, widget=forms.Textarea(attrs={"hidden": True}))
    rule_text = forms.CharField(
        label=gettext_lazy("Rule as text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )
    rule_origin = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Policy
        fields = [name for name in EDITABLE_FIELDS if name != "rule"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_zh_hans": forms.Textarea(attrs={"rows": 3}),
            "summary_zh_hant": forms.Textarea(attrs={"rows": 3}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
            "body_zh_hans": forms.Textarea(attrs={"rows": 8}),
            "body_zh_hant": forms.Textarea(attrs={"rows": 8}),
            "documents": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"region_scope": RegionChoiceField}

    def __init__(self, *args: Any, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = self.fields["region_scope"]
        assert isinstance(scope, forms.ModelChoiceField)
        scope.queryset = Region.objects.order_by("code")
        scope.empty_label = _("all of Guangdong")
        self.rule_problem: RuleProblem | None = None
        for name in IMPACT_FIELDS:  # a change to these updates the impact preview
            self.fields[name].widget.attrs["class"] = "impact-input"
        if read_only:
            for bound in self.fields.values():
                bound.disabled = True

    def policy_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in POLICY_FIELDS]

    def language_sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [
            (suffix, str(name), [self[f"{part}_{suffix}"] for part in ("title", "summary", "body")])
            for suffix, name in LANGUAGE_SECTIONS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{suffix}") for suffix, _name in LANGUAGE_SECTIONS):
            self.add_error("title_en", _("Give the title in at least one language."))
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The window must close on or after the day it opens."))
        try:
            data["rule"] = rule_resolve(
                json_text=data.get("rule") or "",
                text=data.get("rule_text") or "",
                origin=data.get("rule_origin") or ORIGIN_TEXT,
            )
        except RuleError as error:
            self.rule_problem = rule_problem(error)
            self.add_error("rule_text", self.rule_problem.message)
        return data

    def _post_clean(self) -> None:
        # The model's checks run in policy_save, with the rule and the benefit.
        pass

    def values(self) -> dict[str, Any]:
        """The fields as policy_save takes them."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in EDITABLE_FIELDS}
        scope = data.get("region_scope")
        values["region_scope"] = scope.pk if scope is not None else None
        for name in EDITABLE_FIELDS:
            if values[name] is None and name not in (
                "region_scope",
                "opens_on",
                "closes_on",
                "benefit_amount",
            ):
                values[name] = ""
        return values


# --- the public check --------------------------------------------------------------------

UNKNOWN_CHOICE = ("", gettext_lazy("I do not know"))


def _region_choices() -> list[Any]:
    groups: dict[str, list[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    for region in Region.objects.order_by("code"):
        if region.level == Region.Level.PREFECTURE:
            names[region.code] = region.name
        elif region.level == Region.Level.COUNTY and region.parent_id:
            groups.setdefault(region.parent_id, []).append(
                (region.code, f"{region.name} ({region.code})")
            )
    return [UNKNOWN_CHOICE] + [(names.get(code, code), items) for code, items in groups.items()]


class IndustryClassField(forms.CharField):
    """A four-digit class of GB/T 4754-2017 whose division exists."""

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip().upper()
        if not text:
            return None
        if len(text) == 5 and text[0].isalpha():
            text = text[1:]
        if len(text) != 4 or not text.isdigit():
            raise forms.ValidationError(
                _("Give the four-digit industry class of GB/T 4754-2017, such as 3971.")
            )
        if not Industry.objects.filter(pk=text[:2], kind=Industry.Kind.DIVISION).exists():
            raise forms.ValidationError(
                _("There is no industry division %(division)s.") % {"division": text[:2]}
            )
        return text


def _check_field(column: str, registry: FieldRegistry) -> forms.Field | None:
    name, _year = FieldRegistry.split_column(column)
    found = registry.get(name)
    if found is None:
        return None
    label = column_label(column)
    if found.unit:
        label = _("%(field)s (%(unit)s)") % {"field": label, "unit": unit_text(found.unit)}
    help_text = (
        _("Leave empty if there is none.")
        if found.nullable
        else _("Leave empty if you do not know it.")
    )
    common: dict[str, Any] = {"label": label, "required": False, "help_text": help_text}
    kind = found.type
    if kind is FieldType.REGION:
        return forms.ChoiceField(choices=_region_choices, **common)
    if kind is FieldType.INDUSTRY:
        return IndustryClassField(max_length=5, **common)
    if kind is FieldType.NUMBER:
        return forms.DecimalField(max_digits=18, decimal_places=4, **common)
    if kind is FieldType.INTEGER:
        return forms.IntegerField(min_value=0, max_value=10**9, **common)
    if kind is FieldType.DATE:
        return forms.DateField(widget=DateInput(), **common)
    if kind is FieldType.BOOLEAN:
        return forms.TypedChoiceField(
            choices=[UNKNOWN_CHOICE, ("yes", _("yes")), ("no", _("no"))],
            coerce=lambda v: v == "yes",
            empty_value=None,
            **common,
        )
    if kind is FieldType.ENUM:
        labels = ownership_labels()
        return forms.ChoiceField(
            choices=[UNKNOWN_CHOICE, *((c, labels.get(c, c)) for c in found.choices)], **common
        )
    return forms.CharField(max_length=100, **common)


# The figures a visitor is asked first, whatever order the rule reads them in.
_FIRST = ("region_code", "industry_code")


class EligibilityCheckForm(forms.Form):
    """One field per figure the rule reads; all optional (an empty one is unknown)."""

    def __init__(self, *args: Any, rule: Rule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = [c for c in _FIRST if c in rule.columns]
        for column in [*first, *(c for c in rule.columns if c not in _FIRST)]:
            made = _check_field(column, ENTERPRISE_FIELDS)
            if made is not None:
                self.fields[column] = made

    def facts(self) -> dict[str, Any]:
        """The figures as explain reads them; empty ones are missing (None)."""
        return {name: (value if value != "" else None) for name, value in self.cleaned_data.items()}
