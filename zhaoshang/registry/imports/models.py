"""The column mappings officers save, offered again for files with the same columns.

Kept beside the import (not in ``registry/models.py``); ``RegistryConfig.import_models``
loads this module with the app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """Which field each column of a kind of file holds: the header signature of the files
    it was saved for (see ``mapping.signature``), the line of their header row (0: none),
    the field of each column ("" for a column not imported) and the header texts."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    signature = models.CharField(_("header signature"), max_length=40, db_index=True)
    header_row = models.PositiveSmallIntegerField(_("header row"), default=1)
    fields = models.JSONField(_("field of each column"), default=list)
    headers = models.JSONField(_("headers"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "registry"
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name
