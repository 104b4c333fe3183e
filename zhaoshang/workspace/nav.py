"""The officers' workspace navigation: tasks grouped as officers think of them, each link
shown only to users whose permissions let them open it (the same permission the view
checks), so no link of the workspace leads to a 403.

Projects (round 2) join ``GROUPS`` between Sites and Policies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import User
from zhaoshang.core.roles import EDIT_SETTINGS, VIEW_AUDIT, WORKSPACE


@dataclass(frozen=True)
class Item:
    url_name: str
    label: Promise
    perms: tuple[str, ...]
    # The Django admin also asks for ``is_staff``.
    staff: bool = False

    def allowed(self, user: User) -> bool:
        if self.staff and not user.is_staff:
            return False
        return all(user.has_perm(perm) for perm in self.perms)


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    items: tuple[Item, ...]
    # The url names (or their prefixes ending in "-") of the pages that belong to the group.
    pages: tuple[str, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "today",
        _("Today"),
        (Item("officer-start", _("Today"), (WORKSPACE,)),),
        ("officer-start",),
    ),
    Group(
        "leads",
        _("Leads"),
        (
            Item("leads-board", _("Board"), ("leads.view_lead",)),
            Item("leads-list", _("List"), ("leads.view_lead",)),
            Item("leads-follow-ups", _("Follow-ups and visits"), ("leads.view_lead",)),
            Item("leads-triage", _("Enquiry triage"), ("portal.change_enquiry",)),
            Item("leads-create", _("New lead"), ("leads.add_lead",)),
            # Signed projects follow the leads that signed; no group of their own keeps the
            # header within a 1366 px screen in every language.
            Item("projects-list", _("Signed projects"), ("projects.view_project",)),
            Item("projects-import", _("Import figures"), ("projects.change_project",)),
            Item("projects-rules", _("Rules and warnings"), ("projects.view_project",)),
            Item("projects-targets", _("Targets"), ("projects.view_project",)),
            Item(
                "projects-transformation-list",
                _("Transformation projects"),
                ("projects.view_transformationproject",),
            ),
        ),
        ("leads-", "leads-visit", "leads-action-update", "projects-"),
    ),
    Group(
        "enterprises",
        _("Enterprises"),
        (
            Item("registry-enterprises", _("Registry"), ("registry.view_enterprise",)),
            Item("registry-import", _("Imports"), ("registry.import_enterprises",)),
            # Industrial chains are read from the registry: their maps sit beside it, which
            # also keeps the header within a 1,366 px screen.
            Item("chains-list", _("Chain maps"), ("chains.view_chain",)),
            Item("chains-settings", _("Map thresholds"), ("chains.change_mapsettings",)),
        ),
        ("registry-", "chains-"),
    ),
    Group(
        "sites",
        _("Sites"),
        (Item("sites-list", _("Sites and buildings"), ("sites.view_parcel",)),),
        ("sites-",),
    ),
    Group(
        "policies",
        _("Policies"),
        (
            Item("policies-officer-list", _("Policies"), ("policies.view_policy",)),
            Item("policies-officer-new", _("New policy"), ("policies.add_policy",)),
        ),
        ("policies-officer-", "policies-preview", "policies-rule-"),
    ),
    Group(
        "reports",
        _("Reports"),
        (Item("leads-report", _("Lead reports"), ("leads.view_lead_reports",)),),
        ("leads-report",),
    ),
    Group(
        "website",
        _("Website"),
        (
            Item("portal-officer-posts", _("Posts"), ("portal.view_post",)),
            Item("portal-officer-enquiries", _("Enquiries"), ("portal.view_enquiry",)),
            Item("portal-officer-blogger", _("Import from Blogger"), ("portal.import_blogger",)),
        ),
        ("portal-officer-",),
    ),
    Group(
        "admin",
        _("Admin"),
        (
            Item("audit-log", _("Audit log"), (VIEW_AUDIT,)),
            Item("site-settings", _("Site settings"), (EDIT_SETTINGS,)),
            Item("admin:core_user_changelist", _("Users"), ("core.view_user",), staff=True),
        ),
        ("audit-log", "object-history", "site-settings"),
    ),
)


@dataclass(frozen=True)
class Link:
    url: str
    label: Promise
    current: bool


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Promise
    url: str
    current: bool
    links: tuple[Link, ...]


def _page_group(url_name: str) -> str:
    """The key of the group ``url_name`` belongs to; the longest matching pattern wins
    ("leads-report" is in Reports, "leads-board" in Leads)."""
    best, length = "", -1
    for group in GROUPS:
        for pattern in group.pages:
            matches = url_name.startswith(pattern) if pattern.endswith("-") else url_name == pattern
            if matches and len(pattern) > length:
                best, length = group.key, len(pattern)
    return best


def workspace_nav(user: User, url_name: str | None) -> list[NavGroup]:
    """The groups ``user`` may open, each with the links they may open, the current page's
    group marked."""
    current_group = _page_group(url_name or "")
    shown = []
    for group in GROUPS:
        links = tuple(
            Link(reverse(item.url_name), item.label, item.url_name == url_name)
            for item in group.items
            if item.allowed(user)
        )
        if links:
            shown.append(
                NavGroup(group.key, group.label, links[0].url, group.key == current_group, links)
            )
    return shown
