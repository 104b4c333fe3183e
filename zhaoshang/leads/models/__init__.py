"""The leads app's data: investment leads and their work, and aftercare visits."""

from zhaoshang.leads.models.aftercare import AftercareVisit, VisitAction
from zhaoshang.leads.models.leads import (
    Activity,
    CurrencyRate,
    EnquiryTriage,
    Lead,
    LeadContact,
    OfficerRegion,
    SavedFilter,
    SiteKind,
    StageChange,
)

__all__ = [
    "Activity",
    "AftercareVisit",
    "CurrencyRate",
    "EnquiryTriage",
    "Lead",
    "LeadContact",
    "OfficerRegion",
    "SavedFilter",
    "SiteKind",
    "StageChange",
    "VisitAction",
]
