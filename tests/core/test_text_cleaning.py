"""Control characters are refused by every service that writes text (one rule, in
core.text), naming the field; text stored before that rule never breaks a feed."""

from __future__ import annotations

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import PostFactory
from tests.leads.factories import LeadFactory
from tests.policies.factories import PolicyFactory
from tests.support import signed_in
from zhaoshang.core.models import SiteSettings
from zhaoshang.core.services import site_settings_update
from zhaoshang.core.text import text_problem, xml_safe
from zhaoshang.leads.services import activity_log
from zhaoshang.policies.services import policy_save
from zhaoshang.portal.models import Enquiry, PostVersion
from zhaoshang.portal.services import enquiry_submit
from zhaoshang.registry.services import enterprise_validate

pytestmark = pytest.mark.django_db


def test_single_line_text_refuses_every_control_character_multi_line_keeps_line_breaks():
    assert text_problem("Si\fhui") is not None
    assert text_problem("line\nbreak") is not None
    assert text_problem("line\nbreak\ttab\r\n", multiline=True) is None
    assert text_problem("nul\x00", multiline=True) is not None
    assert text_problem("\ud800", multiline=True) is not None
    assert text_problem("四会市 Sihui") is None
    assert xml_safe("Si\fhui\x00\n") == "Sihui\n"


def test_a_settings_save_with_a_form_feed_is_refused_naming_the_field():
    site_settings_update(actor=None, city_en="Sihui")
    with pytest.raises(ValidationError) as refused:
        site_settings_update(actor=None, city_en="Si\fhui")
    assert set(refused.value.message_dict) == {"city_en"}
    assert "control characters" in refused.value.message_dict["city_en"][0]
    assert SiteSettings.objects.get().city_en == "Sihui"


def test_the_settings_page_refuses_a_form_feed_too(administrator):
    site_settings_update(actor=None, center_name_en="Sihui Center")
    response = signed_in(administrator).post(
        "/en/officer/settings/", {"center_name_en": "Sihui\fCenter", "city_en": "Sihui"}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert SiteSettings.objects.get().center_name_en == "Sihui Center"


@pytest.mark.parametrize("kind", ["rss.xml", "atom.xml"])
def test_feeds_answer_200_with_a_control_character_already_stored(kind):
    site_settings_update(actor=None, city_en="Sihui")
    SiteSettings.objects.filter(pk=1).update(city_en="Si\fhui", center_name_en="Sihui\x0bCenter")
    post = PostFactory.create(versions={"en": ("Relocation talk", "body")})
    PostVersion.objects.filter(post=post).update(
        title="Relocation\x1b talk", body_html="<p>a\x1fb</p>"
    )
    response = Client().get(f"/en/{kind}")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.title for entry in parsed.entries] == ["Relocation talk"]


def test_portal_an_enquiry_with_a_control_character_is_refused():
    with pytest.raises(ValidationError) as refused:
        enquiry_submit(
            language="en",
            consent=True,
            name="Nguyen\x07",
            email="n@example.com",
            origin="VN",
            message="Hi",
        )
    assert set(refused.value.message_dict) == {"name"}
    assert not Enquiry.objects.exists()


def test_portal_an_enquiry_message_keeps_its_line_breaks():
    enquiry = enquiry_submit(
        language="en",
        consent=True,
        name="Nguyen",
        email="n@example.com",
        origin="VN",
        message="Hello,\nwe make shoes.",
    )
    assert enquiry.message == "Hello,\nwe make shoes."


def test_leads_an_activity_with_a_control_character_is_refused(officer):
    lead = LeadFactory.create()
    with pytest.raises(ValidationError) as refused:
        activity_log(
            actor=officer,
            lead=lead,
            kind="call",
            occurred_on=lead.created_at.date(),
            summary="Called",
            next_step="Visit\x1b",
        )
    assert set(refused.value.message_dict) == {"next_step"}
    assert not lead.activities.exists()


def test_registry_an_enterprise_name_with_a_control_character_is_refused():
    with pytest.raises(ValidationError) as refused:
        enterprise_validate({"uscc": "91441284MA4W4T8Q1U", "name": "Wangjin\x0cBuilding"})
    assert "name" in refused.value.message_dict


def test_policies_a_policy_title_with_a_control_character_is_refused():
    policy = PolicyFactory.create(title_en="Award")
    with pytest.raises(ValidationError) as refused:
        policy_save(actor=None, values={"title_en": "Award\x00"}, policy=policy)
    assert set(refused.value.message_dict) == {"title_en"}
    policy.refresh_from_db()
    assert policy.title_en == "Award"
