"""Officers' pages of the policies app: the list, the editor, publishing, the versions with
their push progress, and each version's matches."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhaoshang.core.pagecache import public_pages_changed
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.policies import listing
from zhaoshang.policies.editor_views import impact_context
from zhaoshang.policies.forms import PolicyForm
from zhaoshang.policies.models import Match, Policy, PolicyVersion
from zhaoshang.policies.rule_forms import (
    ORIGIN_TEXT,
    builder_catalogue,
    rule_for_builder,
    rule_text,
)
from zhaoshang.policies.services import policy_publish, policy_save

VIEW = "policies.view_policy"
CHANGE = "policies.change_policy"
ADD = "policies.add_policy"
PUBLISH = "policies.publish_policy"


@permission_needed(VIEW)
def policy_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    found = listing.policies_for_officers(status)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/officer/policy_list.html",
        {
            "page": page,
            "status": status if status in Policy.Status.values else "",
            "statuses": Policy.Status.choices,
            "counts": listing.status_counts(),
            "query": f"status={status}" if status else "",
        },
    )


def _initial(policy: Policy | None) -> dict[str, Any]:
    if policy is None:
        return {"status": Policy.Status.DRAFT, "rule_origin": ORIGIN_TEXT}
    return {
        "rule": json.dumps(rule_for_builder(policy.rule), ensure_ascii=False)
        if policy.rule
        else "",
        "rule_text": rule_text(policy.rule),
        "rule_origin": ORIGIN_TEXT,
    }


def _refused(request: HttpRequest, form: PolicyForm, error: ValidationError) -> None:
    """Put a refused save's reasons on the fields (and in messages naming each field)."""
    for name, errors in error.message_dict.items():
        target = "rule_text" if name == "rule" else name
        form.add_error(target if target in form.fields else None, errors)


def _announce_errors(request: HttpRequest, form: PolicyForm) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@permission_needed(VIEW)
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    policy = get_object_or_404(Policy, pk=pk) if pk is not None else None
    needed = CHANGE if policy is not None else ADD
    can_edit = request.user.has_perm(needed)
    if policy is None and not can_edit:
        messages.error(request, _("You may read policies but not create them."))
        return redirect("policies-officer-list")
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        form = PolicyForm(request.POST, instance=policy)
        if form.is_valid():
            try:
                saved = policy_save(
                    actor=request_user(request), values=form.values(), policy=policy
                )
            except ValidationError as error:
                _refused(request, form, error)
            else:
                public_pages_changed()
                messages.success(request, _("The policy is saved."))
                return redirect("policies-officer-edit", pk=saved.pk)
        if policy is not None:
            policy.refresh_from_db()  # the form wrote the refused values onto it
        _announce_errors(request, form)
        messages.error(request, _("Nothing was saved."))
    else:
        form = PolicyForm(instance=policy, initial=_initial(policy), read_only=not can_edit)
    return render(
        request,
        "policies/officer/policy_edit.html",
        {
            "form": form,
            "policy": policy,
            "can_edit": can_edit,
            "read_only": not can_edit,
            "can_publish": policy is not None and request.user.has_perm(PUBLISH),
            "catalogue": builder_catalogue(),
            "current": policy.current_version if policy is not None else None,
        },
    )


@permission_needed(PUBLISH)
@require_http_methods(["GET", "POST"])
def policy_publish_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """GET: what publishing would do (the impact against the published version); POST:
    publish and queue the push."""
    policy = get_object_or_404(Policy, pk=pk)
    if request.method == "POST":
        try:
            version = policy_publish(actor=request_user(request), policy=policy)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                label = _field_label(name)
                for text in errors:
                    messages.error(request, f"{label}: {text}" if label else text)
            messages.error(request, _("Nothing was published."))
            return redirect("policies-officer-edit", pk=policy.pk)
        public_pages_changed()
        messages.success(
            request,
            _("Version %(number)s is published; it is being pushed to qualifying enterprises.")
            % {"number": version.number},
        )
        return redirect("policies-officer-versions", pk=policy.pk)
    current = policy.current_version
    context = impact_context(
        rule_data=policy.rule,
        scope=policy.region_scope_id,
        benefit_kind=policy.benefit_kind,
        benefit_amount=policy.benefit_amount,
        benefit_formula=policy.benefit_formula,
        compare_to=current,
    )
    return render(
        request,
        "policies/officer/publish.html",
        {
            **context,
            "policy": policy,
            "current": current,
            "text": rule_text(policy.rule),
            "next_number": (current.number + 1) if current else 1,
        },
    )


def _field_label(name: str) -> str:
    try:
        return str(Policy._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:  # a name that is not a field: the message stands alone
        return ""


@permission_needed(VIEW)
def policy_versions(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(Policy, pk=pk)
    versions = list(listing.versions_of(policy))
    return render(
        request,
        "policies/officer/versions.html",
        {"policy": policy, "rows": [_version_row(v) for v in versions]},
    )


def _version_row(version: PolicyVersion) -> dict[str, object]:
    pushing = version.push_status != PolicyVersion.PushStatus.DONE
    task = listing.push_task(version) if pushing else None
    return {"version": version, "task": task, "push": listing.push_progress(version, task)}


@permission_needed(VIEW)
def version_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """One version's row of the versions page, for htmx to poll while its push is not
    finished: the progress and the counts so far, then the final counts."""
    try:
        version = listing.version_with_counts(pk)
    except PolicyVersion.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "policies/officer/_version_row.html", _version_row(version))


@permission_needed(VIEW)
def version_matches(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion.objects.select_related("policy"), pk=pk)
    outcome = request.GET.get("outcome", "")
    if outcome and outcome not in Match.Outcome.values:
        raise Http404
    page = Paginator(listing.matches_for_page(version, outcome), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "policies/officer/matches.html",
        {
            "version": version,
            "policy": version.policy,
            "page": page,
            "outcome": outcome,
            "outcomes": Match.Outcome.choices,
            "counts": listing.outcome_counts(version),
            "query": f"outcome={outcome}" if outcome else "",
        },
    )
