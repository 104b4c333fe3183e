"""Officers' pages of the inventory, under /<lang>/officer/sites/. The public pages are in
``urls_public.py`` and the holds in ``holds/urls.py``."""

from django.urls import path

from zhaoshang.sites.web import imports
from zhaoshang.sites.web import officer as views

urlpatterns = [
    path("officer/sites/", views.site_list, name="sites-list"),
    path("officer/sites/import/", imports.site_import, name="sites-import"),
    path(
        "officer/sites/import/template/<str:kind>.<str:fmt>",
        imports.site_import_template,
        name="sites-import-template",
    ),
    path("officer/sites/export/<str:name>", views.site_export, name="sites-export"),
    path("officer/sites/<str:kind>/new/", views.site_new, name="sites-new"),
    path("officer/sites/<str:kind>/<int:pk>/", views.site_detail, name="sites-detail"),
    path("officer/sites/<str:kind>/<int:pk>/edit/", views.site_edit, name="sites-edit"),
    path("officer/sites/<str:kind>/<int:pk>/status/", views.site_status, name="sites-status"),
    path("officer/sites/<str:kind>/<int:pk>/photos/", views.photo_add, name="sites-photo-add"),
    path(
        "officer/sites/<str:kind>/<int:pk>/documents/",
        views.document_add,
        name="sites-document-add",
    ),
    path("officer/sites/photos/<int:pk>/remove/", views.photo_remove, name="sites-photo-remove"),
    path(
        "officer/sites/documents/<int:pk>/remove/",
        views.document_remove,
        name="sites-document-remove",
    ),
]
