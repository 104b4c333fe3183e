from django.urls import path

from zhaoshang.portal import feeds, officer_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("posts/<slug:slug>/", views.post_detail, name="portal-post"),
    path("labels/<slug:slug>/", views.label_detail, name="portal-label"),
    path("labels/<slug:slug>/rss.xml", feeds.PostFeed(), name="portal-label-rss"),
    path("labels/<slug:slug>/atom.xml", feeds.AtomPostFeed(), name="portal-label-atom"),
    path("archive/", views.archive_index, name="portal-archive"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="portal-archive-month"),
    path("search/", views.search, name="portal-search"),
    path("contacts/", views.contacts, name="portal-contacts"),
    path("pages/<slug:slug>/", views.page_detail, name="portal-page"),
    path("enquiry/", views.enquiry, name="portal-enquiry"),
    path("privacy/", views.privacy, name="portal-privacy"),
    path("enquiry/sent/<str:token>/", views.enquiry_sent, name="portal-enquiry-sent"),
    path("rss.xml", feeds.PostFeed(), name="portal-rss"),
    path("atom.xml", feeds.AtomPostFeed(), name="portal-atom"),
    # officers
    path("officer/posts/", officer_views.post_list, name="portal-officer-posts"),
    path("officer/posts/new/", officer_views.post_edit, name="portal-officer-post-new"),
    path("officer/posts/<int:pk>/", officer_views.post_edit, name="portal-officer-post-edit"),
    path("officer/posts/preview/", officer_views.post_preview, name="portal-officer-preview"),
    path("officer/images/", officer_views.image_upload, name="portal-officer-image-upload"),
    path("officer/enquiries/", officer_views.enquiry_list, name="portal-officer-enquiries"),
    path(
        "officer/enquiries/<int:pk>/",
        officer_views.enquiry_detail,
        name="portal-officer-enquiry",
    ),
    path("officer/import/blogger/", officer_views.blogger_upload, name="portal-officer-blogger"),
]
