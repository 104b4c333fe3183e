from django.urls import path

from zhaoshang.projects.web import oversight_views, targets_views, transformation_views, views

urlpatterns = [
    path("officer/projects/", views.project_list, name="projects-list"),
    path("officer/projects/<int:pk>/", views.project_detail, name="projects-detail"),
    path("officer/projects/<int:pk>/contract/", views.contract_save, name="projects-contract"),
    path(
        "officer/projects/<int:pk>/milestones/", views.milestones_save, name="projects-milestones"
    ),
    path("officer/projects/<int:pk>/figures/", views.figures_grid_save, name="projects-figures"),
    path(
        "officer/projects/<int:pk>/supervision/",
        views.supervision_new,
        name="projects-supervision-new",
    ),
    path(
        "officer/projects/supervision/<int:pk>/reply/",
        views.supervision_reply,
        name="projects-supervision-reply",
    ),
    path(
        "officer/projects/supervision/<int:pk>/resolve/",
        views.supervision_resolve,
        name="projects-supervision-resolve",
    ),
    path("officer/projects/open/<int:lead_pk>/", views.project_open, name="projects-open"),
    path("officer/projects/rules/", oversight_views.rules_page, name="projects-rules"),
    path("officer/projects/rules/add/", oversight_views.rule_add, name="projects-rule-add"),
    path(
        "officer/projects/rules/<int:pk>/", oversight_views.rule_toggle, name="projects-rule-toggle"
    ),
    path(
        "officer/projects/rules/settings/",
        oversight_views.settings_save,
        name="projects-warning-settings",
    ),
    path("officer/projects/import/", oversight_views.import_page, name="projects-import"),
    path("officer/targets/", targets_views.dashboard, name="projects-targets"),
    path(
        "officer/targets/export.xlsx", targets_views.dashboard_export, name="projects-targets-xlsx"
    ),
    path(
        "officer/targets/summary/", targets_views.dashboard_summary, name="projects-targets-summary"
    ),
    path("officer/targets/set/", targets_views.targets_grid, name="projects-targets-set"),
    path(
        "officer/transformation/",
        transformation_views.transformation_list_page,
        name="projects-transformation-list",
    ),
    path(
        "officer/transformation/new/",
        transformation_views.transformation_new,
        name="projects-transformation-new",
    ),
    path(
        "officer/transformation/import/",
        transformation_views.transformation_import_page,
        name="projects-transformation-import",
    ),
    path(
        "officer/transformation/<int:pk>/",
        transformation_views.transformation_detail,
        name="projects-transformation-detail",
    ),
    path(
        "officer/transformation/<int:pk>/decide/",
        transformation_views.transformation_decide,
        name="projects-transformation-decide",
    ),
    path(
        "my-enterprise/transformation/",
        transformation_views.my_transformation,
        name="projects-transformation-mine",
    ),
]
