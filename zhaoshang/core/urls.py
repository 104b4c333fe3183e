from django.contrib.auth import views as auth_views
from django.urls import path

from zhaoshang.core import notification_views, views

# Paths stay the same in every language; the language is the prefix.
urlpatterns = [
    path("account/sign-in/", views.SignInView.as_view(), name="account-login"),
    path("account/sign-out/", auth_views.LogoutView.as_view(), name="account-logout"),
    path("account/start/", views.account_start, name="account-start"),
    path("account/profile/", views.profile, name="account-profile"),
    path("account/language/", views.profile_language, name="account-language"),
    path("account/tokens/<int:pk>/revoke/", views.api_token_revoke, name="account-token-revoke"),
    path(
        "account/password/",
        views.PasswordChangeView.as_view(),
        name="account-password-change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="account-password-change-done",
    ),
    path("account/reset/", views.PasswordResetView.as_view(), name="account-password-reset"),
    path(
        "account/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="account-password-reset-done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="account-password-reset-complete",
    ),
    path("officer/audit/", views.audit_log, name="audit-log"),
    path(
        "officer/history/<str:app_label>/<str:model>/<str:object_id>/",
        views.object_history,
        name="object-history",
    ),
    path("officer/settings/", views.site_settings_edit, name="site-settings"),
    path("account/notifications/", notification_views.notification_list, name="notifications"),
    path(
        "account/notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification-open",
    ),
    path(
        "account/notifications/read/",
        notification_views.notifications_read_all,
        name="notifications-read-all",
    ),
]
