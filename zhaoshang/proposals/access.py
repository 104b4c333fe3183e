"""Who sees which proposals: whoever sees the lead (``leads/access.py``) sees its proposals,
their answers and attachments, and may compose, send and revoke them when they may change
proposals. The investor sees one proposal through its link and nothing else. The cost
tables are the center's, read by whoever may see proposals (no rule per row)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zhaoshang.core.models import User
from zhaoshang.core.visibility import visibility_rule
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.models import Lead
from zhaoshang.proposals.models import Proposal, ProposalAnswer

VIEW = "proposals.view_proposal"
CHANGE = "proposals.change_proposal"
REPORTS = "proposals.view_proposal_reports"


@visibility_rule(Proposal)
def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    if not user.has_perm(VIEW):
        return Proposal.objects.none()
    return Proposal.objects.filter(lead__in=leads_visible_to(user).values("pk"))


@visibility_rule(ProposalAnswer)
def answers_visible_to(user: User) -> QuerySet[ProposalAnswer]:
    return ProposalAnswer.objects.filter(proposal__in=proposals_visible_to(user).values("pk"))


def proposal_visible(user: User, pk: int) -> Proposal:
    """The proposal ``pk`` if ``user`` may see its lead; 404 otherwise."""
    found = proposals_visible_to(user).select_related("lead", "comparison").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_work(actor: User, lead: Lead) -> None:
    """Only whoever sees the lead and may change proposals works on its proposals."""
    if not actor.has_perm(CHANGE) or not leads_visible_to(actor).filter(pk=lead.pk).exists():
        raise PermissionDenied
