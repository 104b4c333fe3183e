"""In-app notifications: sent once per key, mailed after commit, shown with an unread
badge, opened and marked read by their owner only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from tests.factories import UserFactory
from tests.support import signed_in
from zhaoshang.core.models import Notification
from zhaoshang.core.notifications import (
    notification_message,
    notification_send,
    notification_send_bulk,
)

pytestmark = pytest.mark.django_db

HELLO = "tests.hello"


@notification_message(HELLO)
def _hello(params: Mapping[str, Any]) -> tuple[str, str]:
    return f"Hello {params['name']}", ""


def test_a_repeated_key_sends_nothing_the_second_time(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_send(
            user=officer, kind="test", message=HELLO, params={"name": "Hello"}, key="k-1"
        )
        again = notification_send(
            user=officer, kind="test", message=HELLO, params={"name": "Hello"}, key="k-1"
        )
    assert first is not None
    assert again is None
    assert Notification.objects.filter(user=officer).count() == 1
    assert len(mail.outbox) == 1


def test_mail_goes_out_only_when_the_transaction_commits(officer):
    def send_then_fail() -> None:
        with transaction.atomic():
            notification_send(
                user=officer, kind="test", message=HELLO, params={"name": "Rolled back"}
            )
            raise RuntimeError

    with pytest.raises(RuntimeError):
        send_then_fail()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_email_false_notifies_in_the_app_only(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            user=officer, kind="test", message=HELLO, params={"name": "Quiet"}, email=False
        )
    assert Notification.objects.filter(
        user=officer, message=HELLO, params={"name": "Quiet"}
    ).exists()
    assert mail.outbox == []


def test_bulk_send_skips_users_who_have_the_key(
    officer, manager, django_capture_on_commit_callbacks
):
    notification_send(
        user=officer,
        kind="policy",
        message=HELLO,
        params={"name": "New policy"},
        key="policy:7",
        email=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        fresh = notification_send_bulk(
            users=[officer, manager],
            kind="policy",
            message=HELLO,
            params={"name": "New policy"},
            key="policy:7",
        )
    assert [n.user for n in fresh] == [manager]
    assert Notification.objects.filter(key="policy:7").count() == 2
    assert [m.to for m in mail.outbox] == [[manager.email]]


def test_the_layout_shows_the_unread_count_and_the_page_marks_read(officer):
    notification_send(
        user=officer,
        kind="test",
        message=HELLO,
        params={"name": "Due today"},
        url="/en/officer/",
        email=False,
    )
    client = signed_in(officer)
    page = client.get("/en/officer/").content.decode()
    assert 'class="badge"' in page
    assert "1 unread" in page
    notification = Notification.objects.get(user=officer)
    response = client.post(f"/en/account/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/en/officer/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="badge"' not in client.get("/en/officer/").content.decode()


def test_nobody_opens_someone_elses_notification(officer):
    other = UserFactory.create()
    notification = notification_send(
        user=other, kind="test", message=HELLO, params={"name": "Private"}, email=False
    )
    assert notification is not None
    response = signed_in(officer).post(f"/en/account/notifications/{notification.pk}/open/")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(officer):
    for n in range(3):
        notification_send(
            user=officer, kind="test", message=HELLO, params={"name": f"N{n}"}, email=False
        )
    signed_in(officer).post("/en/account/notifications/read/")
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
