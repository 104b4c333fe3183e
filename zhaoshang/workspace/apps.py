from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The officers' workspace: its layout and navigation, the start page, the search."""

    name = "zhaoshang.workspace"
    default_auto_field = "django.db.models.BigAutoField"
