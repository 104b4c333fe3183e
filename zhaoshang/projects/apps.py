from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "zhaoshang.projects"
    label = "projects"
    verbose_name = _("Signed projects")

    def ready(self) -> None:
        from zhaoshang.core import audit_display, formatting
        from zhaoshang.projects import (  # noqa: F401  (register visibility, tasks, messages)
            access,
            receivers,
        )
        from zhaoshang.projects.models import Project
        from zhaoshang.projects.oversight import (  # noqa: F401
            supervision,
            tasks,
            warnings,
        )
        from zhaoshang.projects.targets import stale  # noqa: F401  (rollup markers)
        from zhaoshang.projects.transformation import access as transformation_access  # noqa: F401

        for name in ("investment_yuan", "output_yuan", "tax_yuan", "intensity_yuan_per_mu"):
            audit_display.value_display(Project, name, formatting.format_money)
        audit_display.value_display(Project, "land_mu", formatting.format_mu)
