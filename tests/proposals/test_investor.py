"""The investor's page: what it shows, who cannot tell a wrong token from a never-made one,
expired and revoked links, views on the lead's timeline, answers and their limits, the PDF."""

from __future__ import annotations

import datetime
import io
import secrets

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from zhaoshang.core.models import Notification
from zhaoshang.leads.models import Activity
from zhaoshang.proposals import services
from zhaoshang.proposals.compose.costs import ILLUSTRATIVE_SOURCE
from zhaoshang.proposals.models import CostFigure, Proposal, ProposalAnswer

pytestmark = pytest.mark.django_db


def page(token: str, language: str = "en") -> str:
    return f"/{language}/p/{token}/"


def test_the_investor_reads_the_proposal_in_its_language(sent):
    _proposal, token = sent
    response = Client().get(page(token, "zh-hans"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "阮先生您好，欢迎来到四会投资。" in body
    assert "就业补贴" in body  # the policy, in Chinese
    assert 'name="robots" content="noindex' in body
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "no-referrer"


def test_traditional_falls_back_to_the_simplified_text_converted(sent):
    _proposal, token = sent
    body = Client().get(page(token, "zh-hant")).content.decode()
    assert "阮先生您好，歡迎來到四會投資。" in body


def test_a_wrong_token_answers_404_exactly_as_one_that_never_existed(sent):
    _proposal, token = sent
    tokens = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        secrets.token_urlsafe(32),
        "not-a-token",
    ]
    responses = [Client().get(page(t)) for t in tokens]
    assert [r.status_code for r in responses] == [404, 404, 404]
    # The page echoes the address asked for (its language links) and nothing else.
    bodies = {
        r.content.decode().replace(t, "TOKEN") for r, t in zip(responses, tokens, strict=True)
    }
    assert len(bodies) == 1


def test_an_expired_link_answers_410_with_the_centers_contacts(sent):
    from zhaoshang.core.services import site_settings_update

    site_settings_update(actor=None, center_name_en="Sihui Center", phone="+86 758 3611228")
    proposal, token = sent
    Proposal.objects.filter(pk=proposal.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = Client().get(page(token))
    assert response.status_code == 410
    body = response.content.decode()
    assert "no longer available" in body
    assert "tel:+867583611228" in body


def test_a_revoked_link_answers_410(wei, sent):
    proposal, token = sent
    services.proposal_revoke(actor=wei, proposal=proposal)
    assert Client().get(page(token)).status_code == 410
    assert Client().get(f"/en/p/{token}/proposal.pdf").status_code == 410


def test_views_are_counted_and_the_first_goes_to_the_timeline_and_the_officer(wei, sent):
    proposal, token = sent
    for _ in range(3):
        Client().get(page(token))
    proposal.refresh_from_db()
    assert proposal.view_count == 3
    assert proposal.first_viewed_at <= proposal.last_viewed_at
    notes = Activity.objects.filter(lead=proposal.lead, summary__contains="opened proposal")
    assert notes.count() == 1
    assert Notification.objects.filter(user=wei, message="proposals.first_view").count() == 1
    lead_page = __import__("tests.support", fromlist=["signed_in"]).signed_in(wei)
    body = lead_page.get(f"/en/officer/leads/{proposal.lead_id}/").content.decode()
    assert "viewed 3 times" in body
    assert "opened proposal version 1 for the first time" in body


def test_an_answer_becomes_an_activity_and_a_notification(wei, sent):
    proposal, token = sent
    mail.outbox.clear()
    response = Client().post(
        f"{page(token)}answer/",
        {
            "kind": "visit",
            "name": "Nguyen",
            "visit_dates": [(timezone.localdate() + datetime.timedelta(days=9)).isoformat()],
        },
    )
    assert response.status_code == 302
    answer = ProposalAnswer.objects.get(proposal=proposal)
    assert answer.kind == "visit"
    assert Activity.objects.filter(lead=proposal.lead, summary__contains="site visit").exists()
    assert Notification.objects.filter(user=wei, message="proposals.answered").exists()


def test_an_answer_of_100_kb_is_refused_with_a_clear_message(sent):
    _proposal, token = sent
    response = Client().post(
        f"{page(token)}answer/", {"kind": "question", "message": "a" * 100_000}
    )
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    assert not ProposalAnswer.objects.exists()


def test_a_script_in_an_answer_is_shown_as_text(wei, sent):
    proposal, token = sent
    script = '<script>alert("x")</script>'
    Client().post(f"{page(token)}answer/", {"kind": "question", "message": script})
    from tests.support import signed_in

    body = signed_in(wei).get(f"/en/officer/proposals/{proposal.pk}/").content.decode()
    assert script not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_a_hundred_answers_a_minute_are_limited(sent, settings):
    _proposal, token = sent
    codes = [
        Client()
        .post(f"{page(token)}answer/", {"kind": "question", "message": f"Q {n}"})
        .status_code
        for n in range(100)
    ]
    assert codes[: settings.PROPOSAL_ANSWERS_PER_HOUR] == [302] * settings.PROPOSAL_ANSWERS_PER_HOUR
    assert set(codes[settings.PROPOSAL_ANSWERS_PER_HOUR :]) == {429}
    assert ProposalAnswer.objects.count() == settings.PROPOSAL_ANSWERS_PER_HOUR


def test_the_pdf_carries_the_chinese_as_text(sent):
    _proposal, token = sent
    response = Client().get(f"/zh-hans/p/{token}/proposal.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    assert "阮先生您好，欢迎来到四会投资。" in flat
    assert "就业补贴" in flat
    assert len(response.content) < 2_000_000  # the fonts are subset


def test_the_traditional_pdf_is_written_in_traditional(sent):
    _proposal, token = sent
    response = Client().get(f"/zh-hant/p/{token}/proposal.pdf")
    text = "".join(
        "".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "歡迎來到四會投資" in text


def test_the_preview_shows_the_draft_as_the_investor_will(wei_client, draft):
    response = wei_client.get(f"/en/officer/proposals/{draft.pk}/preview/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dear Mr Nguyen, welcome to Sihui." in body
    assert "Preview" in body
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_the_demo_cost_source_and_the_telephone_read_as_the_investor_reads(wei, draft):
    CostFigure.objects.update(source=ILLUSTRATIVE_SOURCE)
    _proposal, token = services.proposal_send(actor=wei, proposal=draft)
    body = Client().get(page(token, "zh-hans")).content.decode()
    assert "演示用的示例数据，并非官方价格" in body
    assert ILLUSTRATIVE_SOURCE not in body
    assert "+86 758 361 1228" in body  # typed as +86 758 3611228
