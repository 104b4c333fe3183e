from django.urls import path

from zhaoshang.registry import import_views, views

urlpatterns = [
    path("officer/enterprises/", views.enterprise_list, name="registry-enterprises"),
    path(
        "officer/enterprises/export.<str:fmt>",
        views.enterprise_export,
        name="registry-export",
    ),
    path("officer/enterprises/<int:pk>/", views.enterprise_detail, name="registry-enterprise"),
    path(
        "officer/corrections/<int:pk>/decide/",
        views.correction_decide,
        name="registry-correction-decide",
    ),
    path("officer/enterprises/import/", import_views.import_upload, name="registry-import"),
    path("officer/imports/file/<int:pk>/", import_views.import_map, name="registry-import-map"),
    path("officer/imports/<int:pk>/", import_views.import_task, name="registry-import-task"),
    path(
        "officer/imports/<int:pk>/errors.<str:fmt>",
        import_views.import_errors,
        name="registry-import-errors",
    ),
    path("enterprises/template.<str:fmt>", import_views.import_template, name="registry-template"),
    path("my-enterprise/", views.my_enterprise, name="registry-mine"),
]
