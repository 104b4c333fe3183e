"""The transformation programme: who records, proposes and confirms; what counts toward the
year's target; the file import, whole or not at all."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, SIHUI, ZHAOQING, enterprise_make, regions_give
from zhaoshang.core.roles import Role
from zhaoshang.projects.models import MaturityLevel, TransformationProject
from zhaoshang.projects.targets.dashboard import dashboard_build
from zhaoshang.projects.transformation.importing import (
    TransformationImportRefused,
    transformation_import,
)
from zhaoshang.projects.transformation.services import (
    transformation_decide,
    transformation_record,
)
from zhaoshang.registry.models import Enterprise, EnterpriseMember

DAY = datetime.timedelta(days=1)


@pytest.fixture
def manager_zq(db):
    return regions_give(UserFactory.create(username="meng", roles=[Role.MANAGER]), ZHAOQING)


def _values(**values):
    return {"kind": "tech", "title": "Stamping line retrofit", **values}


def _actual(board, measure):
    return next(f for f in board.figures if f.measure == measure).actual


def test_an_enterprise_counts_once_a_year_when_its_project_is_completed(manager_zq):
    enterprise = enterprise_make()
    today = timezone.localdate()
    day = today.replace(month=1, day=1)
    transformation_record(actor=manager_zq, enterprise=enterprise, values=_values(completed_on=day))
    transformation_record(
        actor=manager_zq,
        enterprise=enterprise,
        values=_values(title="Second line", completed_on=day + DAY),
    )
    transformation_record(actor=manager_zq, enterprise=enterprise, values=_values(title="Open"))
    assert _actual(dashboard_build(manager_zq, ZHAOQING), "tech_transformation") == 1


def test_only_enterprises_above_designated_size_count_for_digital(manager_zq):
    small, large = enterprise_make("小厂"), enterprise_make("大厂")
    Enterprise.objects.filter(pk=large.pk).update(above_designated_size=True)
    day = timezone.localdate().replace(month=1, day=2)
    for enterprise in (small, large):
        transformation_record(
            actor=manager_zq,
            enterprise=enterprise,
            values=_values(kind="digital", title="MES", completed_on=day),
        )
    board = dashboard_build(manager_zq, ZHAOQING)
    assert _actual(board, "digital_transformation") == 1


def test_a_proposal_counts_only_once_an_officer_confirms_it(client, manager_zq):
    enterprise = enterprise_make()
    user = UserFactory.create(username="erin", roles=[Role.ENTERPRISE_USER])
    EnterpriseMember.objects.create(user=user, enterprise=enterprise)
    client.force_login(user)
    day = timezone.localdate().replace(month=1, day=3)
    client.post(
        reverse("projects-transformation-mine"),
        {"kind": "tech", "title": "New furnaces", "completed_on": day.isoformat()},
    )
    proposed = TransformationProject.objects.get()
    assert proposed.status == "pending"
    assert _actual(dashboard_build(manager_zq, ZHAOQING), "tech_transformation") == 0
    transformation_decide(actor=manager_zq, project=proposed, confirm=True)
    assert _actual(dashboard_build(manager_zq, ZHAOQING), "tech_transformation") == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"investment_yuan": Decimal("-5")}, "investment_yuan"),
        ({"completed_on": timezone.localdate() + DAY}, "completed_on"),
        (
            {"started_on": datetime.date(2025, 5, 1), "completed_on": datetime.date(2025, 4, 1)},
            "completed_on",
        ),
        ({"title": ""}, "title"),
    ],
)
def test_bad_values_are_refused_naming_the_field(manager_zq, values, field):
    with pytest.raises(ValidationError) as refused:
        transformation_record(
            actor=manager_zq, enterprise=enterprise_make(), values=_values(**values)
        )
    assert field in refused.value.message_dict
    assert not TransformationProject.objects.exists()


def test_maturity_after_below_before_is_refused(manager_zq):
    low, high = MaturityLevel.objects.get(rank=1), MaturityLevel.objects.get(rank=3)
    with pytest.raises(ValidationError) as refused:
        transformation_record(
            actor=manager_zq,
            enterprise=enterprise_make(),
            values=_values(kind="digital", level_before=high, level_after=low),
        )
    assert "level_after" in refused.value.message_dict


def _csv(*lines: str) -> io.BytesIO:
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def test_import_with_a_duplicate_is_refused_whole(manager_zq):
    a = enterprise_make()
    header = "统一社会信用代码,类型,项目名称,投资,完成"
    stream = _csv(
        header,
        f"{a.uscc},技术改造,Boiler upgrade,1200000,2025-03-01",
        f"{a.uscc},digital,ERP,300000,2025-04-01",
        f"{a.uscc},tech,boiler upgrade,500000,2025-05-01",
    )
    with pytest.raises(TransformationImportRefused) as refused:
        transformation_import(actor=manager_zq, stream=stream, filename="t.csv")
    assert [(e.line, e.column) for e in refused.value.errors] == [(4, "title")]
    assert not TransformationProject.objects.exists()


def test_import_refuses_negative_amounts_and_enterprises_out_of_sight(manager_zq):
    sihui_officer = regions_give(
        UserFactory.create(username="wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )
    mine, elsewhere = enterprise_make(), enterprise_make("高要企业", region=GAOYAO)
    stream = _csv(
        "credit code,programme,project,investment",
        f"{mine.uscc},tech,Press line,-10",
        f"{elsewhere.uscc},tech,Press line,10",
    )
    with pytest.raises(TransformationImportRefused) as refused:
        transformation_import(actor=sihui_officer, stream=stream, filename="t.csv")
    assert {(e.line, e.column) for e in refused.value.errors} == {
        (2, "investment_yuan"),
        (3, "uscc"),
    }
    good = _csv("credit code,programme,project,investment", f"{mine.uscc},tech,Press line,10")
    assert transformation_import(actor=sihui_officer, stream=good, filename="t.csv").written == 1


def test_transformation_list_behind_a_number_keeps_to_the_readers_region(client, db):
    sihui_officer = regions_give(
        UserFactory.create(username="wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )
    day = timezone.localdate().replace(month=1, day=4)
    for enterprise in (enterprise_make(), enterprise_make("高要企业", region=GAOYAO)):
        transformation_record(actor=None, enterprise=enterprise, values=_values(completed_on=day))
    client.force_login(sihui_officer)
    page = client.get(
        reverse("projects-transformation-list"),
        {"region": ZHAOQING, "kind": "tech", "year": day.year, "counted": "1"},
    )
    assert [p.enterprise.region_id for p in page.context["page"].object_list] == [SIHUI]


def test_api_records_a_project_and_refuses_a_negative_investment(client, manager_zq):
    enterprise = enterprise_make()
    client.force_login(manager_zq)
    body = {"uscc": enterprise.uscc, "kind": "tech", "title": "Kiln", "investment_yuan": "-1"}
    refused = client.post("/api/projects/transformation", body, content_type="application/json")
    assert refused.status_code == 422
    body["investment_yuan"] = "800000"
    done = client.post("/api/projects/transformation", body, content_type="application/json")
    assert done.status_code == 201
    assert done.json()["status"] == "confirmed"
