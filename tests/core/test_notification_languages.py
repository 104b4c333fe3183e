"""Notifications and their mail are written in the reader's language, links in mail are
absolute, and a user's language follows their pages until they choose one."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, activity_make, regions_give
from tests.policies.factories import EnterpriseFactory, PolicyFactory
from tests.support import signed_in
from zhaoshang.core.models import Notification, User
from zhaoshang.core.roles import Role
from zhaoshang.leads.reminders import follow_up_reminders_send
from zhaoshang.policies.push import version_push
from zhaoshang.policies.services import policy_publish
from zhaoshang.registry.services import enterprise_member_add

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 1)


def relative_links(text: str) -> list[str]:
    """Links in a mail that do not start with a scheme: href="/…" or a bare /path."""
    hrefs = re.findall(r'href="(?!https?://)([^"]*)"', text)
    bare = re.findall(r"(?:^|\s)(/[\w\-/.]+)", text)
    return hrefs + bare


def pushed_to(*languages: str) -> list[User]:
    """Users of one qualifying enterprise, one per language, after a policy's push."""
    enterprise = EnterpriseFactory.with_figures(revenue=Decimal(2500))
    users = [
        UserFactory.create(roles=[Role.ENTERPRISE_USER], language=language)
        for language in languages
    ]
    for user in users:
        enterprise_member_add(actor=None, user=user, enterprise=enterprise)
    policy = PolicyFactory.create(
        title_en="Technology award", title_zh_hans="技术改造奖励", title_zh_hant=""
    )
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    return users


def test_the_push_and_its_mail_are_in_english_and_in_traditional(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        english, traditional = pushed_to("en", "zh-hant")
    mails = {m.to[0]: m for m in mail.outbox}
    assert mails[english.email].subject == "You qualify for “Technology award”"
    assert "/en/my-policies/" in mails[english.email].body
    # No Traditional title was written: the Simplified one is converted.
    assert "技術改造獎勵" in mails[traditional.email].subject
    assert "/zh-hant/my-policies/" in mails[traditional.email].body
    page = signed_in(traditional).get("/zh-hant/account/notifications/").content.decode()
    assert "技術改造獎勵" in page


def test_changing_the_language_on_the_profile_rewrites_existing_notifications():
    (user,) = pushed_to("en")
    client = signed_in(user)
    assert "You qualify for" in client.get("/en/account/notifications/").content.decode()
    response = client.post("/en/account/language/", {"language": "zh-hans"})
    assert response["Location"] == "/zh-hans/account/profile/"
    user.refresh_from_db()
    assert (user.language, user.language_chosen) == ("zh-hans", True)
    # Shown in the chosen language, even on an English page.
    page = client.get("/en/account/notifications/").content.decode()
    assert "技术改造奖励" in page
    assert "You qualify for" not in page


def test_a_language_not_offered_is_refused_and_changes_nothing():
    (user,) = pushed_to("en")
    signed_in(user).post("/en/account/language/", {"language": "fr"})
    user.refresh_from_db()
    assert user.language == "en"


def test_the_language_follows_the_pages_until_the_user_chooses_one(enterprise_user):
    client = signed_in(enterprise_user)
    client.get("/zh-hant/account/profile/")
    enterprise_user.refresh_from_db()
    assert enterprise_user.language == "zh-hant"
    client.get("/api/openapi.json")  # an address with no language changes nothing
    enterprise_user.refresh_from_db()
    assert enterprise_user.language == "zh-hant"
    client.post("/zh-hant/account/language/", {"language": "en"})
    client.get("/zh-hans/account/profile/")
    enterprise_user.refresh_from_db()
    assert enterprise_user.language == "en"


def test_notifications_from_before_message_keys_show_their_text(enterprise_user):
    Notification.objects.create(user=enterprise_user, kind="policy", title="旧通知", body="正文")
    page = signed_in(enterprise_user).get("/en/account/notifications/").content.decode()
    assert "旧通知" in page


def test_no_mail_the_system_sends_carries_a_relative_link(
    client, officer, django_capture_on_commit_callbacks, settings
):
    settings.ENQUIRY_INBOX = "inbox@sihui.example"
    with django_capture_on_commit_callbacks(execute=True):
        # a policy push, to an enterprise user
        pushed_to("zh-hant")
        # a follow-up reminder, to an officer
        regions_give(officer, SIHUI)
        activity_make(LeadFactory.create(actor=officer), officer, days_ago=3, follow_up_in=-1)
        follow_up_reminders_send()
        # an enquiry: the investor's confirmation and the center's notice
        client.post(
            "/en/enquiry/",
            {
                "name": "Nguyen Van An",
                "company": "Saigon Furniture Co.",
                "email": "an@example.vn",
                "origin": "VN",
                "message": "We plan to move one production line to Guangdong.",
                "consent": "on",
            },
            REMOTE_ADDR="203.0.113.77",
        )
        # a password reset
        client.post("/en/account/reset/", {"email": officer.email})
    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) >= 5, subjects
    for message in mail.outbox:
        bodies = [
            message.body,
            *(content for content, _type in getattr(message, "alternatives", [])),
        ]
        for body in bodies:
            assert relative_links(body) == [], (message.subject, body)
            assert "http://testserver/" in body or "/" not in body, message.subject
