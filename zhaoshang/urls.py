"""Routes. Pages live under a language prefix (/en/, /zh-hans/, /zh-hant/); the API,
the Django admin, the health checks, feeds of old Blogger addresses, sitemap.xml and
robots.txt do not."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from zhaoshang.api import api
from zhaoshang.core import views as core_views
from zhaoshang.core.csp_reports import csp_report
from zhaoshang.portal import views as portal_views
from zhaoshang.portal.sitemaps import SITEMAPS

_PUBLIC_MEDIA = "|".join(map(re.escape, settings.PUBLIC_MEDIA_FOLDERS))

admin.site.site_header = "Zhaoshang"
admin.site.site_title = "Zhaoshang"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("csp-report", csp_report, name="csp-report"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    # Pages name their icon; pages that do not (the admin, files) are asked for this one.
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("robots.txt", portal_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The old Blogger blog's addresses, redirected for good to the new pages.
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[^/]+)\.html$",
        portal_views.blogger_post_redirect,
    ),
    path("search/label/<path:term>", portal_views.blogger_label_redirect),
    re_path(r"^p/(?P<slug>[^/]+)\.html$", portal_views.blogger_page_redirect),
    # Public uploads (posts' images) alone; behind a web server in production, served from
    # MEDIA_ROOT here. Files that are not public are served by files/<token> only.
    re_path(
        rf"^media/(?P<path>(?:{_PUBLIC_MEDIA})/.+)$",
        core_views.public_media,
    ),
    path("files/<str:token>", core_views.private_file_download, name="private-file"),
]

urlpatterns += i18n_patterns(
    path("", include("zhaoshang.core.urls")),
    path("", include("zhaoshang.portal.urls")),
    path("", include("zhaoshang.registry.urls")),
    path("", include("zhaoshang.policies.urls")),
    path("", include("zhaoshang.leads.urls")),
    path("", include("zhaoshang.workspace.urls")),
    path("", include("zhaoshang.sites.web.urls")),
    path("", include("zhaoshang.sites.web.urls_public")),
    path("", include("zhaoshang.sites.holds.urls")),
    path("", include("zhaoshang.projects.urls")),
    path("", include("zhaoshang.proposals.urls")),
    path("", include("zhaoshang.chains.web.urls")),
    prefix_default_language=True,
)

handler403 = "zhaoshang.core.error_views.forbidden"
handler404 = "zhaoshang.core.error_views.not_found"
handler500 = "zhaoshang.core.error_views.server_error"
