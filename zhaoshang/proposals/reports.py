"""The managers' report: proposals sent, viewed and answered, and how far the leads with a
proposal got against those without (site visit, signed), over the leads the reader sees."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from zhaoshang.core.models import User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import RANK, Stage
from zhaoshang.proposals.models import Proposal, ProposalAnswer


@dataclass(frozen=True)
class Group:
    leads: int
    site_visit: int
    signed: int

    def share(self, count: int) -> float | None:
        return count / self.leads if self.leads else None

    @property
    def site_visit_share(self) -> float | None:
        return self.share(self.site_visit)

    @property
    def signed_share(self) -> float | None:
        return self.share(self.signed)


@dataclass(frozen=True)
class ProposalReport:
    sent: int
    viewed: int
    answered: int
    with_proposal: Group
    without_proposal: Group


def proposal_report(user: User) -> ProposalReport:
    leads = leads_visible_to(user)
    sent = Proposal.objects.filter(lead__in=leads.values("pk")).exclude(
        status=Proposal.Status.DRAFT
    )
    answered = sent.filter(Exists(ProposalAnswer.objects.filter(proposal=OuterRef("pk"))))
    has_sent = Exists(sent.filter(lead=OuterRef("pk")))
    visit_rank, signed_rank = RANK[Stage.SITE_VISIT], RANK[Stage.SIGNED]

    def group(queryset: QuerySet[Lead]) -> Group:
        return Group(
            leads=queryset.count(),
            site_visit=queryset.filter(furthest_rank__gte=visit_rank).count(),
            signed=queryset.filter(furthest_rank__gte=signed_rank).count(),
        )

    return ProposalReport(
        sent=sent.count(),
        viewed=sent.filter(view_count__gt=0).count(),
        answered=answered.count(),
        with_proposal=group(leads.filter(has_sent)),
        without_proposal=group(leads.exclude(has_sent)),
    )
