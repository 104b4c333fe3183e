"""The audit log: what services record, that it cannot be rewritten, who can read it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from tests.support import signed_in
from zhaoshang.core.models import AuditEvent, AuditLogIsAppendOnly, SiteSettings
from zhaoshang.core.services import api_token_create, api_token_revoke, site_settings_update

pytestmark = pytest.mark.django_db


def events_for(obj) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("id")
    )


def test_an_update_records_who_when_which_object_and_old_to_new(administrator):
    site_settings_update(actor=administrator, center_name_en="Sihui Center", fax="")
    before = timezone.now()
    site_settings_update(actor=administrator, center_name_en="Sihui Investment Center")
    event = events_for(SiteSettings.objects.get())[-1]
    assert event.actor == administrator
    assert event.actor_label == administrator.username
    assert event.action == AuditEvent.Action.UPDATE
    assert event.at >= before
    assert event.changes == {
        "center_name_en": {"old": "Sihui Center", "new": "Sihui Investment Center"}
    }


def test_a_create_records_every_field_as_new(administrator):
    token, _raw = api_token_create(actor=administrator, name="monthly export")
    event = events_for(token)[0]
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["name"] == {"old": None, "new": "monthly export"}
    assert event.changes["digest"] == {"old": "•••", "new": "•••"}  # never the secret


def test_saving_without_a_change_records_nothing(administrator):
    site_settings_update(actor=administrator, city_en="Sihui")
    count = AuditEvent.objects.count()
    site_settings_update(actor=administrator, city_en="Sihui")
    assert AuditEvent.objects.count() == count


def test_a_failed_write_leaves_neither_change_nor_event(administrator):
    site_settings_update(actor=administrator, email="center@sihui.example")
    count = AuditEvent.objects.count()
    with pytest.raises(Exception, match="email"):
        site_settings_update(actor=administrator, city_en="Elsewhere", email="not an address")
    assert AuditEvent.objects.count() == count
    assert SiteSettings.objects.get().city_en != "Elsewhere"


def test_events_cannot_be_changed_or_deleted_through_the_orm(administrator):
    api_token_create(actor=administrator, name="t")
    event = AuditEvent.objects.first()
    assert event is not None
    event.object_repr = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().update(object_repr="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_update_an_event(administrator):
    api_token_create(actor=administrator, name="t")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET object_repr = 'rewritten'")
    assert not AuditEvent.objects.filter(object_repr="rewritten").exists()


def test_managers_filter_the_log_by_object_type_user_and_date(manager, administrator, officer):
    site_settings_update(actor=administrator, city_en="Sihui")
    api_token_create(actor=officer, name="officer's script")
    client = signed_in(manager)
    settings_type = ContentType.objects.get_for_model(SiteSettings)

    by_type = client.get("/en/officer/audit/", {"content_type": settings_type.pk})
    assert by_type.status_code == 200
    assert all(e.content_type == settings_type for e in by_type.context["page"].object_list)
    assert by_type.context["page"].paginator.count >= 1

    by_user = client.get("/en/officer/audit/", {"actor": officer.pk})
    names = {e.actor_label for e in by_user.context["page"].object_list}
    assert names == {officer.username}

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert (
        client.get("/en/officer/audit/", {"since": str(tomorrow)}).context["page"].paginator.count
        == 0
    )
    assert (
        client.get("/en/officer/audit/", {"until": str(today)}).context["page"].paginator.count > 0
    )


def test_an_end_date_before_the_start_date_is_reported(manager):
    response = signed_in(manager).get(
        "/en/officer/audit/", {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert "The end date is before the start date." in response.content.decode()


def test_promotion_officers_cannot_read_the_audit_log(officer):
    assert signed_in(officer).get("/en/officer/audit/").status_code == 403


def test_an_object_page_shows_its_history(administrator, manager):
    site_settings_update(actor=administrator, city_en="Sihui")
    site_settings_update(actor=administrator, city_en="Sihui, Zhaoqing")
    response = signed_in(manager).get("/en/officer/history/core/sitesettings/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sihui, Zhaoqing" in html
    assert len(response.context["page"].object_list) == 3  # created, then two changes


def test_history_of_an_unknown_type_is_404(manager):
    assert signed_in(manager).get("/en/officer/history/nope/nothing/1/").status_code == 404


def test_revoking_a_token_is_recorded(officer):
    token, _raw = api_token_create(actor=officer, name="t")
    api_token_revoke(actor=officer, token=token)
    last = events_for(token)[-1]
    assert last.action == AuditEvent.Action.UPDATE
    assert set(last.changes) == {"revoked_at"}


def test_admin_edits_are_audited(administrator, officer):
    client: Client = signed_in(administrator)
    page = client.get(f"/admin/core/user/{officer.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": officer.username,
            "email": "new-address@example.cn",
            "date_joined_0": officer.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": officer.date_joined.strftime("%H:%M:%S"),
            "groups": [g.pk for g in officer.groups.all()],
        }
    )
    data.pop("date_joined", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/core/user/{officer.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    last = events_for(officer)[-1]
    assert last.actor == administrator
    assert last.changes["email"]["new"] == "new-address@example.cn"
