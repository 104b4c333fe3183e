from django.urls import path

from zhaoshang.policies import editor_views, officer_views, views

urlpatterns = [
    path("policies/", views.policy_list, name="policies-list"),
    path("policies/<slug:slug>/", views.policy_detail, name="policies-detail"),
    path("policies/<slug:slug>/check/", views.policy_check, name="policies-check"),
    path("my-policies/", views.my_policies, name="policies-mine"),
    path("my-policies/<int:pk>/applied/", views.mark_applied, name="policies-mark-applied"),
    path("officer/policies/", officer_views.policy_list, name="policies-officer-list"),
    path("officer/policies/new/", officer_views.policy_edit, name="policies-officer-new"),
    path("officer/policies/<int:pk>/", officer_views.policy_edit, name="policies-officer-edit"),
    path(
        "officer/policies/<int:pk>/publish/",
        officer_views.policy_publish_view,
        name="policies-officer-publish",
    ),
    path(
        "officer/policies/<int:pk>/versions/",
        officer_views.policy_versions,
        name="policies-officer-versions",
    ),
    path(
        "officer/policies/versions/<int:pk>/progress/",
        officer_views.version_progress,
        name="policies-officer-version-progress",
    ),
    path(
        "officer/policies/versions/<int:pk>/matches/",
        officer_views.version_matches,
        name="policies-officer-matches",
    ),
    path("officer/policies/rule/parse/", editor_views.rule_parse, name="policies-rule-parse"),
    path("officer/policies/rule/format/", editor_views.rule_format, name="policies-rule-format"),
    path("officer/policies/preview/", editor_views.preview, name="policies-preview"),
    path(
        "officer/policies/<int:pk>/preview/",
        editor_views.preview,
        name="policies-preview-policy",
    ),
]
