from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "zhaoshang.sites"
    label = "sites"
    verbose_name = _("Sites and buildings")

    def ready(self) -> None:
        from zhaoshang.sites import audit_labels

        audit_labels.register()
