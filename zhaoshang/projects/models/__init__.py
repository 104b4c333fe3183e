from zhaoshang.projects.models.contract import Milestone, Project, QuarterFigure
from zhaoshang.projects.models.oversight import (
    PerformanceRule,
    ProjectWarning,
    SupervisionReply,
    SupervisionTask,
    WarningSettings,
)
from zhaoshang.projects.models.targets import (
    ActualsBuilt,
    ActualsStale,
    RegionMonthActual,
    Target,
)
from zhaoshang.projects.models.transformation import MaturityLevel, TransformationProject

__all__ = [
    "ActualsBuilt",
    "ActualsStale",
    "MaturityLevel",
    "Milestone",
    "PerformanceRule",
    "Project",
    "ProjectWarning",
    "QuarterFigure",
    "RegionMonthActual",
    "SupervisionReply",
    "SupervisionTask",
    "Target",
    "TransformationProject",
    "WarningSettings",
]
