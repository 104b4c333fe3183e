"""Reads for the workspace: what one officer has to do today, a few numbers for their role,
and the search over leads and enterprises. Every lead read goes through
``leads_visible_to``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from zhaoshang.core.models import Task, User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.models import Lead, VisitAction
from zhaoshang.leads.selectors import FollowUps, actions_open, follow_ups_due
from zhaoshang.leads.stages import BOARD, CLOSED_STAGES, SIGNED_STAGES, Stage
from zhaoshang.leads.triage.services import enquiries_to_triage
from zhaoshang.policies.models import Policy, PolicyVersion
from zhaoshang.portal.models import Enquiry
from zhaoshang.registry.models import Enterprise

SHOWN = 8
IMPORT_TASK = "registry.import_enterprises"
RUNNING = (Task.Status.QUEUED, Task.Status.RUNNING)
# Longer queries are cut: nobody types a company name this long, and a bound keeps the
# LIKE patterns small.
QUERY_LIMIT = 100


@dataclass(frozen=True)
class StageCount:
    stage: Stage
    count: int


@dataclass
class Today:
    """What ``user`` has to do today, each list the first few of its kind with its total."""

    follow_ups: FollowUps | None = None
    enquiries: list[Enquiry] = field(default_factory=list)
    enquiries_count: int = 0
    actions: list[VisitAction] = field(default_factory=list)
    actions_count: int = 0
    pushes: list[PolicyVersion] = field(default_factory=list)
    imports: list[Task] = field(default_factory=list)
    open_by_stage: list[StageCount] = field(default_factory=list)
    signed_this_year: int | None = None
    enterprises: int | None = None
    policies_open: int | None = None

    @property
    def open_leads(self) -> int:
        return sum(row.count for row in self.open_by_stage)

    @property
    def nothing_to_do(self) -> bool:
        follow_ups = self.follow_ups
        due = follow_ups is not None and (follow_ups.due_today_count or follow_ups.overdue_count)
        return not (
            due or self.enquiries_count or self.actions_count or self.pushes or self.imports
        )


def today_for(user: User, *, day: datetime.date | None = None) -> Today:
    """The start page's reads, each only when ``user`` may open the page it links to."""
    day = day or timezone.localdate()
    today = Today()
    if user.has_perm("leads.view_lead"):
        today.follow_ups = follow_ups_due(user, day=day, limit=SHOWN)
        actions = actions_open(user)
        today.actions_count = actions.count()
        today.actions = list(actions[:SHOWN])
        counts = dict(
            leads_visible_to(user)
            .exclude(stage__in=CLOSED_STAGES)
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
        today.open_by_stage = [
            StageCount(stage, counts[stage.value]) for stage in BOARD if counts.get(stage.value)
        ]
    if user.has_perm("portal.change_enquiry"):
        waiting = enquiries_to_triage()
        today.enquiries_count = waiting.count()
        today.enquiries = list(waiting[:SHOWN])
    if user.has_perm("leads.view_lead_reports"):
        today.signed_this_year = (
            leads_visible_to(user).filter(stage__in=SIGNED_STAGES, signed_on__year=day.year).count()
        )
    if user.has_perm("policies.view_policy"):
        today.pushes = list(
            PolicyVersion.objects.filter(
                push_status__in=(PolicyVersion.PushStatus.PENDING, PolicyVersion.PushStatus.RUNNING)
            )
            .select_related("policy")
            .order_by("published_at")[:SHOWN]
        )
        today.policies_open = Policy.objects.filter(status=Policy.Status.OPEN).count()
    if user.has_perm("registry.import_enterprises"):
        today.imports = list(
            Task.objects.filter(name=IMPORT_TASK, status__in=RUNNING, created_by=user).order_by(
                "created_at"
            )[:SHOWN]
        )
    if user.has_perm("registry.view_enterprise"):
        today.enterprises = Enterprise.objects.count()
    return today


# --- search -----------------------------------------------------------------------------


def search_terms(query: str) -> str:
    """The query as searched: control characters dropped, spaces collapsed, bounded."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())[:QUERY_LIMIT]


def _rank(fields: tuple[str, ...], term: str) -> Case:
    """3 for a whole-field match, 2 for a match at the start, 1 for a match inside."""
    exact = Q()
    start = Q()
    for name in fields:
        exact |= Q(**{f"{name}__iexact": term})
        start |= Q(**{f"{name}__istartswith": term})
    return Case(
        When(exact, then=Value(3)),
        When(start, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _matching(fields: tuple[str, ...], term: str) -> Q:
    where = Q()
    for name in fields:
        where |= Q(**{f"{name}__icontains": term})
    return where


LEAD_FIELDS = ("company", "contacts__name")
ENTERPRISE_FIELDS = ("name", "name_en", "name_pinyin", "uscc")


def leads_found(user: User, query: str) -> QuerySet[Lead]:
    """Leads ``user`` may see whose company or a contact's name contains ``query``; whole
    and leading matches first, then the most recently active."""
    term = search_terms(query)
    if not term:
        return Lead.objects.none()
    found = leads_visible_to(user).filter(
        pk__in=Lead.objects.filter(_matching(LEAD_FIELDS, term)).values("pk")
    )
    return (
        found.annotate(rank=_rank(("company",), term))
        .select_related("region")
        .order_by("-rank", "-last_activity_at", "-pk")
    )


def enterprises_found(query: str) -> QuerySet[Enterprise]:
    """Enterprises whose Chinese, English or pinyin name or credit code contains ``query``;
    whole and leading matches first, then by name."""
    term = search_terms(query)
    if not term:
        return Enterprise.objects.none()
    code = term.upper().replace(" ", "")
    where = _matching(ENTERPRISE_FIELDS[:3], term) | Q(uscc__icontains=code)
    return (
        Enterprise.objects.filter(where)
        .annotate(rank=_rank(ENTERPRISE_FIELDS, term))
        .select_related("region")
        .order_by("-rank", "name", "pk")
    )
