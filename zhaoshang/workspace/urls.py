from django.urls import path

from zhaoshang.workspace import views

urlpatterns = [
    path("officer/", views.officer_start, name="officer-start"),
    path("officer/search/", views.officer_search, name="officer-search"),
]
