from zhaoshang.projects.models.contract import Milestone, Project, QuarterFigure
from zhaoshang.projects.models.oversight import (
    PerformanceRule,
    ProjectWarning,
    SupervisionReply,
    SupervisionTask,
    WarningSettings,
)

__all__ = [
    "Milestone",
    "PerformanceRule",
    "Project",
    "ProjectWarning",
    "QuarterFigure",
    "SupervisionReply",
    "SupervisionTask",
    "WarningSettings",
]
