"""The demo: five policies in three languages; the open ones (and the paused one)
published and pushed, so the demo enterprise user sees policies at once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.support import signed_in
from zhaoshang.core.models import Task, User
from zhaoshang.policies.demo import DEMO_POLICIES
from zhaoshang.policies.demo_texts import TEXTS
from zhaoshang.policies.models import Policy, PolicyVersion
from zhaoshang.rules import parse_text

pytestmark = pytest.mark.django_db


def test_every_demo_policy_has_three_languages_and_a_rule_that_reads():
    for demo in DEMO_POLICIES:
        assert set(TEXTS[demo.texts]) == {"en", "zh_hans", "zh_hant"}
        assert all(all(part.strip() for part in texts) for texts in TEXTS[demo.texts].values())
        assert parse_text(demo.rule).criteria


def test_the_demo_publishes_and_pushes_so_the_demo_enterprise_sees_its_policies(client):
    call_command("load_demo", demo_password="Guangdong-demo-44", stdout=io.StringIO())
    statuses = dict(Policy.objects.values_list("slug", "status"))
    assert sorted(statuses.values()) == ["closed", "open", "open", "open", "paused"]
    versions = PolicyVersion.objects.all()
    assert versions.count() == 4
    assert {v.push_status for v in versions} == {PolicyVersion.PushStatus.DONE}
    assert not Task.objects.filter(name="policies.push", status=Task.Status.QUEUED).exists()
    page = signed_in(User.objects.get(username="enterprise")).get("/en/my-policies/")
    assert len(page.context["eligible"]) >= 1
    public = client.get("/zh-hant/policies/").content.decode()
    assert "規模以上工業企業技術改造獎勵" in public
