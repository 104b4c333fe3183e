"""Publishing a policy and pushing it: every qualifying enterprise matched exactly once,
resumable, notified, and followed when its data changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from tests.policies.factories import EnterpriseFactory, PolicyFactory
from zhaoshang.core.models import Notification
from zhaoshang.core.roles import Role
from zhaoshang.core.tasks import task_run_next
from zhaoshang.policies.models import Match, Policy, PolicyVersion
from zhaoshang.policies.push import version_push
from zhaoshang.policies.services import policy_publish
from zhaoshang.registry.services import enterprise_member_add

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 1)


@pytest.fixture
def enterprises():
    """Three that qualify, one that may (no figures), two that do not."""
    return {
        "big": [EnterpriseFactory.with_figures(revenue=Decimal(2500)) for _ in range(3)],
        "unknown": EnterpriseFactory.create(),
        "small": EnterpriseFactory.with_figures(revenue=Decimal(100)),
        "trade": EnterpriseFactory.with_figures(revenue=Decimal(9000), industry_code="5191"),
    }


def test_publishing_makes_a_version_and_the_push_matches_each_qualifying_enterprise(
    enterprises,
):
    policy = PolicyFactory.create()
    version = policy_publish(actor=None, policy=policy, as_of=AS_OF)
    assert version.number == 1
    assert Policy.objects.get().status == Policy.Status.OPEN
    task_run_next()
    outcomes = dict(Match.objects.values_list("enterprise_id", "outcome"))
    assert outcomes == {
        **{e.pk: "eligible" for e in enterprises["big"]},
        enterprises["unknown"].pk: "possibly_eligible",
    }
    version.refresh_from_db()
    assert (version.eligible_count, version.possibly_count) == (3, 1)
    assert version.push_status == PolicyVersion.PushStatus.DONE


def test_a_push_killed_midway_resumes_with_no_duplicate_and_no_gap(enterprises):
    version = policy_publish(actor=None, policy=PolicyFactory.create(), as_of=AS_OF)

    def killed(done: int, total: int) -> None:  # the worker dies after its first chunk
        raise SystemExit

    with pytest.raises(SystemExit):
        version_push(version, chunk=2, progress=killed)
    assert 0 < Match.objects.count() < 4
    version_push(version, chunk=2)
    version_push(version, chunk=2)  # a third run finds nothing left to do
    assert Match.objects.count() == 4
    version.refresh_from_db()
    assert (version.eligible_count, version.possibly_count) == (3, 1)


def test_each_publish_is_a_new_version_with_its_own_matches(enterprises):
    policy = PolicyFactory.create()
    first = policy_publish(actor=None, policy=policy, as_of=AS_OF)
    version_push(first)
    second = policy_publish(actor=None, policy=policy, as_of=AS_OF)
    version_push(second)
    assert second.number == 2
    assert Match.objects.filter(version=second).count() == 4


def test_enterprise_users_are_told_once_and_the_possibly_eligible_what_to_supply(enterprises):
    sure, maybe = (
        UserFactory.create(roles=[Role.ENTERPRISE_USER]),
        UserFactory.create(roles=[Role.ENTERPRISE_USER], language="zh-hans"),
    )
    enterprise_member_add(actor=None, user=sure, enterprise=enterprises["big"][0])
    enterprise_member_add(actor=None, user=maybe, enterprise=enterprises["unknown"])
    version = policy_publish(actor=None, policy=PolicyFactory.create(), as_of=AS_OF)
    version_push(version)
    version_push(version)
    assert Notification.objects.filter(user=sure).count() == 1
    told = Notification.objects.get(user=maybe)
    assert "主营业务收入" in told.body  # revenue is what it must supply


def test_a_scope_keeps_enterprises_elsewhere_out(enterprises):
    elsewhere = EnterpriseFactory.with_figures(revenue=Decimal(5000), region_id="440103")
    policy = PolicyFactory.create(region_scope_id="441200")
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    assert not Match.objects.filter(enterprise=elsewhere).exists()
    assert Match.objects.count() == 4


def test_an_edit_that_makes_an_enterprise_qualify_matches_it(
    enterprises, django_capture_on_commit_callbacks
):
    from zhaoshang.registry.services import enterprise_save, enterprise_validate

    policy = PolicyFactory.create()
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    small = enterprises["small"]
    record = enterprise_validate(
        {
            "uscc": small.uscc,
            "name": small.name,
            "region_code": "441284",
            "industry_code": "3971",
            "year": "2025",
            "revenue": "3000",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_save(actor=None, record=record)
    assert Match.objects.get(enterprise=small).outcome == "eligible"


def test_nothing_is_published_for_a_bad_rule_or_formula():
    policy = PolicyFactory.create(rule={"field": "no_such_field", "op": ">=", "value": 1})
    with pytest.raises(ValidationError) as refused:
        policy_publish(actor=None, policy=policy, as_of=AS_OF)
    assert "no_such_field" in str(refused.value)
    policy = PolicyFactory.create(
        benefit_kind=Policy.BenefitKind.FORMULA, benefit_formula="revenue / 0"
    )
    with pytest.raises(ValidationError):
        policy_publish(actor=None, policy=policy, as_of=AS_OF)
    assert not PolicyVersion.objects.exists()


def test_a_parameter_without_a_value_on_the_date_publishes_nothing():
    policy = PolicyFactory.create()
    with pytest.raises(ValidationError) as refused:
        policy_publish(actor=None, policy=policy, as_of=datetime.date(2001, 1, 1))
    assert "above_size_threshold" in str(refused.value)
    assert not PolicyVersion.objects.exists()


def test_eligible_enterprises_that_have_not_applied_are_reminded_once_before_closing(
    enterprises,
):
    from zhaoshang.policies.reminders import policy_reminders_send
    from zhaoshang.policies.services import application_record

    waiting, applied = enterprises["big"][0], enterprises["big"][1]
    users = [UserFactory.create(roles=[Role.ENTERPRISE_USER]) for _ in range(2)]
    enterprise_member_add(actor=None, user=users[0], enterprise=waiting)
    enterprise_member_add(actor=None, user=users[1], enterprise=applied)
    policy = PolicyFactory.create(closes_on=datetime.date(2025, 6, 5))
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    application_record(actor=users[1], policy=policy, enterprise=applied)
    Notification.objects.all().delete()
    assert policy_reminders_send(today=datetime.date(2025, 5, 1)) == 0  # too early
    assert policy_reminders_send(today=AS_OF) == 1
    assert policy_reminders_send(today=AS_OF) == 0  # once
    assert Notification.objects.get().user == users[0]


def test_growth_over_named_years_is_matched_in_the_database_and_previewed():
    from zhaoshang.policies.selectors import policy_preview
    from zhaoshang.registry.models import YearlyFigures
    from zhaoshang.rules import parse_text

    grew = EnterpriseFactory.with_figures(year=2025, revenue=Decimal(1200))
    YearlyFigures.objects.create(enterprise=grew, year=2024, revenue=Decimal(1000))
    flat = EnterpriseFactory.with_figures(year=2025, revenue=Decimal(1000))
    YearlyFigures.objects.create(enterprise=flat, year=2024, revenue=Decimal(1000))
    rule = parse_text("revenue[2025] / revenue[2024] >= 110%").to_json()
    policy = PolicyFactory.create(rule=rule)
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    assert list(Match.objects.values_list("enterprise_id", "outcome")) == [(grew.pk, "eligible")]
    preview = policy_preview(
        rule_data=rule,
        scope=None,
        benefit_kind="none",
        benefit_amount=None,
        benefit_formula="",
        as_of=AS_OF,
    )
    assert (preview.eligible, preview.possibly_eligible) == (1, 0)


def test_a_confirmed_correction_after_a_new_version_does_not_repeat_you_qualify(
    enterprises, django_capture_on_commit_callbacks
):
    """The user was told under version 1; version 2 is published (its push not yet run) and
    an officer confirms the user's profile correction: the re-evaluation matches the firm
    under version 2, and the user must not get "You qualify" a second time."""
    from zhaoshang.registry.services import profile_correction_decide, profile_correction_propose

    firm = enterprises["big"][0]
    user = UserFactory.create(roles=[Role.ENTERPRISE_USER])
    officer = UserFactory.create(roles=[Role.PROMOTION_OFFICER])
    enterprise_member_add(actor=None, user=user, enterprise=firm)
    policy = PolicyFactory.create()
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    second = policy_publish(actor=None, policy=policy, as_of=AS_OF)
    correction = profile_correction_propose(
        actor=user, enterprise=firm, changes={"address": "四会市东城街道1号"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        profile_correction_decide(actor=officer, correction=correction, confirm=True)
    assert Match.objects.filter(version=second, enterprise=firm).exists()  # re-evaluated
    version_push(second)
    assert Notification.objects.filter(user=user, kind="policy").count() == 1


def test_a_firm_that_moves_from_may_qualify_to_qualify_under_a_new_version_is_told(
    enterprises,
):
    from zhaoshang.registry.models import YearlyFigures

    unknown = enterprises["unknown"]
    user = UserFactory.create(roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=unknown)
    policy = PolicyFactory.create()
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    YearlyFigures.objects.create(enterprise=unknown, year=2025, revenue=Decimal(3000))
    type(unknown).objects.filter(pk=unknown.pk).update(
        latest_year=2025, latest_revenue=Decimal(3000), industry_code="3971"
    )
    version_push(policy_publish(actor=None, policy=policy, as_of=AS_OF))
    titles = list(Notification.objects.filter(user=user).values_list("title", flat=True))
    assert len(titles) == 2
    assert any("may qualify" in title for title in titles)  # may qualify, then qualify
