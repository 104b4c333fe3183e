from django.urls import path

from zhaoshang.proposals.investor import views as investor
from zhaoshang.proposals.officer import views as officer

urlpatterns = [
    path("officer/leads/<int:lead_pk>/proposals/new/", officer.proposal_new, name="proposals-new"),
    path("officer/proposals/<int:pk>/", officer.proposal_detail, name="proposals-detail"),
    path("officer/proposals/<int:pk>/edit/", officer.proposal_edit, name="proposals-edit"),
    path("officer/proposals/<int:pk>/preview/", officer.proposal_preview, name="proposals-preview"),
    path("officer/proposals/<int:pk>/send/", officer.proposal_send, name="proposals-send"),
    path("officer/proposals/<int:pk>/revoke/", officer.proposal_revoke, name="proposals-revoke"),
    path(
        "officer/proposals/<int:pk>/new-version/",
        officer.proposal_new_version,
        name="proposals-new-version",
    ),
    path(
        "officer/proposals/<int:pk>/files/<int:file_pk>/",
        officer.proposal_attachment,
        name="proposals-file",
    ),
    path("officer/proposals/costs/", officer.cost_tables, name="proposals-costs"),
    path("officer/proposals/report/", officer.proposal_report, name="proposals-report"),
    path("p/<str:token>/", investor.proposal_page, name="proposals-investor"),
    path("p/<str:token>/answer/", investor.proposal_answer, name="proposals-investor-answer"),
    path("p/<str:token>/proposal.pdf", investor.proposal_pdf_view, name="proposals-investor-pdf"),
    path(
        "p/<str:token>/files/<int:pk>/",
        investor.proposal_attachment,
        name="proposals-investor-file",
    ),
]
