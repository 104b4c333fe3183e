from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.chains.engine.targets import Weights
from zhaoshang.registry.selectors import region_filter_choices


class RegionForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Region"),
        error_messages={"invalid_choice": _("There is no region with the code %(value)s.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = region_filter_choices()


def _weight(label: Any, default: float) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=1000,
        decimal_places=2,
        initial=default,
        widget=forms.NumberInput(attrs={"step": "1", "min": "0", "max": "1000"}),
    )


DEFAULT = Weights()


class TargetsForm(RegionForm):
    link = forms.ChoiceField(label=_("Link"), required=False)
    size = _weight(_("Weight of size"), DEFAULT.size)
    growth = _weight(_("Weight of growth"), DEFAULT.growth)
    qualifications = _weight(_("Weight of qualifications"), DEFAULT.qualifications)
    fit = _weight(_("Weight of fit to local anchors"), DEFAULT.fit)
    distance = _weight(_("Weight of distance"), DEFAULT.distance)

    def __init__(self, *args: Any, links: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["link"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("the chain's missing links")), *links]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("size", "growth", "qualifications", "fit", "distance")
        if all(data.get(n) == 0 for n in names):
            self.add_error("size", _("At least one weight must be above 0."))
        return data

    def weights(self) -> Weights:
        data = self.cleaned_data
        return Weights(
            **{
                name: float(data[name] if data.get(name) is not None else getattr(DEFAULT, name))
                for name in ("size", "growth", "qualifications", "fit", "distance")
            }
        )


class ChainFileForm(forms.Form):
    source = forms.CharField(
        label=_("Chain file (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
        max_length=200_000,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class MapSettingsForm(forms.Form):
    present_min = forms.IntegerField(label=_("Enterprises for a link to be present"), min_value=1)
    strong_min = forms.IntegerField(label=_("Enterprises for a strong link"), min_value=1)
    strong_share = forms.DecimalField(
        label=_("Share of the province for a strong link (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    strong_above_size = forms.IntegerField(
        label=_("Above-size enterprises that make a link strong (0: not used)"), min_value=0
    )
