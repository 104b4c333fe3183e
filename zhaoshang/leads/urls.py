from django.urls import path

from zhaoshang.leads.aftercare import views as visit_views
from zhaoshang.leads.reports import views as report_views
from zhaoshang.leads.triage import views as triage_views
from zhaoshang.leads.web import views
from zhaoshang.leads.web import work as work_views

urlpatterns = [
    path("officer/leads/", views.lead_list, name="leads-list"),
    path("officer/leads/board/", views.lead_board, name="leads-board"),
    path("officer/leads/board/move/", views.lead_board_move, name="leads-board-move"),
    path("officer/leads/board/undo/", views.lead_board_undo, name="leads-board-undo"),
    path("officer/leads/new/", views.lead_create, name="leads-create"),
    path("officer/leads/<int:pk>/", views.lead_detail, name="leads-detail"),
    path("officer/leads/<int:pk>/edit/", views.lead_edit, name="leads-edit"),
    path("officer/leads/<int:pk>/move/", views.lead_move, name="leads-move"),
    path("officer/leads/<int:pk>/activities/", work_views.activity_add, name="leads-activity-add"),
    path("officer/leads/<int:pk>/contacts/", work_views.lead_contact_add, name="leads-contact-add"),
    path(
        "officer/leads/contacts/<int:pk>/remove/",
        work_views.lead_contact_remove,
        name="leads-contact-remove",
    ),
    path(
        "officer/leads/follow-ups/<int:pk>/done/",
        work_views.follow_up_done,
        name="leads-follow-up-done",
    ),
    path("officer/leads/follow-ups/", work_views.follow_ups, name="leads-follow-ups"),
    path("officer/leads/filters/", work_views.saved_filter_add, name="leads-filter-save"),
    path(
        "officer/leads/filters/<int:pk>/delete/",
        work_views.saved_filter_remove,
        name="leads-filter-delete",
    ),
    path("officer/leads/triage/", triage_views.triage_list, name="leads-triage"),
    path(
        "officer/leads/triage/<int:pk>/", triage_views.triage_enquiry, name="leads-triage-enquiry"
    ),
    path(
        "officer/leads/triage/<int:pk>/merge/",
        triage_views.triage_merge,
        name="leads-triage-merge",
    ),
    path(
        "officer/leads/triage/<int:pk>/dismiss/",
        triage_views.triage_dismiss,
        name="leads-triage-dismiss",
    ),
    path("officer/leads/reports/", report_views.report_page, name="leads-report"),
    path("officer/leads/reports/export.xlsx", report_views.report_export, name="leads-report-xlsx"),
    path(
        "officer/enterprises/<int:enterprise_pk>/visits/new/",
        visit_views.visit_new,
        name="leads-visit-new",
    ),
    path("officer/visits/<int:pk>/", visit_views.visit_detail, name="leads-visit"),
    path("officer/visit-actions/<int:pk>/", visit_views.action_update, name="leads-action-update"),
]
