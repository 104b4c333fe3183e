"""Investors send enquiries; each gets a reference, a confirmation and mails."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.support import signed_in
from zhaoshang.core.services import site_settings_update
from zhaoshang.portal.models import Enquiry

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Nguyen Van An",
    "company": "Saigon Furniture Co.",
    "email": "an@example.vn",
    "phone": "",
    "origin": "VN",
    "country_region": "",
    "industry_code": "21",
    "industry": "Furniture",
    "planned_investment": "USD 5 million",
    "land_needs": "30 mu",
    "building_needs": "6,000 m² factory",
    "message": "We plan to move one production line to Guangdong next year.",
    "consent": "on",
}


def send(client: Client, data: dict[str, str], address: str = "203.0.113.5"):
    return client.post("/en/enquiry/", data, REMOTE_ADDR=address, follow=True)


def test_an_enquiry_gets_a_reference_a_confirmation_and_two_mails(
    django_capture_on_commit_callbacks,
):
    site_settings_update(actor=None, email="invest@sihui.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(Client(), FORM)
    enquiry = Enquiry.objects.get()
    assert re.fullmatch(r"ZS-\d{4}-000001", enquiry.reference)
    assert enquiry.reference in response.content.decode()
    assert enquiry.language == "en"
    assert enquiry.status == "new"
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["an@example.vn", "invest@sihui.example"]
    to_investor = next(m for m in mail.outbox if m.to == ["an@example.vn"])
    assert enquiry.reference in to_investor.subject


def test_references_count_up():
    send(Client(), FORM)
    send(Client(), {**FORM, "email": "b@example.vn"}, address="203.0.113.6")
    assert sorted(e.reference[-6:] for e in Enquiry.objects.all()) == ["000001", "000002"]


def test_the_investor_mail_is_in_the_language_of_the_form(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/zh-hant/enquiry/", FORM, REMOTE_ADDR="203.0.113.7")
    assert Enquiry.objects.get().language == "zh-hant"
    reference = Enquiry.objects.get().reference
    assert mail.outbox[0].subject == f"您的查詢 {reference}"


def test_a_phone_number_is_enough_and_is_kept_in_e164():
    send(Client(), {**FORM, "email": "", "phone": "+84 28 3822 9000"})
    assert Enquiry.objects.get().phone == "+842838229000"


def test_without_email_or_phone_the_form_says_so_and_keeps_nothing():
    response = send(Client(), {**FORM, "email": ""})
    assert "Give an email address or a telephone number" in response.content.decode()
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-address"), ("phone", "123"), ("name", ""), ("message", "")],
)
def test_bad_fields_are_named_and_nothing_is_kept(field, value):
    response = send(Client(), {**FORM, field: value})
    assert field in response.context["form"].errors
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_thanks_a_bot_and_keeps_nothing():
    response = send(Client(), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_the_sixth_enquiry_from_one_address_within_an_hour_is_refused():
    for n in range(5):
        send(Client(), {**FORM, "email": f"n{n}@example.vn"}, address="198.51.100.9")
    refused = Client().post("/en/enquiry/", FORM, REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429
    assert Enquiry.objects.count() == 5
    assert send(Client(), FORM, address="198.51.100.10").status_code == 200
    assert Enquiry.objects.count() == 6


def test_a_forged_confirmation_link_is_404():
    assert Client().get("/en/enquiry/sent/ZS-2026-000001/").status_code == 404


def test_officers_triage_new_enquiries(officer, manager):
    send(Client(), FORM)
    enquiry = Enquiry.objects.get()
    client = signed_in(officer)
    listing = client.get("/en/officer/enquiries/").content.decode()
    assert enquiry.reference in listing
    client.post(
        f"/en/officer/enquiries/{enquiry.pk}/",
        {"status": "in_progress", "officer_note": "Call on Monday"},
    )
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.officer_note) == ("in_progress", "Call on Monday")
    assert enquiry.reference not in client.get("/en/officer/enquiries/").content.decode()
    # managers read but do not change
    assert signed_in(manager).get(f"/en/officer/enquiries/{enquiry.pk}/").status_code == 200
    refused = signed_in(manager).post(f"/en/officer/enquiries/{enquiry.pk}/", {"status": "closed"})
    assert refused.status_code == 403


def test_the_enquiry_form_needs_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/en/enquiry/", FORM).status_code == 403
    assert not Enquiry.objects.exists()


def test_an_enquiry_without_consent_is_not_kept():
    response = send(Client(), {k: v for k, v in FORM.items() if k != "consent"})
    assert "Agree to the privacy notice" in response.content.decode()
    assert response.context["form"].errors["consent"]
    assert not Enquiry.objects.exists()


def test_the_enquiry_keeps_when_consent_was_given_and_links_the_privacy_notice():
    page = Client().get("/en/enquiry/").content.decode()
    assert 'href="/en/privacy/"' in page
    send(Client(), FORM)
    assert Enquiry.objects.get().consent_at is not None


def test_country_and_industry_are_chosen_from_lists_and_read_in_the_officers_language(
    officer,
):
    form = Client().get("/en/enquiry/").context["form"]
    assert ("VN", "Vietnam") in [(str(k), str(v)) for k, v in form.fields["origin"].choices]
    groups = dict(form.fields["industry_code"].choices)
    assert ("21", "Manufacture of Furniture") in groups["Manufacturing"]
    send(Client(), FORM)
    enquiry = Enquiry.objects.get()
    assert (enquiry.origin, enquiry.country_region, enquiry.industry_code_id) == (
        "VN",
        "Vietnam",
        "21",
    )
    page = signed_in(officer).get(f"/zh-hans/officer/enquiries/{enquiry.pk}/")
    assert "越南" in page.content.decode()


def test_elsewhere_asks_which_country_or_region():
    refused = send(Client(), {**FORM, "origin": "XX"})
    assert refused.context["form"].errors["country_region"]
    assert not Enquiry.objects.exists()
    send(Client(), {**FORM, "origin": "XX", "country_region": "Bangladesh"})
    assert Enquiry.objects.get().where_from == "Bangladesh"


def test_an_industry_not_in_the_list_is_refused():
    response = send(Client(), {**FORM, "industry_code": "ZZ"})
    assert response.context["form"].errors["industry_code"]
    assert not Enquiry.objects.exists()


def test_the_administrator_writes_the_privacy_notice_readers_see(admin_client_):
    default = Client().get("/en/privacy/").content.decode()
    assert "Enquiries that lead to no project are deleted" in default
    site_settings_update(
        actor=None,
        privacy_notice_en="We keep enquiries **two years**.",
        privacy_notice_zh_hans="询盘保存<script>alert(1)</script>两年。",
    )
    english = Client().get("/en/privacy/").content.decode()
    assert "We keep enquiries <strong>two years</strong>." in english
    assert "Enquiries that lead to no project" not in english
    chinese = Client().get("/zh-hans/privacy/").content.decode()
    assert "询盘保存" in chinese
    assert "<script>alert" not in chinese
    form = admin_client_.get("/en/officer/settings/").context["form"]
    assert "privacy_notice_zh_hant" in form.fields


def test_the_form_tells_browsers_what_to_fill_in():
    html = Client().get("/en/enquiry/").content.decode()
    for field_id, token in (
        ("id_name", "name"),
        ("id_company", "organization"),
        ("id_email", "email"),
        ("id_phone", "tel"),
        ("id_origin", "country"),
        ("id_country_region", "country-name"),
    ):
        tag = re.search(rf"<(?:input|select)[^>]*id=\"{field_id}\"[^>]*>", html)
        assert tag is not None, field_id
        assert f'autocomplete="{token}"' in tag.group(0), tag.group(0)
    phone = re.search(r'<input[^>]*id="id_phone"[^>]*>', html)
    assert phone is not None
    assert 'type="tel"' in phone.group(0)


def test_a_failed_submit_says_so_in_the_title_and_sums_up_the_errors_with_links():
    response = send(Client(), {**FORM, "name": "", "email": "not-an-address"})
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert title.group(1).startswith("Error: 2 fields to correct")
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary is not None
    assert "data-focus-on-load" in summary.group(0)
    assert 'href="#id_name"' in summary.group(0)
    assert 'href="#id_email"' in summary.group(0)
    name_input = re.search(r'<input[^>]*id="id_name"[^>]*>', html)
    assert name_input is not None
    assert 'aria-invalid="true"' in name_input.group(0)
    assert 'aria-describedby="id_name-errors"' in name_input.group(0)
    assert 'id="id_name-errors"' in html


def test_the_error_title_is_in_the_readers_language():
    response = Client().post("/zh-hans/enquiry/", {**FORM, "name": ""}, REMOTE_ADDR="192.0.2.1")
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert title is not None
    assert title.group(1).startswith("错误")


def test_a_form_without_errors_has_no_summary_and_a_plain_title():
    html = Client().get("/en/enquiry/").content.decode()
    assert "error-summary" not in html
    assert "<title>Send an enquiry" in html


def test_the_error_summary_names_the_missing_consent_without_its_long_label():
    data = {k: v for k, v in FORM.items() if k != "consent"}
    response = Client().post("/zh-hans/enquiry/", data, REMOTE_ADDR="203.0.113.5")
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_consent"' in summary
    assert "。：" not in summary
    assert "。:" not in summary
