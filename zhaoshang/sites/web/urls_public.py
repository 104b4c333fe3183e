"""The public pages of the inventory, under the language prefix."""

from django.urls import path

from zhaoshang.sites.web import public as public_views

urlpatterns = [
    path("sites/", public_views.site_list, name="sites-public-list"),
    path("sites/map.json", public_views.map_json, name="sites-map-json"),
    path("sites/park/<int:pk>/", public_views.park_detail, name="sites-public-park"),
    path("sites/parcel/<int:pk>/", public_views.parcel_detail, name="sites-public-parcel"),
    path("sites/building/<int:pk>/", public_views.building_detail, name="sites-public-building"),
]
