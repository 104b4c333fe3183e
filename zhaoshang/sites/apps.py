from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "zhaoshang.sites"
    label = "sites"
    verbose_name = _("Sites and buildings")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from zhaoshang.sites import audit_labels
        from zhaoshang.sites.holds import (  # noqa: F401  (register the holds' visibility and task)
            access,
            tasks,
        )
        from zhaoshang.sites.matching.selectors import inventory_changed, inventory_replaced
        from zhaoshang.sites.models import Building, Parcel, Park

        audit_labels.register()
        # A saved park, parcel or building is patched into the matching tables; a deletion
        # has them read again (``matching/selectors.py``).
        for model in (Park, Parcel, Building):
            post_save.connect(inventory_changed, sender=model, dispatch_uid=f"match-{model}")
            post_delete.connect(inventory_replaced, sender=model, dispatch_uid=f"match-{model}-")
