"""Where investors come from: ISO 3166 codes with their names, the places the center meets
most often first. Hong Kong, Macao and Taiwan are regions in their own right here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ORIGINS: dict[str, Promise] = {
    "CN": _("Mainland China"),
    "HK": _("Hong Kong"),
    "MO": _("Macao"),
    "TW": _("Taiwan"),
    "VN": _("Vietnam"),
    "SG": _("Singapore"),
    "MY": _("Malaysia"),
    "TH": _("Thailand"),
    "ID": _("Indonesia"),
    "PH": _("Philippines"),
    "KH": _("Cambodia"),
    "IN": _("India"),
    "JP": _("Japan"),
    "KR": _("South Korea"),
    "AU": _("Australia"),
    "US": _("United States"),
    "CA": _("Canada"),
    "GB": _("United Kingdom"),
    "DE": _("Germany"),
    "FR": _("France"),
    "IT": _("Italy"),
    "NL": _("Netherlands"),
    "CH": _("Switzerland"),
    "AE": _("United Arab Emirates"),
    "XX": _("elsewhere"),
}
ORIGIN_CHOICES = list(ORIGINS.items())
ELSEWHERE = "XX"


def origin_name(code: str) -> str:
    return str(ORIGINS.get(code, code))
