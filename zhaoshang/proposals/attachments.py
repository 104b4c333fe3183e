"""A draft proposal's attachments: PDF documents (checked as PDF by their first bytes, at
most ATTACHMENT_MAX_BYTES) and images (through the posts' image pipeline: type read from
the content, re-encoded without metadata, at most 1600 px wide), kept as private files and
served only through the proposal (the officers' view checks the lead, the investor's the
token). A sent proposal's attachments are part of what the investor saw: they are frozen
with it and cannot be removed; a new version starts with the same files.

Bad input raises ValidationError on ``attachment`` (the file) or ``attachment_title`` and
writes nothing: the file is checked whole before anything is stored."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_delete
from zhaoshang.core.models import User
from zhaoshang.core.private_files import private_file_delete, private_file_store, private_path
from zhaoshang.core.text import text_problem
from zhaoshang.portal.services import image_reencode
from zhaoshang.proposals.access import may_work
from zhaoshang.proposals.models import Proposal, ProposalAttachment

ATTACHMENT_KIND = "proposals"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 8
TITLE_MAX = 200
PDF_TYPE = "application/pdf"
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed its checks, ready to be stored."""

    content: IO[bytes]
    name: str
    content_type: str
    title: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def _title(title: str, name: str) -> str:
    title = (title or "").strip() or Path(name).stem.replace("_", " ").strip()[:TITLE_MAX]
    problem = text_problem(title)
    if problem:
        raise ValidationError({"attachment_title": [problem]})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"attachment_title": [_("At most %(count)s characters.") % {"count": TITLE_MAX}]}
        )
    return title or _("Attachment")


def _too_large() -> ValidationError:
    return ValidationError(
        {
            "attachment": [
                _("The file is larger than %(size)s MB; please send a smaller one.")
                % {"size": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
            ]
        }
    )


def attachment_check(upload: UploadedFile, title: str = "") -> CheckedFile:
    """Check an upload: a PDF by its first bytes and its size, anything else as an image
    through the posts' pipeline (re-encoded, metadata stripped). Nothing is written."""
    name = Path(upload.name or "attachment").name
    title = _title(title, name)
    if upload.size is not None and upload.size > ATTACHMENT_MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        # Django counts an upload's bytes as they arrive; anything else is counted here.
        size = upload.size
        if size is None:
            size = sum(len(chunk) for chunk in upload.chunks())
            upload.seek(0)
        if size > ATTACHMENT_MAX_BYTES:
            raise _too_large()
        stem = Path(name).stem or "document"
        return CheckedFile(upload, f"{stem}.pdf", PDF_TYPE, title)
    try:
        image = image_reencode(upload)
    except ValidationError as exc:
        problem = exc.message_dict.get("image", [""])[0]
        if problem == _("This file is not an image we can read.") or problem == _(
            "Only JPEG, PNG, WebP and GIF images can be used."
        ):
            problem = _("Attach a PDF document or a JPEG, PNG, WebP or GIF image.")
        raise ValidationError({"attachment": [problem]}) from exc
    stem = Path(name).stem or "image"
    return CheckedFile(
        io.BytesIO(image.data),
        f"{stem}.{image.extension}",
        IMAGE_TYPES.get(image.extension, "application/octet-stream"),
        title,
    )


def _draft_only(proposal: Proposal) -> None:
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(
            {"attachment": [_("A sent proposal's attachments do not change; start a new version.")]}
        )


def proposal_attachment_store(
    *, actor: User, proposal: Proposal, checked: CheckedFile
) -> ProposalAttachment:
    """Store a checked file on a draft (the caller has checked who may work on it)."""
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _draft_only(current)
        if current.attachments.count() >= ATTACHMENTS_MAX:
            raise ValidationError(
                {
                    "attachment": [
                        _("A proposal takes at most %(count)s attachments.")
                        % {"count": ATTACHMENTS_MAX}
                    ]
                }
            )
        stored = private_file_store(
            kind=ATTACHMENT_KIND, name=checked.name, content=checked.content, owner=actor
        )
        try:
            attachment = ProposalAttachment.objects.create(
                proposal=current,
                file=stored,
                title=checked.title,
                content_type=checked.content_type,
            )
            audit_create(actor=actor, instance=attachment)
        except Exception:
            # The file is on disk before its row: take it away again.
            private_path(stored).unlink(missing_ok=True)
            raise
    return attachment


def proposal_attachment_add(
    *, actor: User, proposal: Proposal, upload: UploadedFile, title: str = ""
) -> ProposalAttachment:
    """Check ``upload`` and attach it to the draft ``proposal``."""
    may_work(actor, proposal.lead)
    _draft_only(proposal)
    return proposal_attachment_store(
        actor=actor, proposal=proposal, checked=attachment_check(upload, title)
    )


def proposal_attachment_remove(
    *, actor: User, proposal: Proposal, attachment: ProposalAttachment
) -> None:
    """Take an attachment off a draft; its file goes when no other version uses it."""
    may_work(actor, proposal.lead)
    if attachment.proposal_id != proposal.pk:
        raise ValidationError({"attachment": [_("That attachment belongs to another proposal.")]})
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _draft_only(current)
        pk, stored = attachment.pk, attachment.file
        attachment.delete()
        audit_delete(actor=actor, instance=attachment, object_id=pk)
        if not ProposalAttachment.objects.filter(file=stored).exists():
            private_file_delete(file=stored)


def attachments_copy(*, source: Proposal, target: Proposal) -> None:
    """A new version starts with the attachments of the one it replaces (the same files)."""
    ProposalAttachment.objects.bulk_create(
        ProposalAttachment(
            proposal=target, file_id=a.file_id, title=a.title, content_type=a.content_type
        )
        for a in source.attachments.all()
    )
