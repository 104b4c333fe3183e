from django.urls import path

from zhaoshang.policies import views

urlpatterns = [
    path("my-policies/", views.my_policies, name="policies-mine"),
]
