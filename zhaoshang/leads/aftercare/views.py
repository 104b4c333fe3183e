"""Aftercare pages: record a visit to an enterprise with its actions; work the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhaoshang.core.models import User
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.aftercare.services import visit_action_update, visit_record, visits_near
from zhaoshang.leads.models import AftercareVisit, VisitAction
from zhaoshang.leads.models.aftercare import QUESTIONS, TOPIC_CHOICES
from zhaoshang.leads.web.forms import DATE, officer_choices
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.registry.models import Enterprise

# One empty action row; "Add an action" adds more (in the browser, or by a round trip
# without JavaScript), up to MAX_ACTIONS.
MAX_ACTIONS = 20


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Visited on"), widget=DATE)
    department = forms.CharField(label=gettext_lazy("Department"), max_length=120, required=False)
    participants = forms.CharField(
        label=gettext_lazy("Participants"), max_length=300, required=False
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_recent = forms.BooleanField(
        label=gettext_lazy("The firm was visited recently; record this visit anyway"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in QUESTIONS:
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )


class ActionForm(forms.Form):
    """One action row. Topic and owner come pre-chosen (the first topic, the officer
    recording the visit), so a row nobody typed into is unchanged and the formset skips it;
    a row with something typed must be complete, and each missing field says what it is."""

    topic = forms.ChoiceField(label=gettext_lazy("Topic"), choices=TOPIC_CHOICES)
    description = forms.CharField(
        label=gettext_lazy("Issue raised"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Describe the issue this action deals with.")},
    )
    owner = forms.TypedChoiceField(label=gettext_lazy("Owner"), coerce=int)
    due_on = forms.DateField(
        label=gettext_lazy("Due"),
        widget=DATE,
        error_messages={"required": gettext_lazy("Every action needs a due date.")},
    )

    def __init__(self, *args: Any, default_owner: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The row's fields sit under the table's column headings, without labels of their
        # own: each is named for assistive technology by its heading's words.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        choices = officer_choices()
        owner.choices = choices
        pks = [pk for pk, _name in choices]
        # The browser selects what the form calls initial; anything else would read as typed.
        owner.initial = default_owner if default_owner in pks else (pks[0] if pks else None)
        self.fields["topic"].initial = TOPIC_CHOICES[0][0]

    def has_changed(self) -> bool:
        """Something was typed or chosen: a field sent with a value other than its default
        (a field not sent at all, or sent empty, leaves the row empty)."""
        return any(self[name].data not in (None, "") for name in self.changed_data)


ActionFormSet = forms.formset_factory(ActionForm, extra=1, max_num=MAX_ACTIONS, validate_max=True)


def _with_one_more_row(data: Any) -> Any:
    """The POSTed data with one more (empty) action row: "Add an action" without JavaScript."""
    more = data.copy()
    try:
        total = int(more.get("actions-TOTAL_FORMS", "1"))
    except ValueError:
        total = 1
    more["actions-TOTAL_FORMS"] = str(min(total + 1, MAX_ACTIONS))
    return more


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=VisitAction.Status.choices)
    resolution_note = forms.CharField(
        label=gettext_lazy("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=gettext_lazy("Due"), required=False, widget=DATE)


@permission_needed("leads.add_aftercarevisit")
def visit_new(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, pk=enterprise_pk)
    user = request_user(request)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    adding = request.method == "POST" and "add_action" in request.POST
    actions = ActionFormSet(
        _with_one_more_row(request.POST) if adding else (request.POST or None),
        prefix="actions",
        form_kwargs={"default_owner": user.pk},
    )
    if adding:
        # Only a new row was asked for: show the page again with what was typed, keep nothing.
        form = VisitForm(initial=request.POST.dict())
        return _visit_form(request, enterprise, form, actions, status=200)
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        rows = [a.cleaned_data for a in actions if a.has_changed() and a.cleaned_data]
        owners = User.objects.in_bulk([row["owner"] for row in rows])
        data = form.cleaned_data
        try:
            visit = visit_record(
                actor=user,
                enterprise=enterprise,
                visited_on=data["visited_on"],
                department=data["department"],
                participants=data["participants"],
                summary=data["summary"],
                answers={name: data[name] for name, _label in QUESTIONS},
                actions=[{**row, "owner": owners.get(row["owner"])} for row in rows],
                confirm_recent=data["confirm_recent"],
            )
        except ValidationError as exc:
            _action_errors(actions, exc)
            errors_to_form(form, _visit_only(exc))
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect("leads-visit", pk=visit.pk)
    failed = form.is_bound and bool(form.errors or actions.total_error_count())
    return _visit_form(request, enterprise, form, actions, status=400 if failed else 200)


def _visit_form(
    request: HttpRequest, enterprise: Enterprise, form: VisitForm, actions: Any, *, status: int
) -> HttpResponse:
    day = form.cleaned_data.get("visited_on") if form.is_bound and form.is_valid() else None
    recent = list(visits_near(enterprise, day or timezone.localdate())[:3])
    return render(
        request,
        "leads/visit_form.html",
        {
            "enterprise": enterprise,
            "form": form,
            "actions": actions,
            "recent": recent,
            "max_actions": MAX_ACTIONS,
        },
        status=status,
    )


def _visit_only(exc: ValidationError) -> ValidationError:
    return ValidationError(
        {k: v for k, v in exc.message_dict.items() if not k.startswith("actions[")} or {}
    )


def _action_errors(actions: Any, exc: ValidationError) -> None:
    """Errors named ``actions[i].field`` go on the i-th filled-in row of the formset."""
    filled = [a for a in actions if a.has_changed()]
    for key, messages_ in exc.message_dict.items():
        if not key.startswith("actions["):
            continue
        index, _dot, name = key[len("actions[") :].partition("].")
        row = filled[int(index)]
        row.add_error(name if name in row.fields else None, messages_)


@permission_needed("leads.view_aftercarevisit")
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(AftercareVisit.objects.select_related("enterprise", "officer"), pk=pk)
    actions = visit.actions.select_related("owner").order_by("due_on", "id")
    return render(
        request,
        "leads/visit_detail.html",
        {
            "visit": visit,
            "actions": [
                (a, ActionUpdateForm(initial={"status": a.status}, prefix=f"a{a.pk}"))
                for a in actions
            ],
            "others": visits_near(visit.enterprise, visit.visited_on, exclude=visit.pk),
        },
    )


@permission_needed("leads.change_visitaction")
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(VisitAction.objects.select_related("visit"), pk=pk)
    form = ActionUpdateForm(request.POST, prefix=f"a{action.pk}")
    if form.is_valid():
        try:
            visit_action_update(actor=request_user(request), action=action, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                label = form.fields[name].label if name in form.fields else name
                messages.error(request, f"{label}: {' '.join(errors)}")
        else:
            messages.success(request, _("The action is updated."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("leads-visit", pk=action.visit_id)
