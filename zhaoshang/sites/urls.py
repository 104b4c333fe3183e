"""Officers' pages of the inventory, under /<lang>/officer/sites/. The public pages are in
``urls_public.py`` and the holds in ``urls_holds.py``."""

from django.urls import path

from zhaoshang.sites import views

urlpatterns = [
    path("officer/sites/", views.site_list, name="sites-list"),
]
