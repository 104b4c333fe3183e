"""The live impact preview, publishing with its confirmation, the versions with their push
progress, and each version's matches; lists answer in a bounded number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.policies.factories import PolicyFactory
from tests.policies.pages import editor_data, messages_of
from tests.support import signed_in
from zhaoshang.core.models import Task
from zhaoshang.core.tasks import task_run_next
from zhaoshang.policies.models import Match, Policy, PolicyVersion
from zhaoshang.policies.selectors import policy_preview
from zhaoshang.policies.services import application_record, policy_publish
from zhaoshang.rules import parse_text

pytestmark = pytest.mark.django_db
PREVIEW = "/en/officer/policies/preview/"


def impact(client, url=PREVIEW, **overrides):
    response = client.post(url, editor_data(**overrides))
    assert response.status_code == 200
    return response


def test_the_preview_counts_the_funnel_breakdowns_and_benefit(registry, policy_officer):
    response = impact(signed_in(policy_officer))
    page = response.content.decode()
    preview = response.context["preview"]
    assert (preview.total, preview.eligible, preview.possibly_eligible) == (6, 3, 1)
    assert '<dd id="impact-eligible">3</dd>' in page
    assert [row["remaining"] for row in response.context["funnel"]] == [4, 3]
    assert [row["label"] for row in response.context["funnel"]] == [
        "main-business revenue is at least 20 million yuan "
        "(revenue threshold for “above designated size”)",
        "industry class is within Manufacturing (C13..C43)",
    ]
    assert '<rect width="50.0" height="1"/>' in page  # 3 of 6 remain after the second criterion
    assert [(b.name, b.eligible) for b in response.context["prefectures"]] == [("Zhaoqing City", 3)]
    assert [b.key for b in response.context["counties"]] == ["441284", "441202"]
    assert "1.5 million yuan" in page  # three enterprises, 500,000 yuan each


def test_a_region_scope_is_a_step_of_the_funnel(registry, policy_officer):
    response = impact(signed_in(policy_officer), region_scope="441284")
    assert response.context["preview"].eligible == 2
    assert [row["remaining"] for row in response.context["funnel"]] == [5, 3, 2]
    assert response.context["funnel"][0]["label"].startswith("region is within Sihui")


def test_the_preview_follows_a_change_of_the_benefit_and_its_formula(registry, policy_officer):
    response = impact(
        signed_in(policy_officer),
        benefit_kind="formula",
        benefit_formula="min(1% * revenue, 20)",
    )
    assert response.context["preview"].benefit_total == Decimal(60)


def test_the_preview_shows_what_changes_against_the_published_version(registry, policy_officer):
    policy = PolicyFactory.create()
    policy_publish(actor=None, policy=policy)
    response = impact(
        signed_in(policy_officer),
        f"/en/officer/policies/{policy.pk}/preview/",
        rule_text="revenue >= 50 and industry_code within C13..C43",
        benefit_amount="50",
    )
    assert "admits 1 more enterprise, +500,000 yuan." in response.content.decode()
    narrower = impact(
        signed_in(policy_officer),
        f"/en/officer/policies/{policy.pk}/preview/",
        rule_text="revenue >= 2600",
        benefit_amount="50",
    )
    assert "admits 2 fewer enterprises, −1 million yuan." in narrower.content.decode()


def test_a_bad_rule_or_formula_shows_the_problem_instead_of_counts(registry, policy_officer):
    client = signed_in(policy_officer)
    bad_rule = impact(client, rule_text="revenue >= ")
    assert "Line 1, column 12" in bad_rule.content.decode()
    bad_formula = impact(client, benefit_kind="formula", benefit_formula="min(revenue,")
    assert "The benefit formula cannot be computed" in bad_formula.content.decode()
    unknown_field = impact(
        client, rule='{"field": "turnover", "op": ">=", "value": 1}', rule_origin="builder"
    )
    assert "unknown field &#x27;turnover&#x27;" in unknown_field.content.decode()


def test_publishing_asks_first_then_makes_a_version_and_queues_its_push(registry, policy_officer):
    policy = PolicyFactory.create()
    client = signed_in(policy_officer)
    confirm = client.get(f"/en/officer/policies/{policy.pk}/publish/")
    assert "Publish version 1 and push it" in confirm.content.decode()
    assert not PolicyVersion.objects.exists()
    response = client.post(f"/en/officer/policies/{policy.pk}/publish/", follow=True)
    version = PolicyVersion.objects.get()
    assert version.published_by == policy_officer
    assert Task.objects.get().arguments == {"version_id": version.pk}
    assert "Version 1 is published" in messages_of(response)[0]
    assert Policy.objects.get().status == Policy.Status.OPEN


def test_a_refused_publish_names_the_reason_and_publishes_nothing(policy_officer):
    policy = PolicyFactory.create(rule={})
    response = signed_in(policy_officer).post(
        f"/en/officer/policies/{policy.pk}/publish/", follow=True
    )
    assert messages_of(response)[:2] == [
        "eligibility rule: Write the eligibility rule before publishing.",
        "Nothing was published.",
    ]
    assert not PolicyVersion.objects.exists()
    assert Policy.objects.get().status == Policy.Status.DRAFT


def test_the_push_shows_a_progress_bar_that_polls_until_it_is_done(registry, policy_officer):
    policy = PolicyFactory.create()
    version = policy_publish(actor=None, policy=policy)
    client = signed_in(policy_officer)
    progress = f"/en/officer/policies/versions/{version.pk}/progress/"
    waiting = client.get(f"/en/officer/policies/{policy.pk}/versions/").content.decode()
    assert f'hx-get="{progress}"' in waiting
    assert "Queued: waiting for the background worker" in waiting
    Task.objects.update(progress_done=3, progress_total=6, status=Task.Status.RUNNING)
    PolicyVersion.objects.update(push_status=PolicyVersion.PushStatus.RUNNING)
    running = client.get(progress).content.decode()
    assert '<progress value="50" max="100"' in running
    assert "Pushing 50%" in running
    assert "waiting for the background worker" not in running
    Task.objects.update(status=Task.Status.QUEUED)
    task_run_next()
    done = client.get(progress).content.decode()
    assert "hx-get" not in done
    assert "Pushed" in done
    # The finished row carries the real counts, not the zeros it started with.
    assert "3 qualify, 1 may qualify" in done
    assert "4 matches" in done


def test_a_push_that_runs_says_so_with_its_progress_while_it_runs(registry, policy_officer):
    """The worker's own progress reports, read by the page at each chunk of the push."""
    from zhaoshang.core.tasks import TaskContext, _claim
    from zhaoshang.policies.push import version_push

    version = policy_publish(actor=None, policy=PolicyFactory.create())
    client = signed_in(policy_officer)
    progress = f"/en/officer/policies/versions/{version.pk}/progress/"
    claimed = _claim(None)
    assert claimed is not None
    context = TaskContext(task_id=claimed.pk)
    seen: list[str] = []

    def report(done: int, total: int) -> None:
        context.last_written = 0.0  # every chunk is written, not two a second
        context.progress(done, total)
        seen.append(client.get(progress).content.decode())

    version_push(version, chunk=2, progress=report)
    assert len(seen) >= 2
    assert all("Pushing" in page and "waiting" not in page for page in seen)
    assert all("hx-get" in page for page in seen)


def test_a_failed_push_shows_its_message_and_stops_polling(registry, policy_officer):
    version = policy_publish(actor=None, policy=PolicyFactory.create())
    Task.objects.update(status=Task.Status.FAILED, message="the database went away")
    page = (
        signed_in(policy_officer)
        .get(f"/en/officer/policies/versions/{version.pk}/progress/")
        .content.decode()
    )
    assert "The push stopped: the database went away" in page
    assert "hx-get" not in page


def test_matches_are_listed_by_outcome_with_who_applied(registry, policy_officer):
    policy = PolicyFactory.create()
    version = policy_publish(actor=None, policy=policy)
    task_run_next()
    applicant = Match.objects.filter(outcome="eligible").earliest("pk").enterprise
    application_record(actor=None, policy=policy, enterprise=applicant)
    client = signed_in(policy_officer)
    url = f"/en/officer/policies/versions/{version.pk}/matches/"
    everyone = client.get(url)
    assert everyone.context["page"].paginator.count == 4
    eligible = client.get(url, {"outcome": "eligible"})
    rows = list(eligible.context["page"].object_list)
    assert {m.outcome for m in rows} == {"eligible"}
    assert [m.applied for m in rows].count(True) == 1
    assert client.get(url, {"outcome": "maybe"}).status_code == 404


def test_the_officers_policy_list_answers_in_a_bounded_number_of_queries(
    policy_officer, django_assert_max_num_queries
):
    client = signed_in(policy_officer)
    for _ in range(3):
        policy_publish(actor=None, policy=PolicyFactory.create())
    client.get("/en/officer/policies/")  # warm the session and the site settings
    with django_assert_max_num_queries(9):
        small = client.get("/en/officer/policies/")
    for _ in range(12):
        policy_publish(actor=None, policy=PolicyFactory.create())
    with django_assert_max_num_queries(9):
        large = client.get("/en/officer/policies/")
    assert len(large.context["page"].object_list) == 15
    assert small.status_code == 200


def test_the_matches_list_answers_in_a_bounded_number_of_queries(
    registry, policy_officer, django_assert_max_num_queries
):
    policy = PolicyFactory.create(rule=parse_text("revenue >= 0 or revenue < 0").to_json())
    version = policy_publish(actor=None, policy=policy)
    task_run_next()
    client = signed_in(policy_officer)
    url = f"/en/officer/policies/versions/{version.pk}/matches/"
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["page"].paginator.count == 6


def test_the_preview_in_the_page_and_the_selector_agree(registry, policy_officer):
    response = impact(signed_in(policy_officer))
    direct = policy_preview(
        rule_data=parse_text(
            "revenue >= above_size_threshold and industry_code within C13..C43"
        ).to_json(),
        scope=None,
        benefit_kind="fixed",
        benefit_amount=Decimal(50),
        benefit_formula="",
    )
    assert response.context["preview"].eligible == direct.eligible


def test_a_reader_sees_the_impact_of_the_saved_policy(registry, officer):
    policy = PolicyFactory.create(region_scope_id="441202")
    response = signed_in(officer).post(f"/en/officer/policies/{policy.pk}/preview/", {})
    assert response.context["preview"].eligible == 1  # the one manufacturer in Duanzhou
