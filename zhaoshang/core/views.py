"""Pages of the core app: home, sign-in flow, officer start, profile, audit log, settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.forms import BaseForm
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.static import serve

from zhaoshang.core import selectors, services
from zhaoshang.core.audit_display import events_display
from zhaoshang.core.forms import (
    ApiTokenForm,
    AuditFilterForm,
    LanguageForm,
    SignInForm,
    SiteSettingsForm,
)
from zhaoshang.core.links import site_url
from zhaoshang.core.models import ApiToken, PrivateFile, SiteSettings
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.core.private_files import private_file_may_read, private_path
from zhaoshang.core.roles import EDIT_SETTINGS, VIEW_AUDIT, WORKSPACE, Role
from zhaoshang.core.visibility import object_visible

# --- public -----------------------------------------------------------------------------


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers."""
    return JsonResponse({"status": "ok"})


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """The site's icon, for browsers that ask /favicon.ico (pages name it themselves)."""
    return redirect(static("core/favicon.svg"))


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers and every migration is applied."""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "database": str(exc)}, status=503)
    if plan:
        pending = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "unapplied_migrations": pending},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "unapplied_migrations": []})


# --- accounts ---------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's view puts its own "site" (the host name) where the layout reads ours.
        context["site"] = selectors.site_settings_current()
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("account-password-change-done")

    def form_valid(self, form: Any) -> HttpResponse:
        user = request_user(self.request)
        services.user_change_password(
            actor=user, user=user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        return redirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("account-password-reset-done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        # The link in the mail starts with SITE_URL, like every link we mail.
        self.extra_email_context = {"site_url": site_url()}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("account-password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        services.user_change_password(
            actor=user, user=user, password=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


@login_required
def account_start(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: officers on their start page, enterprise users on their
    enterprise's page, everyone else on the profile."""
    if request.user.has_perm(WORKSPACE):
        return redirect("officer-start")
    if Role.ENTERPRISE_USER in services.user_roles(request_user(request)):
        return redirect("registry-mine")
    return redirect("account-profile")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    new_token: str | None = None
    form = ApiTokenForm()
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_token = services.api_token_create(
                    actor=user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                form = ApiTokenForm()
    return render(
        request,
        "core/profile.html",
        {
            "roles": services.user_roles(user),
            "tokens": selectors.api_tokens_of(user),
            "form": form,
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def profile_language(request: HttpRequest) -> HttpResponse:
    """Choose the language of notifications and mail; the pages follow it from here."""
    user = request_user(request)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["language"]))
        return redirect("account-profile")
    language = form.cleaned_data["language"]
    services.user_set_language(actor=user, user=user, language=language)
    with translation.override(language):
        messages.success(request, _("Notifications and mail are now written in this language."))
    return redirect(translate_url(reverse("account-profile"), language))


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("account-profile")


# --- officers ---------------------------------------------------------------------------


@permission_needed(VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    where = selectors.AuditFilter()
    if form.is_bound and form.is_valid():
        where = selectors.AuditFilter(**form.cleaned_data)
    page = Paginator(selectors.audit_events(where, viewer=request_user(request)), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "events": events_display(page.object_list),
            "query": query.urlencode(),
        },
    )


@permission_needed(VIEW_AUDIT)
def object_history(
    request: HttpRequest, app_label: str, model: str, object_id: str
) -> HttpResponse:
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    model_class = content_type.model_class()
    viewer = request_user(request)
    if model_class is None or not object_visible(viewer, model_class, object_id):
        raise Http404
    events = selectors.audit_history(content_type, object_id, viewer=viewer)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/object_history.html",
        {
            "page": page,
            "events": events_display(page.object_list),
            "object_type": model_class._meta.verbose_name if model_class else model,
            "object_repr": page.object_list[0].object_repr if page.object_list else object_id,
        },
    )


@permission_needed(EDIT_SETTINGS)
def site_settings_edit(request: HttpRequest) -> HttpResponseBase:
    current = SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)
    form = SiteSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_settings_update(actor=request_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The site settings are saved."))
            return redirect("site-settings")
    return render(request, "core/site_settings.html", {"form": form, "settings_row": current})


def _add_errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- files ------------------------------------------------------------------------------


def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """A public upload (the routes pass only PUBLIC_MEDIA_FOLDERS), from MEDIA_ROOT."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


@require_GET
@never_cache
def private_file_download(request: HttpRequest, token: str) -> FileResponse:
    """A private file, to those who may read it; 404 to everyone else (whether it exists is
    not told either)."""
    file = PrivateFile.objects.filter(token=token).first()
    if file is None or not private_file_may_read(file, request.user):
        raise Http404
    try:
        handle = private_path(file).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=file.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
