from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.leads.origins import ELSEWHERE, ORIGIN_CHOICES
from zhaoshang.portal.models import LANGUAGE_CHOICES, Enquiry, Label, Post
from zhaoshang.portal.services import ENQUIRY_FIELDS
from zhaoshang.registry.selectors import divisions, sections

MANUFACTURING = "C"

LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


def industry_choices() -> list[tuple[str, Any]]:
    manufacturing = [
        (division.code, division.name) for division in divisions().filter(parent_id=MANUFACTURING)
    ]
    others = [(section.code, section.name) for section in sections().exclude(code=MANUFACTURING)]
    return [
        ("", _("— choose —")),
        (str(_("Manufacturing")), manufacturing),
        (str(_("Other industries")), others),
    ]


class EnquiryForm(forms.ModelForm):
    # A field people never see; bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    # The site asked about, carried from a site's "ask about this site" link.
    site = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I agree that the center keeps these details to answer my enquiry."),
        error_messages={
            "required": _(
                "Agree to the privacy notice, so that we may keep your details to answer you."
            )
        },
    )

    class Meta:
        model = Enquiry
        fields = list(ENQUIRY_FIELDS)
        labels = {
            "country_region": _("If elsewhere, which country or region?"),
            "industry": _("Products or services"),
        }
        # Autocomplete tokens (WCAG 1.3.5): browsers fill in what they know of the reader.
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "country_region": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "message": forms.Textarea(attrs={"rows": 6}),
            "planned_investment": forms.TextInput(
                attrs={"placeholder": _("e.g. USD 5 million, or 30 million yuan")}
            ),
            "land_needs": forms.TextInput(
                attrs={"placeholder": _("e.g. 20 mu of industrial land")}
            ),
            "building_needs": forms.TextInput(
                attrs={"placeholder": _("e.g. a 5,000 m² standard factory building")}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The options' values are ISO 3166 codes, which is what "country" fills in.
        self.fields["origin"] = forms.ChoiceField(
            label=_("Country or region"),
            choices=[("", _("— choose —")), *ORIGIN_CHOICES],
            widget=forms.Select(attrs={"autocomplete": "country"}),
        )
        self.fields["country_region"].required = False
        self.fields["industry_code"] = forms.ChoiceField(
            label=_("Industry"), choices=industry_choices, required=False
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("origin") == ELSEWHERE and not data.get("country_region"):
            self.add_error("country_region", _("Say which country or region you write from."))
        # An email address refused as malformed already has its message.
        bad_contact = "email" in self.errors or "phone" in self.errors
        if not data.get("email") and not data.get("phone") and not bad_contact:
            self.add_error(
                "email", _("Give an email address or a telephone number, so we can answer.")
            )
        return data

    def _post_clean(self) -> None:
        # The model's own checks run in the service, which also sets the reference.
        pass

    def mark_invalid_fields(self) -> int:
        """Mark each field in error for assistive technology (aria-invalid, and its message
        as the description); returns how many fields are in error."""
        count = 0
        for name in self.errors:
            if name not in self.fields:
                continue
            count += 1
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}-errors"
        return count or len(self.non_field_errors())


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PostForm(forms.Form):
    """A post and its versions in the three languages, on one page."""

    status = forms.ChoiceField(label=_("Status"), choices=Post.Status.choices)
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty for “now” when publishing; a future time for a scheduled post."),
    )
    featured = forms.BooleanField(label=_("Featured on the home page"), required=False)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        required=False,
        max_length=120,
        help_text=_("Made from the title when empty."),
    )
    labels = forms.ModelMultipleChoiceField(
        label=_("Labels"),
        queryset=Label.objects.order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_labels = forms.CharField(
        label=_("New labels"),
        required=False,
        max_length=300,
        help_text=_("Names separated by commas."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, _name in LANGUAGE_CHOICES:
            suffix = code.replace("-", "_")
            self.fields[f"title_{suffix}"] = forms.CharField(
                label=_("Title"), max_length=300, required=False
            )
            self.fields[f"summary_{suffix}"] = forms.CharField(
                label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"body_{suffix}"] = forms.CharField(
                label=_("Text (Markdown)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 14, "class": "markdown"}),
            )

    def language_fields(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(code, name, [title, summary, body]) for each language, for the template."""
        out = []
        for code, name in LANGUAGE_CHOICES:
            suffix = code.replace("-", "_")
            out.append(
                (
                    code,
                    name,
                    [self[f"title_{suffix}"], self[f"summary_{suffix}"], self[f"body_{suffix}"]],
                )
            )
        return out

    def new_label_names(self) -> list[str]:
        raw = self.cleaned_data.get("new_labels") or ""
        names = [n.strip() for n in raw.replace("，", ",").split(",")]
        return [n for n in dict.fromkeys(names) if n]


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Image"))
    alt = forms.CharField(
        label=_("Description (for readers who cannot see it)"), max_length=200, required=False
    )


class BloggerImportForm(forms.Form):
    backup = forms.FileField(
        label=_("Blogger backup (.xml)"),
        help_text=_("In Blogger: Settings → Back up content → Download."),
    )
    dry_run = forms.BooleanField(label=_("Only show what would change"), required=False)


class EnquiryUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Enquiry.Status.choices)
    officer_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
