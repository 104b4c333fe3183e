"""Officers' pages of the chains, under /<lang>/officer/chains/."""

from django.urls import path

from zhaoshang.chains.web import views

urlpatterns = [
    path("officer/chains/", views.chain_list, name="chains-list"),
    path("officer/chains/new/", views.chain_edit, name="chains-new"),
    path("officer/chains/settings/", views.map_settings, name="chains-settings"),
    path("officer/chains/classify/", views.classify_start, name="chains-classify"),
    path(
        "officer/chains/placements/<int:pk>/decide/",
        views.placement_decide,
        name="chains-decide",
    ),
    path("officer/chains/notes/<int:pk>/", views.note_edit, name="chains-note-edit"),
    path("officer/chains/<slug:key>/", views.chain_map, name="chains-map"),
    path("officer/chains/<slug:key>/edit/", views.chain_edit, name="chains-edit"),
    path("officer/chains/<slug:key>/targets/", views.targets, name="chains-targets"),
    path("officer/chains/<slug:key>/targets/leads/", views.targets_leads, name="chains-leads"),
    path("officer/chains/<slug:key>/<slug:link_key>/", views.link_detail, name="chains-link"),
    path(
        "officer/chains/<slug:key>/<slug:link_key>/notes/",
        views.note_add,
        name="chains-note-add",
    ),
]
