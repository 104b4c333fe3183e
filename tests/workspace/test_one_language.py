"""Chinese pages read as Chinese: over the demo data, the main public and officer pages of
every role, in zh-hans and zh-hant, have no English word left outside a short allowed list
and the words users typed themselves (company and people's names, notes)."""

from __future__ import annotations

import html
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command

from tests.support import signed_in
from zhaoshang.chains.models import LinkNote
from zhaoshang.core.models import User
from zhaoshang.leads.models import Activity, AftercareVisit, Lead, LeadContact, VisitAction
from zhaoshang.leads.models.aftercare import QUESTIONS
from zhaoshang.policies.models import Policy
from zhaoshang.portal.models import Enquiry, PostVersion
from zhaoshang.projects.models import TransformationProject
from zhaoshang.registry.models import Enterprise
from zhaoshang.sites.models import Building, Parcel, Park, SiteDocument, SiteHold, SitePhoto

pytestmark = pytest.mark.django_db

ALLOWED = {
    "zhaoshang", "rss", "atom", "api", "uscc", "gb", "xlsx", "csv", "json", "pdf", "id",
    "wechat", "usd", "hkd", "cny", "eur", "twd", "jpy", "vnd", "qr", "url", "ok",
    "kva", "excel", "utf-", "iso", "yyyy-mm-dd", "demo-", "authorization", "bearer", "de",
}  # fmt: skip
# Pieces of text that are not words: the end of a web address cut by a tag.
KNOWN_LEFT = {"com"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
SKIPPED = re.compile(
    r"<(script|style|code|pre)\b.*?</\1>|<[^>]*\blang=\"en\"[^>]*>[^<]*(?=<)"
    r"|[\w.+-]+@[\w-]+\.[\w.]+|https?://\S+|\b[\w-]+\.(?:com|cn|hk|vn|de|jp|kr|my|tw|net|org)\b",
    re.S,
)
SHOWN_ATTRIBUTES = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')


def typed_words() -> set[str]:
    """Words in what users (and the demo) typed: names, notes, enquiries, posts."""
    texts: list[Any] = []
    texts += Lead.objects.values_list("company", "company_key", "product", "origin_detail", "notes")
    texts += LeadContact.objects.values_list("name", "role", "email")
    texts += Activity.objects.values_list("summary", "next_step")
    texts += Enquiry.objects.values_list("name", "company", "industry", "message", "country_region")
    texts += Enterprise.objects.values_list("name_en", "address")
    texts += User.objects.values_list("first_name", "last_name", "username")
    texts += PostVersion.objects.values_list("title", "summary", "body_markdown")
    texts += AftercareVisit.objects.values_list(
        "participants", "summary", *(name for name, _label in QUESTIONS)
    )
    texts += VisitAction.objects.values_list("description")
    texts += [(p.title,) for p in Policy.objects.all()]
    texts += SiteHold.objects.values_list("reason")  # an officer's words on a hold
    texts += LinkNote.objects.values_list("text")  # officers' notes on chain links
    texts += TransformationProject.objects.values_list("title", "description", "equipment")
    for model in (Park, Parcel, Building, SitePhoto, SiteDocument):  # sites as officers typed them
        fields = [f.name for f in model._meta.concrete_fields if f.get_internal_type() in TYPED]
        rows = model.objects.values_list(*fields)
        texts += [tuple(json.dumps(v, ensure_ascii=False) for v in row) for row in rows]
    return {w.lower() for row in texts for value in row for w in WORD.findall(str(value or ""))}


TYPED = {"CharField", "TextField", "JSONField", "FileField", "ImageField", "SlugField"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+-?$")


def english_left(page: str, allowed: set[str]) -> set[str]:
    page = SKIPPED.sub(" ", page)
    shown = [
        re.sub(r"<[^>]+>", " ", html.unescape(value)) for value in SHOWN_ATTRIBUTES.findall(page)
    ]
    # Unescaped first: markup quoted inside text (a search snippet) goes with the tags.
    text = re.sub(r"<[^>]+>", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    words = WORD.findall(" ".join([text, *shown]))
    return {w for w in words if w.lower() not in allowed | KNOWN_LEFT and not SLUG.match(w)}


@pytest.fixture
def demo() -> None:
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())


PUBLIC = ["", "archive/", "contacts/", "enquiry/", "policies/", "search/?q=factory", "privacy/"]
OFFICER = [
    "officer/",
    "officer/leads/",
    "officer/leads/board/",
    "officer/leads/follow-ups/",
    "officer/leads/triage/",
    "officer/leads/reports/",
    "officer/enterprises/",
    "officer/enterprises/import/",
    "officer/policies/",
    "officer/targets/",
    "officer/transformation/",
    "officer/audit/",
    "officer/search/?q=四会",
    "account/profile/",
    "account/notifications/",
]


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_chinese_pages_have_no_english_left(demo, client, language):
    allowed = ALLOWED | typed_words()
    pages = {f"/{language}/{path}": client for path in PUBLIC}
    for name in ("officer", "manager", "policy", "enterprise"):
        user = User.objects.get(username=name)
        user_client = signed_in(user)
        paths = (
            OFFICER
            if name != "enterprise"
            else ["my-enterprise/", "my-policies/", "my-enterprise/transformation/"]
        )
        for path in paths:
            pages[f"/{language}/{path} ({name})"] = user_client
    lead = Lead.objects.order_by("pk").first()
    enterprise = Enterprise.objects.order_by("pk").first()
    assert lead is not None
    assert enterprise is not None
    officer = signed_in(User.objects.get(username="manager"))
    pages[f"/{language}/officer/leads/{lead.pk}/ (manager)"] = officer
    pages[f"/{language}/officer/enterprises/{enterprise.pk}/ (manager)"] = officer
    found: dict[str, set[str]] = {}
    for key, page_client in pages.items():
        url = key.split(" (")[0]
        response = page_client.get(url)
        if response.status_code == 403 and "(" in key:
            continue  # not this role's page
        assert response.status_code == 200, key
        left = english_left(response.content.decode(), allowed)
        if left:
            found[key] = left
    assert found == {}, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())
