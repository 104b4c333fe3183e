"""The signed-in user's notifications: the list, opening one, marking all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhaoshang.core.models import Notification
from zhaoshang.core.notifications import (
    notification_text,
    notifications_mark_read,
    notifications_of,
    user_language,
)
from zhaoshang.core.permissions import request_user


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page = Paginator(notifications_of(user), 30).get_page(request.GET.get("page"))
    language = user_language(user)
    shown = [(n, notification_text(n, language)) for n in page.object_list]
    return render(request, "core/notifications.html", {"page": page, "shown": shown})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link (or come back to the list)."""
    user = request_user(request)
    notification = get_object_or_404(Notification, pk=pk, user=user)
    notifications_mark_read(user=user, ids=[notification.pk])
    url = notification_text(notification, user_language(user)).url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request_user(request))
    return redirect("notifications")
