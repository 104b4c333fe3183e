"""Who sees a hold: whoever may see its lead (registered with ``core.visibility``)."""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.core.models import User
from zhaoshang.core.visibility import visibility_rule
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.sites.models import SiteHold


@visibility_rule(SiteHold)
def holds_visible_to(user: User) -> QuerySet[SiteHold]:
    return SiteHold.objects.filter(lead__in=leads_visible_to(user).values("pk"))
