from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# The matching tables need NumPy, which is imported when a site is saved, not at start-up.
def _inventory_changed(sender: Any, **kwargs: Any) -> None:
    from zhaoshang.sites.matching.selectors import inventory_changed

    inventory_changed(sender=sender, **kwargs)


def _inventory_replaced(sender: Any, **kwargs: Any) -> None:
    from zhaoshang.sites.matching.selectors import inventory_replaced

    inventory_replaced(sender=sender, **kwargs)


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
        from zhaoshang.sites.models import Building, Parcel, Park

        audit_labels.register()
        # A saved park, parcel or building is patched into the matching tables; a deletion
        # has them read again (``matching/selectors.py``).
        for model in (Park, Parcel, Building):
            post_save.connect(_inventory_changed, sender=model, dispatch_uid=f"match-{model}")
            post_delete.connect(_inventory_replaced, sender=model, dispatch_uid=f"match-{model}-")
