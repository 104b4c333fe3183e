from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import SiteSettings, User
from zhaoshang.core.phones import phone_normalise
from zhaoshang.core.selectors import audited_content_types
from zhaoshang.core.services import SITE_SETTINGS_FIELDS


class SignInForm(AuthenticationForm):
    error_messages = {
        # One message for every failure, so that nobody learns which accounts exist.
        "invalid_login": _("The user name or the password is wrong."),
        "inactive": _("The user name or the password is wrong."),
    }


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = SITE_SETTINGS_FIELDS

    def _clean_number(self, field: str) -> str:
        try:
            return phone_normalise(self.cleaned_data.get(field) or "")
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def clean_phone(self) -> str:
        return self._clean_number("phone")

    def clean_fax(self) -> str:
        return self._clean_number("fax")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What will use it, e.g. “monthly export script”."),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of notifications and mail"), choices=settings.LANGUAGES
    )


class DateInput(forms.DateInput):
    input_type = "date"


class ObjectTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else str(obj)


class AuditFilterForm(forms.Form):
    content_type = ObjectTypeField(
        label=_("Object type"), queryset=ContentType.objects.none(), required=False
    )
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    actor = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.order_by("username"), required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["content_type"]
        assert isinstance(field, ObjectTypeField)
        field.queryset = audited_content_types()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data
