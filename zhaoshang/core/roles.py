"""The roles of Zhaoshang. Each role is a Django group; its permissions are kept here.

A later app adds its permissions to ``ROLE_PERMISSIONS``; ``roles_sync`` (run after every
migrate) makes the groups match this table exactly.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    PROMOTION_OFFICER = "promotion_officer"
    POLICY_OFFICER = "policy_officer"
    ENTERPRISE_USER = "enterprise_user"

    @property
    def label(self) -> Promise:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, Promise] = {
    Role.ADMINISTRATOR: _("administrator"),
    Role.MANAGER: _("manager"),
    Role.PROMOTION_OFFICER: _("promotion officer"),
    Role.POLICY_OFFICER: _("policy officer"),
    Role.ENTERPRISE_USER: _("enterprise user"),
}

OFFICER_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.MANAGER, Role.PROMOTION_OFFICER, Role.POLICY_OFFICER}
)

WORKSPACE = "core.use_officer_workspace"
VIEW_AUDIT = "core.view_auditevent"
EDIT_SETTINGS = "core.change_sitesettings"

PORTAL_EDITOR = frozenset(
    {
        "portal.view_post",
        "portal.add_post",
        "portal.change_post",
        "portal.add_label",
        "portal.add_postimage",
    }
)
ENQUIRY_TRIAGE = frozenset({"portal.view_enquiry", "portal.change_enquiry"})
REGISTRY_READ = frozenset({"registry.view_enterprise", "registry.export_enterprises"})
REGISTRY_EDIT = frozenset(
    {
        *REGISTRY_READ,
        "registry.add_enterprise",
        "registry.change_enterprise",
        "registry.import_enterprises",
        "registry.change_profilecorrection",
    }
)
LEADS_WORK = frozenset(
    {
        "leads.view_lead",
        "leads.add_lead",
        "leads.change_lead",
        "leads.add_activity",
        "leads.view_aftercarevisit",
        "leads.add_aftercarevisit",
        "leads.change_visitaction",
    }
)
LEADS_MANAGE = frozenset({*LEADS_WORK, "leads.manage_region_leads", "leads.view_lead_reports"})
LEADS_ADMINISTER = frozenset(
    {
        *LEADS_MANAGE,
        "leads.view_currencyrate",
        "leads.add_currencyrate",
        "leads.change_currencyrate",
        "leads.view_officerregion",
        "leads.add_officerregion",
        "leads.delete_officerregion",
    }
)

PROPOSALS_WORK = frozenset(
    {
        "proposals.view_proposal",
        "proposals.add_proposal",
        "proposals.change_proposal",
        "proposals.view_costplace",
        "proposals.view_costfigure",
    }
)
PROPOSALS_MANAGE = frozenset(
    {
        *PROPOSALS_WORK,
        "proposals.view_proposal_reports",
        "proposals.add_costplace",
        "proposals.change_costplace",
        "proposals.add_costfigure",
        "proposals.change_costfigure",
    }
)

POLICY_READ = frozenset({"policies.view_policy"})
POLICY_EDIT = frozenset(
    {*POLICY_READ, "policies.add_policy", "policies.change_policy", "policies.publish_policy"}
)

SITES_READ = frozenset({"sites.view_park", "sites.view_parcel", "sites.view_building"})
SITES_EDIT = frozenset(
    {
        *SITES_READ,
        "sites.add_park",
        "sites.change_park",
        "sites.add_parcel",
        "sites.change_parcel",
        "sites.add_building",
        "sites.change_building",
        "sites.add_sitephoto",
        "sites.delete_sitephoto",
        "sites.add_sitedocument",
        "sites.delete_sitedocument",
        "sites.import_sites",
    }
)

PROJECTS_WORK = frozenset(
    {
        "projects.view_project",
        "projects.change_project",
        "projects.view_target",
        "projects.view_transformationproject",
        "projects.add_transformationproject",
        "projects.change_transformationproject",
    }
)
PROJECTS_MANAGE = frozenset(
    {*PROJECTS_WORK, "projects.supervise_project", "projects.change_target"}
)
CHAINS_READ = frozenset({"chains.view_chain", "chains.view_link", "chains.view_placement"})
CHAINS_WORK = frozenset(
    {*CHAINS_READ, "chains.change_placement", "chains.add_linknote", "chains.change_linknote"}
)
CHAINS_ADMINISTER = frozenset(
    {*CHAINS_WORK, "chains.add_chain", "chains.change_chain", "chains.change_mapsettings"}
)

# "app_label.codename" for each role.
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        {
            WORKSPACE,
            VIEW_AUDIT,
            EDIT_SETTINGS,
            "core.view_sitesettings",
            "core.view_user",
            "core.add_user",
            "core.change_user",
            "auth.view_group",
            "portal.delete_post",
            "portal.change_label",
            "portal.import_blogger",
            "portal.add_contact",
            "portal.change_contact",
            *PORTAL_EDITOR,
            *ENQUIRY_TRIAGE,
            *REGISTRY_EDIT,
            *POLICY_EDIT,
            *LEADS_ADMINISTER,
            *SITES_EDIT,
            *PROJECTS_MANAGE,
            *PROPOSALS_MANAGE,
            *CHAINS_ADMINISTER,
        }
    ),
    Role.MANAGER: frozenset(
        {
            WORKSPACE,
            VIEW_AUDIT,
            "core.view_user",
            "portal.view_post",
            "portal.view_enquiry",
            *REGISTRY_READ,
            *POLICY_EDIT,
            *LEADS_MANAGE,
            *SITES_EDIT,
            *PROJECTS_MANAGE,
            *PROPOSALS_MANAGE,
            *CHAINS_WORK,
        }
    ),
    Role.PROMOTION_OFFICER: frozenset(
        {
            WORKSPACE,
            *PORTAL_EDITOR,
            *ENQUIRY_TRIAGE,
            *REGISTRY_EDIT,
            *LEADS_WORK,
            *POLICY_READ,
            *SITES_EDIT,
            *PROJECTS_WORK,
            *PROPOSALS_WORK,
            *CHAINS_WORK,
        }
    ),
    Role.POLICY_OFFICER: frozenset(
        {WORKSPACE, *PORTAL_EDITOR, *REGISTRY_EDIT, *POLICY_EDIT, *SITES_READ}
    ),
    Role.ENTERPRISE_USER: frozenset(),
}
