"""Proposals under /api/proposals/: a lead's proposals (list, create a draft, send, revoke),
and, without an account, the data of an investor's page by its token.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema, Status

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Id, Lines, Name, responses
from zhaoshang.core.links import absolute_url
from zhaoshang.core.permissions import api_require
from zhaoshang.leads.access import lead_visible
from zhaoshang.proposals import services
from zhaoshang.proposals.access import CHANGE, VIEW, proposal_visible
from zhaoshang.proposals.models import Proposal
from zhaoshang.proposals.tokens import TOKEN_MAX_LENGTH, token_digest

router = Router(tags=["proposals"])

Language = Literal["en", "zh-hans", "zh-hant"]
SiteKey = Annotated[str, Field(max_length=40, pattern=r"^(parcel|building):[0-9]{1,18}$")]
Token = Annotated[
    str, Field(min_length=1, max_length=TOKEN_MAX_LENGTH, pattern=r"^[A-Za-z0-9_-]+$")
]
Wan = Annotated[
    Decimal,
    Field(
        ge=Decimal(0), le=Decimal(100_000_000), max_digits=11, decimal_places=2, allow_inf_nan=False
    ),
]


class ProposalOut(Schema):
    id: int
    lead: int
    number: int
    previous: int | None
    status: str
    language: str
    expires_on: datetime.date | None
    sent_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    first_viewed_at: datetime.datetime | None
    last_viewed_at: datetime.datetime | None
    view_count: int
    sites: list[str]

    @staticmethod
    def resolve_lead(obj: Proposal) -> int:
        return obj.lead_id

    @staticmethod
    def resolve_previous(obj: Proposal) -> int | None:
        return obj.previous_id

    @staticmethod
    def resolve_sites(obj: Proposal) -> list[str]:
        return [f"{s.get('kind')}:{s.get('id')}" for s in obj.sites if isinstance(s, dict)]


class ProposalSentOut(Schema):
    proposal: ProposalOut
    link: str = Field(description="The investor's link, given this once: only its digest is kept.")


class ProposalContactIn(Schema):
    name: Name
    role: Name = ""
    phone: Annotated[str, Field(max_length=32, pattern=r"^[+0-9 ()-]*$")] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    wechat: Annotated[str, Field(max_length=60, pattern=r"^[A-Za-z0-9_-]*$")] = ""


class ProposalIn(Schema):
    """A draft's values; left out, each takes the default drawn from the lead."""

    language: Language | None = None
    greeting: Lines | None = Field(None, max_length=5000)
    summary: Lines | None = Field(None, max_length=5000)
    logistics: Lines | None = Field(None, max_length=5000)
    next_steps: Lines | None = Field(None, max_length=5000)
    sites: list[SiteKey] | None = Field(None, max_length=6)
    industry_code: Annotated[str, Field(pattern=r"^(\d{4})?$", max_length=4)] | None = None
    investment_wan: Wan | None = None
    jobs: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    revenue_wan: Wan | None = None
    high_tech: bool | None = None
    comparison: Id | None = None
    contacts: list[ProposalContactIn] | None = Field(None, max_length=5)
    expires_on: datetime.date | None = None


class ProposalLeadPath(Schema):
    lead_id: Id


class ProposalPath(Schema):
    proposal_id: Id


class ProposalTokenPath(Schema):
    token: Token


class ProposalPageQuery(Schema):
    language: Language = "en"


class ProposalAttachmentOut(Schema):
    title: str
    content_type: str
    size: int
    url: str


class ProposalPageOut(Schema):
    language: str
    company: str
    is_demo: bool
    content: dict[str, Any]
    contacts: list[dict[str, Any]]
    sites: list[str]
    attachments: list[ProposalAttachmentOut]


def _invalid(exc: ValidationError) -> Status:
    return Status(422, {"detail": validation_detail(exc), "errors": exc.message_dict})


def _values(proposal: Proposal, payload: ProposalIn) -> dict[str, Any]:
    """The composer's values: the draft's own, with what the payload gives over them."""
    given = payload.dict(exclude_none=True)
    suffix = services.SUFFIXES[given.get("language", proposal.language)]
    values: dict[str, Any] = {
        **proposal.facts,
        **proposal.texts,
        "language": proposal.language,
        "sites": [f"{s['kind']}:{s['id']}" for s in proposal.sites],
        "contacts": list(proposal.contacts),
        "comparison": proposal.comparison_id,
        "expires_on": proposal.expires_on,
    }
    for name in ("greeting", "summary", "logistics", "next_steps"):
        if name in given:
            values[f"{name}_{suffix}"] = given.pop(name)
    values.update(given)
    return values


@router.get(
    "/leads/{lead_id}/proposals",
    response=responses({200: list[ProposalOut]}, 403, 404, 422),
    summary="A lead's proposals, newest version first",
)
def proposal_list(request: HttpRequest, path: Path[ProposalLeadPath]) -> Any:
    user = api_require(request, VIEW)
    lead = lead_visible(user, path.lead_id)
    return list(Proposal.objects.filter(lead=lead).order_by("-number")[:100])


@router.post(
    "/leads/{lead_id}/proposals",
    response=responses({201: ProposalOut}, 400, 403, 404, 422),
    summary="Start a draft for a lead (its defaults drawn from the lead)",
)
def proposal_create(request: HttpRequest, path: Path[ProposalLeadPath], payload: ProposalIn) -> Any:
    user = api_require(request, CHANGE)
    lead = lead_visible(user, path.lead_id)
    try:
        with transaction.atomic():  # a refused value leaves no draft behind
            draft = services.proposal_create(actor=user, lead=lead)
            if payload.dict(exclude_none=True):
                draft = services.proposal_update(
                    actor=user, proposal=draft, values=_values(draft, payload)
                )
    except PermissionDenied:
        return Status(403, {"detail": "You may not work on this lead's proposals."})
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, draft)


@router.post(
    "/proposals/{proposal_id}/send",
    response=responses({200: ProposalSentOut}, 403, 404, 422),
    summary="Send a draft: freeze what the investor sees and make the link",
)
def proposal_send(request: HttpRequest, path: Path[ProposalPath]) -> Any:
    user = api_require(request, CHANGE)
    proposal = proposal_visible(user, path.proposal_id)
    try:
        sent, token = services.proposal_send(actor=user, proposal=proposal)
    except PermissionDenied:
        return Status(403, {"detail": "You may not work on this lead's proposals."})
    except ValidationError as exc:
        return _invalid(exc)
    with translation.override(sent.language):
        link = absolute_url(reverse("proposals-investor", args=[token]))
    return {"proposal": sent, "link": link}


@router.post(
    "/proposals/{proposal_id}/revoke",
    response=responses({200: ProposalOut}, 403, 404, 422),
    summary="Revoke a sent proposal's link (it then answers 410)",
)
def proposal_revoke(request: HttpRequest, path: Path[ProposalPath]) -> Any:
    user = api_require(request, CHANGE)
    proposal = proposal_visible(user, path.proposal_id)
    try:
        return services.proposal_revoke(actor=user, proposal=proposal)
    except PermissionDenied:
        return Status(403, {"detail": "You may not work on this lead's proposals."})
    except ValidationError as exc:
        return _invalid(exc)


@router.get(
    "/public/{token}",
    auth=None,
    response=responses({200: ProposalPageOut}, 404, 410, 422),
    summary="The investor's page data by its token (read-only; views are not counted)",
)
def proposal_page(
    request: HttpRequest, path: Path[ProposalTokenPath], query: Query[ProposalPageQuery]
) -> Any:
    digest = token_digest(path.token)
    proposal = (
        Proposal.objects.filter(token_hash=digest).exclude(status=Proposal.Status.DRAFT).first()
    )
    if proposal is None:
        return Status(404, {"detail": "No proposal at this address."})
    if not proposal.is_live:
        return Status(410, {"detail": "This proposal has expired or was withdrawn."})
    snapshot = proposal.snapshot or {}
    languages = snapshot.get("languages", {})
    language = query.language if query.language in languages else snapshot.get("language", "en")
    return {
        "language": language,
        "company": snapshot.get("company", ""),
        "is_demo": bool(snapshot.get("is_demo")),
        "content": languages.get(language, {}),
        "contacts": snapshot.get("contacts", []),
        "sites": snapshot.get("sites", []),
        # The files as frozen when sent, each served through the same link.
        "attachments": [
            {
                "title": str(a.get("title", "")),
                "content_type": str(a.get("type", "")),
                "size": int(a.get("size") or 0),
                "url": _investor_file_url(language, path.token, int(a["id"])),
            }
            for a in snapshot.get("attachments", [])
        ],
    }


def _investor_file_url(language: str, token: str, pk: int) -> str:
    with translation.override(language):
        return reverse("proposals-investor-file", args=[token, pk])
