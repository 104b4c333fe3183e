from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "zhaoshang.registry"
    label = "registry"
    verbose_name = _("Enterprise registry")

    def import_models(self) -> None:
        super().import_models()
        # The saved column mappings live beside the import pipeline.
        import_module("zhaoshang.registry.imports.models")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhaoshang.registry import tasks  # noqa: F401  (registers the import task)
        from zhaoshang.registry.display import register_audit_display
        from zhaoshang.registry.services import reference_sync_after_migrate

        post_migrate.connect(reference_sync_after_migrate, dispatch_uid="zhaoshang.registry_sync")
        register_audit_display()
