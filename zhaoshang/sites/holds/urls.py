from django.urls import path

from zhaoshang.sites.holds import views as hold_views

urlpatterns = [
    path("officer/sites/holds/new/", hold_views.hold_create, name="sites-hold-create"),
    path(
        "officer/sites/holds/<int:pk>/release/", hold_views.hold_release, name="sites-hold-release"
    ),
    path(
        "officer/sites/holds/<int:pk>/transfer/",
        hold_views.hold_transfer,
        name="sites-hold-transfer",
    ),
]
