"""Attachments: a PDF or an image added to a draft from the composer, checked (a PDF by its
first bytes and size, an image re-encoded without its metadata), kept as a private file,
frozen when the proposal is sent and served only through the officers' view or the link."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.factories import UserFactory
from tests.proposals.conftest import compose_values
from tests.support import signed_in
from zhaoshang.core.models import PrivateFile
from zhaoshang.core.private_files import private_path
from zhaoshang.core.roles import Role
from zhaoshang.proposals import attachments, services
from zhaoshang.proposals.models import Proposal, ProposalAttachment
from zhaoshang.sites.models import Parcel

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def photo_with_location() -> bytes:
    """A JPEG carrying EXIF metadata (a camera model and a GPS block)."""
    picture = Image.new("RGB", (40, 30), (200, 40, 30))
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 9000"  # Model
    exif[0x8825] = {1: "N", 2: (23.0, 20.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    return out.getvalue()


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def composer_post(client: Client, draft: Proposal, parcel: Parcel, **extra: Any) -> Any:
    """The composer's form as the browser posts it, with ``extra`` fields (files too)."""
    values = compose_values(parcel)
    data: dict[str, object] = {
        k: v for k, v in values.items() if k not in ("contacts", "sites") and v is not None
    }
    data["sites"] = values["sites"]
    for i, person in enumerate(values["contacts"]):
        for key, value in person.items():
            data[f"contacts_{i}_{key}"] = value
    data["then"] = "save"
    data.update(extra)
    return client.post(f"/en/officer/proposals/{draft.pk}/edit/", data)


def test_a_pdf_is_attached_from_the_composer_and_listed(wei_client, draft, parcel):
    upload = SimpleUploadedFile("site plan.pdf", PDF, content_type="application/pdf")
    response = composer_post(
        wei_client, draft, parcel, attachment=upload, attachment_title="Site plan"
    )
    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert (attachment.title, attachment.content_type) == ("Site plan", "application/pdf")
    assert private_path(attachment.file).read_bytes() == PDF
    page = wei_client.get(f"/en/officer/proposals/{draft.pk}/edit/").content.decode()
    assert "Site plan" in page
    served = wei_client.get(f"/en/officer/proposals/{draft.pk}/files/{attachment.pk}/")
    assert body_of(served) == PDF
    assert served["Content-Type"] == "application/pdf"


def test_a_file_named_pdf_that_is_not_one_is_refused_and_nothing_is_saved(
    wei_client, draft, parcel
):
    upload = SimpleUploadedFile("offer.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = composer_post(
        wei_client, draft, parcel, attachment=upload, summary_en="A summary typed with it"
    )
    assert response.status_code == 400
    assert "Attach a PDF document or a JPEG, PNG, WebP or GIF image." in response.content.decode()
    draft.refresh_from_db()
    assert "summary_en" not in draft.texts  # the composer's values were not saved either
    assert not ProposalAttachment.objects.exists()
    assert not PrivateFile.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused(wei, draft, settings, monkeypatch):
    monkeypatch.setattr(attachments, "ATTACHMENT_MAX_BYTES", 1000)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, "application/pdf")
    with pytest.raises(ValidationError) as caught:
        attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=big)
    assert "larger than" in caught.value.message_dict["attachment"][0]
    assert not PrivateFile.objects.exists()


def test_an_image_is_re_encoded_without_its_metadata(wei, draft):
    upload = SimpleUploadedFile("factory.jpg", photo_with_location(), "image/jpeg")
    attachment = attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=upload)
    assert attachment.content_type == "image/jpeg"
    assert attachment.title == "factory"  # the file's name when no title is given
    with Image.open(private_path(attachment.file)) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert b"Secret Camera" not in private_path(attachment.file).read_bytes()


def test_removing_an_attachment_from_a_draft_deletes_its_file(
    wei_client, wei, draft, parcel, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=upload)
    path = private_path(attachment.file)
    with django_capture_on_commit_callbacks(execute=True):
        response = composer_post(wei_client, draft, parcel, remove_attachment=str(attachment.pk))
    assert response.status_code == 302
    assert not draft.attachments.exists()
    assert not path.exists()


def test_a_sent_proposals_attachments_cannot_be_removed_or_added(wei, draft):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=upload)
    sent, _token = services.proposal_send(actor=wei, proposal=draft)
    with pytest.raises(ValidationError):
        attachments.proposal_attachment_remove(actor=wei, proposal=sent, attachment=attachment)
    with pytest.raises(ValidationError):
        attachments.proposal_attachment_add(
            actor=wei, proposal=sent, upload=SimpleUploadedFile("b.pdf", PDF, "application/pdf")
        )
    assert sent.attachments.count() == 1
    assert private_path(attachment.file).exists()


def test_the_investor_sees_and_downloads_the_frozen_attachments(wei, draft):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(
        actor=wei, proposal=draft, upload=upload, title="Parcel plan"
    )
    _sent, token = services.proposal_send(actor=wei, proposal=draft)
    body = Client().get(f"/en/p/{token}/").content.decode()
    url = f"/en/p/{token}/files/{attachment.pk}/"
    assert "Parcel plan" in body
    assert url in body
    response = Client().get(url)
    assert response.status_code == 200
    assert body_of(response) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_an_attachment_needs_the_valid_token(wei, draft):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=upload)
    sent, token = services.proposal_send(actor=wei, proposal=draft)
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert Client().get(f"/en/p/{wrong}/files/{attachment.pk}/").status_code == 404
    assert Client().get(f"/en/p/{token}/files/{attachment.pk + 1}/").status_code == 404
    Proposal.objects.filter(pk=sent.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert Client().get(f"/en/p/{token}/files/{attachment.pk}/").status_code == 410
    Proposal.objects.filter(pk=sent.pk).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    services.proposal_revoke(actor=wei, proposal=sent)
    assert Client().get(f"/en/p/{token}/files/{attachment.pk}/").status_code == 410


def test_an_officer_who_cannot_see_the_lead_cannot_read_or_attach(draft, wei):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=upload)
    stranger = UserFactory.create(username="li", roles=[Role.PROMOTION_OFFICER])
    client = signed_in(stranger)
    assert client.get(f"/en/officer/proposals/{draft.pk}/files/{attachment.pk}/").status_code == 404
    assert client.get(f"/en/p/x/files/{attachment.pk}/").status_code == 404


def test_a_new_version_starts_with_the_attachments_and_keeps_the_old_files(
    wei, draft, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(actor=wei, proposal=draft, upload=upload)
    sent, _token = services.proposal_send(actor=wei, proposal=draft)
    fresh = services.proposal_create(actor=wei, lead=sent.lead, previous=sent)
    copy = fresh.attachments.get()
    assert copy.file_id == attachment.file_id
    with django_capture_on_commit_callbacks(execute=True):
        attachments.proposal_attachment_remove(actor=wei, proposal=fresh, attachment=copy)
    assert private_path(attachment.file).exists()  # version 1 still shows it
    assert sent.attachments.count() == 1


def test_the_preview_links_attachments_through_the_officers_view(wei_client, wei, draft):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(
        actor=wei, proposal=draft, upload=upload, title="Parcel plan"
    )
    body = wei_client.get(f"/en/officer/proposals/{draft.pk}/preview/").content.decode()
    assert f"/en/officer/proposals/{draft.pk}/files/{attachment.pk}/" in body


def test_the_investors_api_lists_the_frozen_attachments_with_their_links(wei, draft):
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    attachment = attachments.proposal_attachment_add(
        actor=wei, proposal=draft, upload=upload, title="Parcel plan"
    )
    _sent, token = services.proposal_send(actor=wei, proposal=draft)
    listed = Client().get(f"/api/proposals/public/{token}?language=zh-hans").json()["attachments"]
    assert listed == [
        {
            "title": "Parcel plan",
            "content_type": "application/pdf",
            "size": len(PDF),
            "url": f"/zh-hans/p/{token}/files/{attachment.pk}/",
        }
    ]
    assert Client().get(listed[0]["url"]).status_code == 200
