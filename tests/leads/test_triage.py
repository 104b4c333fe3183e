"""New web enquiries are triaged: converted into a lead from a prefilled form, merged into
a lead suggested as a duplicate, or dismissed as spam; each outcome kept and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.leads.factories import LeadFactory, enquiry_make
from tests.support import signed_in
from zhaoshang.core.models import AuditEvent
from zhaoshang.leads.models import EnquiryTriage, Lead
from zhaoshang.leads.triage.services import enquiry_dismiss, lead_duplicates
from zhaoshang.portal.models import Enquiry

pytestmark = pytest.mark.django_db


def test_new_enquiries_wait_in_the_triage_list_until_triaged(sihui_officer):
    waiting = enquiry_make(company="Mekong Garment")
    done = enquiry_make(company="Spam Inc", email="x@spam.example")
    enquiry_dismiss(actor=sihui_officer, enquiry=done)
    page = signed_in(sihui_officer).get("/en/officer/leads/triage/").content.decode()
    assert waiting.reference in page
    assert done.reference not in page


def test_the_conversion_form_is_prefilled_from_the_enquiry(sihui_officer, usd):
    enquiry = enquiry_make()
    page = signed_in(sihui_officer).get(f"/en/officer/leads/triage/{enquiry.pk}/").content.decode()
    assert 'value="Saigon Furniture Co., Ltd."' in page
    assert '<option value="VN" selected>' in page
    assert 'value="5000000.00"' in page
    assert 'value="USD"' in page
    assert 'value="an@saigonfurniture.vn"' in page


def test_converting_creates_the_lead_and_records_it_on_the_enquiry(sihui_officer, usd):
    enquiry = enquiry_make()
    response = signed_in(sihui_officer).post(
        f"/en/officer/leads/triage/{enquiry.pk}/",
        {
            "company": "Saigon Furniture Co., Ltd.",
            "origin": "VN",
            "source": "web",
            "region": "441284",
            "industry": "21",
            "investment_amount": "5000000",
            "investment_currency": "USD",
            "officers": [sihui_officer.pk],
            "contact_name": "Nguyen Van An",
            "contact_email": "an@saigonfurniture.vn",
        },
    )
    lead = Lead.objects.get()
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert f"lead #{lead.pk}" in enquiry.officer_note
    assert enquiry.triage.outcome == EnquiryTriage.Outcome.CONVERTED
    assert enquiry.triage.lead == lead
    assert lead.activities.get().summary.startswith(f"Web enquiry {enquiry.reference}")
    audited = AuditEvent.objects.filter(actor=sihui_officer).values_list(
        "content_type__model", flat=True
    )
    assert {"enquirytriage", "enquiry", "lead", "leadcontact"} <= set(audited)


def test_duplicates_are_suggested_by_name_mail_domain_and_telephone(sihui_officer):
    by_name = LeadFactory.create(company="SAIGON FURNITURE CO LTD", officers=[sihui_officer])
    by_domain = LeadFactory.create(
        company="Different Name",
        officers=[sihui_officer],
        contacts=[{"name": "Minh", "email": "minh@saigonfurniture.vn"}],
    )
    by_phone = LeadFactory.create(
        company="Another",
        officers=[sihui_officer],
        contacts=[{"name": "Lan", "phone": "+84 28 3823 4567"}],
    )
    LeadFactory.create(company="Unrelated Metal", officers=[sihui_officer])
    found = lead_duplicates(
        sihui_officer,
        company="Saigon Furniture Co., Ltd.",
        email="an@saigonfurniture.vn",
        phone="+842838234567",
    )
    assert {d.lead for d in found} == {by_name, by_domain, by_phone}
    assert found[0].lead == by_name or found[0].score >= 1


def test_a_public_mail_domain_is_no_sign_of_a_duplicate(sihui_officer):
    LeadFactory.create(
        company="Other Firm",
        officers=[sihui_officer],
        contacts=[{"name": "A", "email": "a@gmail.com"}],
    )
    assert lead_duplicates(sihui_officer, company="Mine", email="b@gmail.com") == []


def test_merging_adds_the_enquiry_to_the_lead_and_keeps_the_outcome(sihui_officer):
    lead = LeadFactory.create(company="Saigon Furniture", officers=[sihui_officer])
    enquiry = enquiry_make()
    client = signed_in(sihui_officer)
    assert (
        "Merge into this lead"
        in client.get(f"/en/officer/leads/triage/{enquiry.pk}/").content.decode()
    )
    client.post(f"/en/officer/leads/triage/{enquiry.pk}/merge/", {"lead": lead.pk})
    enquiry.refresh_from_db()
    assert enquiry.triage.outcome == EnquiryTriage.Outcome.MERGED
    assert enquiry.triage.lead == lead
    assert lead.contacts.get().email == "an@saigonfurniture.vn"
    assert enquiry.reference in lead.activities.get().summary


def test_dismissing_marks_the_enquiry_as_spam(sihui_officer):
    enquiry = enquiry_make(company="Cheap pills")
    signed_in(sihui_officer).post(f"/en/officer/leads/triage/{enquiry.pk}/dismiss/")
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.SPAM
    assert enquiry.triage.outcome == EnquiryTriage.Outcome.DISMISSED


def test_an_enquiry_is_triaged_once(sihui_officer):
    enquiry = enquiry_make()
    enquiry_dismiss(actor=sihui_officer, enquiry=enquiry)
    with pytest.raises(ValidationError):
        enquiry_dismiss(actor=sihui_officer, enquiry=enquiry)
    lead = LeadFactory.create(officers=[sihui_officer])
    signed_in(sihui_officer).post(
        f"/en/officer/leads/triage/{enquiry.pk}/merge/", {"lead": lead.pk}
    )
    assert EnquiryTriage.objects.count() == 1
    assert not lead.activities.exists()


def test_managers_without_triage_rights_are_refused(zhaoqing_manager):
    enquiry = enquiry_make()
    assert (
        signed_in(zhaoqing_manager)
        .post(f"/en/officer/leads/triage/{enquiry.pk}/dismiss/")
        .status_code
        == 403
    )
