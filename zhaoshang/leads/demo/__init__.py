"""Demo data of the leads app: about forty investment projects of the Sihui center in every
stage, their activities and follow-ups, a few aftercare visits to demo enterprises, the
officers' regions and demo currency rates. Loaded only into a database without leads.

The same seed gives the same projects; dates are counted back from the day of loading, so
that follow-ups are due and some leads are going cold whenever the demo is loaded.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.core.services import user_create
from zhaoshang.leads.aftercare.services import visit_record
from zhaoshang.leads.demo.data import ACTIVITY_TEXTS, LEADS, PEOPLE, RATES, REASONS, VISITS
from zhaoshang.leads.models import CurrencyRate, Lead, OfficerRegion, StageChange
from zhaoshang.leads.models.aftercare import QUESTIONS
from zhaoshang.leads.services import activity_log, lead_create, lead_move
from zhaoshang.leads.stages import PIPELINE, RANK
from zhaoshang.registry.models import Enterprise, Region

SEED = 441284
SIHUI = "441284"
ZHAOQING = "441200"


def load(*, demo_password: str, out: TextIO) -> None:
    for code, since, rate in RATES:
        CurrencyRate.objects.get_or_create(
            currency=code,
            valid_from=datetime.date.fromisoformat(since),
            defaults={"yuan_per_unit": Decimal(rate)},
        )
    if not Region.objects.filter(code=SIHUI).exists():
        return
    officer = User.objects.filter(username="officer").first()
    if officer is None or Lead.objects.exists():
        return
    second = User.objects.filter(username="officer2").first() or user_create(
        actor=None,
        username="officer2",
        password=demo_password,
        first_name="Xiaoling",
        last_name="Huang",
        email="officer2@sihui.example",
        roles=[Role.PROMOTION_OFFICER],
    )
    for user in (officer, second):
        OfficerRegion.objects.get_or_create(user=user, region_id=SIHUI)
    manager = User.objects.filter(username="manager").first()
    if manager is not None:
        OfficerRegion.objects.get_or_create(user=manager, region_id=ZHAOQING)
    rng = random.Random(SEED)
    for index, spec in enumerate(LEADS):
        _lead(spec, officers=[officer, second], index=index, rng=rng)
    out.write(f"leads: {len(LEADS)} investment projects in Sihui\n")
    visits = _visits(officer, second)
    out.write(f"aftercare visits: {visits}\n")


def _lead(spec: tuple, *, officers: list[User], index: int, rng: random.Random) -> None:
    (
        company,
        origin,
        city,
        division,
        product,
        amount,
        currency,
        land,
        building,
        power,
        jobs,
        source,
        stage,
        confidential,
    ) = spec
    owner = officers[index % 2]
    assigned = [owner] if index % 5 else officers
    lead = lead_create(
        actor=owner,
        values={
            "company": company,
            "origin": origin,
            "origin_detail": city,
            "industry": division,
            "product": product,
            "investment_amount": Decimal(amount)
            if stage not in ("lead", "contacted") or index % 3
            else None,
            "investment_currency": currency,
            "land_mu": Decimal(land),
            "building_m2": Decimal(building),
            "power_kva": Decimal(power),
            "jobs": jobs,
            "source": source,
            "region": SIHUI,
            "officers": [u.pk for u in assigned],
            "confidential": confidential,
        },
        contacts=[_contact(origin, company, index)],
    )
    path = _path(stage)
    for step in path:
        lead = lead_move(
            actor=owner,
            lead=lead,
            version=lead.version,
            stage=step,
            reason=REASONS.get(step, ""),
            investment_amount=Decimal(amount)
            if step == "signed" and lead.investment_amount is None
            else None,
        )
    _backdate(lead, days=rng.randint(25, 420), rng=rng)
    today = timezone.localdate()
    quiet = index % 7 == 3  # some leads go cold
    count = 1 if quiet else rng.randint(2, 5)
    created = timezone.localdate(Lead.objects.get(pk=lead.pk).created_at)
    for n in range(count):
        kind, text, next_step = ACTIVITY_TEXTS[(index + n) % len(ACTIVITY_TEXTS)]
        span = max((today - created).days, 1)
        occurred = created + datetime.timedelta(days=min(span, (n + 1) * span // (count + 1)))
        last = n == count - 1
        if quiet:
            occurred = max(min(occurred, today - datetime.timedelta(days=45)), created)
        elif last:
            occurred = max(today - datetime.timedelta(days=rng.randint(0, 20)), created)
        follow = None
        if last and stage not in ("operating", "lost"):
            follow = today + datetime.timedelta(days=(index % 5) - 2)  # overdue, today, ahead
            follow = max(follow, occurred)
        activity_log(
            actor=owner,
            lead=lead,
            kind=kind,
            occurred_on=min(occurred, today),
            summary=text,
            participants=lead.company,
            next_step=next_step if follow else "",
            follow_up_on=follow,
        )


def _contact(origin: str, company: str, index: int) -> dict[str, str]:
    people = PEOPLE[origin]
    name, role = people[index % len(people)]
    domain = "".join(c for c in company.split()[0].lower() if c.isalnum())
    return {"name": name, "role": role, "email": f"contact{index}@{domain}.example.com"}


def _path(stage: str) -> list[str]:
    if stage in RANK:
        return [s.value for s in PIPELINE[1 : RANK[stage] + 1]]
    before = {"on_hold": "site_visit", "lost": "negotiating"}[stage]
    return [*_path(before), stage]


def _backdate(lead: Lead, *, days: int, rng: random.Random) -> None:
    """Spread the lead's history over the past ``days`` days, as if worked for real."""
    now = timezone.now()
    start = now - datetime.timedelta(days=days)
    changes = list(StageChange.objects.filter(lead=lead).order_by("at", "id"))
    moments = sorted(
        start + datetime.timedelta(days=rng.uniform(0, days * 0.9)) for _ in changes[1:]
    )
    moments = [start, *moments]
    previous = None
    for change, at in zip(changes, moments, strict=True):
        days_before = None if previous is None else (at - previous).total_seconds() / 86400
        StageChange.objects.filter(pk=change.pk).update(at=at, days_in_from_stage=days_before)
        previous = at
    signed = next(
        (at for change, at in zip(changes, moments, strict=True) if change.to_stage == "signed"),
        None,
    )
    Lead.objects.filter(pk=lead.pk).update(
        created_at=start,
        stage_changed_at=moments[-1],
        signed_on=timezone.localdate(signed) if signed and lead.signed_on else None,
    )


def _visits(officer: User, second: User) -> int:
    firms = list(
        Enterprise.objects.filter(region_id=SIHUI, division__parent_id="C").order_by(
            "-latest_revenue", "id"
        )[:2]
    )
    if not firms:
        return 0
    today = timezone.localdate()
    made = 0
    for number, spec in enumerate(VISITS):
        visited = today - datetime.timedelta(days=spec["days_ago"])
        visit_record(
            actor=officer if number != 2 else second,
            enterprise=firms[min(number // 2, len(firms) - 1)],  # two visits to the first
            visited_on=visited,
            department=spec["department"],
            answers={name: spec.get(name, "") for name, _label in QUESTIONS},
            actions=[
                {
                    "topic": topic,
                    "description": text,
                    "owner": officer if number % 2 == 0 else second,
                    "due_on": visited + datetime.timedelta(days=due),
                }
                for topic, text, due in spec["actions"]
            ],
            confirm_recent=True,
        )
        made += 1
    return made
