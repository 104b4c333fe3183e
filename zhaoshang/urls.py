"""Routes. Pages live under a language prefix (/en/, /zh-hans/, /zh-hant/); the API,
the Django admin and the health checks do not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from zhaoshang.api import api
from zhaoshang.core import views as core_views

admin.site.site_header = "Zhaoshang"
admin.site.site_title = "Zhaoshang"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("zhaoshang.core.urls")),
    prefix_default_language=True,
)
