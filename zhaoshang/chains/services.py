"""Every write of the chains app but the classifier's (``classification.py``): loading and
editing chains, officers' decisions on placements, notes, the map's thresholds. Each is one
transaction with its audit event."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.chains.engine import Chain as ChainSpec
from zhaoshang.chains.engine import ChainFileError, chain_from_text
from zhaoshang.chains.engine.loader import SHIPPED_DIR
from zhaoshang.chains.facts import placements_changed
from zhaoshang.chains.models import Chain, Link, LinkNote, MapSettings, Placement, PlacementDecision
from zhaoshang.core.audit import audit_create, audit_delete, audit_fields_changed, audit_update
from zhaoshang.core.audit import snapshot as audit_snapshot
from zhaoshang.core.models import User
from zhaoshang.core.text import text_check
from zhaoshang.registry.models import Enterprise

MAX_CHAIN_TEXT = 200_000
MAX_NOTE = 4000


def chain_spec(text: str) -> ChainSpec:
    """The chain a file's text describes; ValidationError on ``source`` naming every problem
    with its path in the file."""
    if len(text) > MAX_CHAIN_TEXT:
        raise ValidationError(
            {"source": _("The chain file is longer than %(limit)s characters.")},
            params={"limit": MAX_CHAIN_TEXT},
        )
    try:
        return chain_from_text(text)
    except ChainFileError as error:
        raise ValidationError({"source": [str(problem) for problem in error.problems]}) from error


def chain_save(
    *,
    actor: User | None,
    text: str,
    shipped_file: str = "",
    expected_key: str | None = None,
    audit: bool = True,
) -> Chain:
    """Create or replace the chain the text describes (by its key). Links keep their rows
    (and so their placements) by key; links gone from the file are deleted with their
    placements; notes and decisions, keyed by the links' keys, are never touched.
    ``expected_key``: the chain being edited, whose key the text must keep."""
    spec = chain_spec(text)
    if expected_key is not None and spec.key != expected_key:
        raise ValidationError(
            {"source": _("key: the chain's key must stay %(key)s.") % {"key": expected_key}}
        )
    with transaction.atomic():
        chain = Chain.objects.select_for_update().filter(key=spec.key).first()
        created = chain is None
        before = audit_snapshot(chain) if chain else {}
        if chain is None:
            chain = Chain(key=spec.key, position=Chain.objects.count())
        chain.name_en = spec.names.en
        chain.name_zh_hans = spec.names.zh_hans
        chain.name_zh_hant = spec.names.zh_hant
        chain.source = text
        chain.shipped_file = shipped_file or chain.shipped_file
        chain.loaded_at = timezone.now()
        chain.save()
        existing = {link.key: link for link in chain.links.all()}
        for position, spec_link in enumerate(spec.links):
            link = existing.pop(spec_link.key, None) or Link(chain=chain, key=spec_link.key)
            link.stage = spec_link.stage.value
            link.name_en = spec_link.names.en
            link.name_zh_hans = spec_link.names.zh_hans
            link.name_zh_hant = spec_link.names.zh_hant
            link.classes = [str(found) for found in spec_link.classes]
            link.supplies = list(spec_link.supplies)
            link.position = position
            link.save()
        if existing:  # links gone from the file, with their placements
            Link.objects.filter(pk__in=[link.pk for link in existing.values()]).delete()
            placements_changed()
        if audit and created:
            audit_create(actor=actor, instance=chain)
        elif audit:
            audit_update(actor=actor, instance=chain, before=before)
    return chain


def chains_load_shipped(*, actor: User | None = None, audit: bool = True) -> list[Chain]:
    """Load (or reload) every chain file shipped in ``zhaoshang/chains/data/``. A file that
    does not load stops the whole load (ValidationError) with nothing written."""
    loaded = []
    with transaction.atomic():
        for path in sorted(SHIPPED_DIR.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            try:
                loaded.append(
                    chain_save(actor=actor, text=text, shipped_file=path.name, audit=audit)
                )
            except ValidationError as error:
                messages = [f"{path.name}: {m}" for m in error.messages]
                raise ValidationError({"source": messages}) from error
    return loaded


def chains_load_if_empty() -> None:
    """Load the shipped chains into a database that has none (after migrate): shipped
    reference data, like the regions, so not an audited change."""
    if not Chain.objects.exists():
        chains_load_shipped(audit=False)


def _link_of(chain_key: str, link_key: str) -> Link:
    link = Link.objects.select_related("chain").filter(chain__key=chain_key, key=link_key).first()
    if link is None:
        raise ValidationError(
            {"link": _("There is no link %(key)s in this chain.") % {"key": link_key}}
        )
    return link


def placement_decide(
    *, actor: User, enterprise: Enterprise, link: Link, verdict: str
) -> PlacementDecision:
    """Confirm or reject ``enterprise`` on ``link``. A rejected placement is removed now and
    after every later classification; a confirmed one is kept (added if there was none)."""
    if verdict not in PlacementDecision.Verdict.values:
        raise ValidationError({"verdict": _("Choose confirmed or rejected.")})
    with transaction.atomic():
        placement = Placement.objects.filter(link=link, enterprise=enterprise).first()
        decision = PlacementDecision.objects.filter(
            enterprise=enterprise, chain_key=link.chain.key, link_key=link.key
        ).first()
        before = audit_snapshot(decision) if decision else {}
        if decision is None:
            decision = PlacementDecision(
                enterprise=enterprise, chain_key=link.chain.key, link_key=link.key
            )
        decision.verdict = verdict
        decision.decided_by = actor
        decision.decided_at = timezone.now()
        if placement is not None:
            decision.evidence = placement.evidence
        decision.save()
        if verdict == PlacementDecision.Verdict.REJECTED:
            Placement.objects.filter(link=link, enterprise=enterprise).delete()
        elif placement is None:
            Placement.objects.create(
                link=link,
                enterprise=enterprise,
                source=Placement.Source.OFFICER,
                evidence=decision.evidence,
            )
        if before:
            audit_update(actor=actor, instance=decision, before=before)
        else:
            audit_create(actor=actor, instance=decision)
        placements_changed()
    return decision


def note_add(*, actor: User, link: Link, text: str) -> LinkNote:
    text = _note_text(text)
    with transaction.atomic():
        note = LinkNote.objects.create(
            chain_key=link.chain.key, link_key=link.key, text=text, author=actor
        )
        audit_create(actor=actor, instance=note)
    return note


def note_edit(*, actor: User, note: LinkNote, text: str) -> LinkNote:
    text = _note_text(text)
    with transaction.atomic():
        before = audit_snapshot(note)
        note.text = text
        note.updated_at = timezone.now()
        note.save(update_fields=["text", "updated_at"])
        audit_update(actor=actor, instance=note, before=before)
    return note


def note_delete(*, actor: User, note: LinkNote) -> None:
    with transaction.atomic():
        pk = note.pk
        audit_delete(actor=actor, instance=note, object_id=pk)
        note.delete()


def _note_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    if len(text) > MAX_NOTE:
        raise ValidationError(
            {"text": _("A note has at most %(limit)s characters.") % {"limit": MAX_NOTE}}
        )
    text_check({"text": text}, multiline={"text"})
    return text


SETTING_FIELDS = ("present_min", "strong_min", "strong_share", "strong_above_size")


def map_settings_update(*, actor: User | None, values: dict[str, Any]) -> MapSettings:
    """Change the chain map's thresholds; every field checked before anything is saved."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name in SETTING_FIELDS:
        raw = values.get(name)
        if raw is None or raw == "":
            errors[name] = _("This field is required.")
            continue
        try:
            number = Decimal(str(raw))
        except InvalidOperation:
            errors[name] = _("Enter a number.")
            continue
        if name == "strong_share":
            if not Decimal(0) <= number <= Decimal(100):
                errors[name] = _("Enter a percentage between 0 and 100.")
            clean[name] = number.quantize(Decimal("0.01"))
        else:
            if number != number.to_integral_value() or number < (0 if name.endswith("size") else 1):
                errors[name] = _("Enter a whole number of at least 1.")
            clean[name] = int(number) if number == number.to_integral_value() else 0
    if not errors and clean["strong_min"] < clean["present_min"]:
        errors["strong_min"] = _(
            "A strong link needs at least as many enterprises as a present one."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = MapSettings.current()
        before = {name: getattr(current, name) for name in SETTING_FIELDS}
        for name, value in clean.items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.save()
        changes = {
            name: {"old": str(before[name]), "new": str(clean[name])}
            for name in SETTING_FIELDS
            if str(before[name]) != str(clean[name])
        }
        if changes:
            audit_fields_changed(actor=actor, instance=current, changes=changes)
    return current
