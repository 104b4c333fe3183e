"""Officers find enterprises, read them, export lists; enterprise users correct their
profile and officers confirm; the API checks like the import."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.support import signed_in
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.roles import Role
from zhaoshang.core.services import api_token_create
from zhaoshang.registry.models import Enterprise, ProfileCorrection
from zhaoshang.registry.services import enterprise_member_add, enterprise_save, enterprise_validate

pytestmark = pytest.mark.django_db


def make(uscc: str, name: str, **fields: str) -> Enterprise:
    raw = {"uscc": uscc, "name": name, "region_code": "441284", "industry_code": "3971", **fields}
    enterprise, _created = enterprise_save(actor=None, record=enterprise_validate(raw))
    return enterprise


@pytest.fixture
def three(codes):
    a, b, c = codes(3)
    return [
        make(
            a,
            "四会市华盛电子有限公司",
            name_en="Sihui Huasheng Electronics",
            year="2025",
            revenue="2500",
        ),
        make(
            b,
            "肇庆市立达贸易有限公司",
            region_code="441202",
            industry_code="5191",
            year="2025",
            revenue="800",
        ),
        make(
            c,
            "四会市鑫源家具厂",
            industry_code="2110",
            high_tech_cert_no="GR202344000001",
            high_tech_issued_on="2024-01-05",
            high_tech_expires_on="2027-01-04",
        ),
    ]


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def names(response) -> set[str]:
    return {e.name for e in response.context["page"].object_list}


def test_officers_search_by_chinese_name_pinyin_english_and_code(officer, three):
    client = signed_in(officer)
    assert names(client.get("/en/officer/enterprises/", {"q": "华盛"})) == {three[0].name}
    assert names(client.get("/en/officer/enterprises/", {"q": "huasheng"})) == {three[0].name}
    assert names(client.get("/en/officer/enterprises/", {"q": "Electronics"})) == {three[0].name}
    assert names(client.get("/en/officer/enterprises/", {"q": three[1].uscc[:17].lower()})) == {
        three[1].name
    }


def test_officers_filter_by_region_industry_size_qualification_and_revenue(officer, three):
    client = signed_in(officer)
    assert names(client.get("/en/officer/enterprises/", {"region": "441200"})) == {
        e.name for e in three
    }
    assert names(client.get("/en/officer/enterprises/", {"industry": "C"})) == {
        three[0].name,
        three[2].name,
    }
    assert names(client.get("/en/officer/enterprises/", {"size": "above"})) == {three[0].name}
    assert names(client.get("/en/officer/enterprises/", {"qualification": "high_tech"})) == {
        three[2].name
    }
    assert names(client.get("/en/officer/enterprises/", {"revenue_min": "1000"})) == {three[0].name}


def test_the_region_filter_takes_a_county_a_prefecture_or_the_province(officer, three):
    client = signed_in(officer)
    sihui = {three[0].name, three[2].name}
    assert names(client.get("/en/officer/enterprises/", {"region": "441284"})) == sihui
    assert names(client.get("/en/officer/enterprises/", {"region": "441202"})) == {three[1].name}
    assert names(client.get("/en/officer/enterprises/", {"region": "440000"})) == {
        e.name for e in three
    }
    page = client.get("/en/officer/enterprises/").content.decode()
    assert '<option value="441284">' in page  # Sihui itself is offered


def test_a_county_in_the_export_url_exports_that_county(officer, three):
    response = signed_in(officer).get("/en/officer/enterprises/export.csv", {"region": "441284"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert len(rows) == 2


def test_an_unknown_region_is_a_message_on_the_page_and_on_the_export(officer, three):
    client = signed_in(officer)
    listed = client.get("/en/officer/enterprises/", {"region": "449999"})
    assert listed.status_code == 400
    assert "There is no region with the code 449999." in listed.content.decode()
    assert names(listed) == set()
    exported = client.get("/en/officer/enterprises/export.xlsx", {"region": "449999"})
    assert exported.status_code == 400
    page = exported.content.decode()
    assert "Nothing was exported: correct the filter below first." in page
    assert "There is no region with the code 449999." in page


def test_the_detail_page_shows_figures_and_the_size_basis(officer, three):
    html = signed_in(officer).get(f"/en/officer/enterprises/{three[0].pk}/").content.decode()
    assert "Above designated size" in html
    assert "main-business revenue of 25 million yuan in" in html
    # A promotion officer may not read the audit history, so no link leads to a 403.
    assert f"/en/officer/history/registry/enterprise/{three[0].pk}/" not in html


def test_csv_export_carries_the_filtered_rows_and_reimports(officer, three, tmp_path):
    response = signed_in(officer).get("/en/officer/enterprises/export.csv", {"industry": "C"})
    body = streamed(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["uscc"] for r in rows} == {three[0].uscc, three[2].uscc}
    assert {r["revenue"] for r in rows} == {"2500", ""}


def test_xlsx_export_opens_in_a_spreadsheet(officer, three):
    response = signed_in(officer).get("/zh-hans/officer/enterprises/export.xlsx")
    sheet = load_workbook(io.BytesIO(streamed(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码"
    assert len(rows) == 4


def test_enterprise_users_see_only_their_page_and_propose_corrections(three):
    user = UserFactory.create(username="ent", roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=three[0])
    client = signed_in(user)
    assert client.get("/en/officer/enterprises/").status_code == 403
    page = client.get("/en/my-enterprise/")
    assert three[0].name in page.content.decode()
    form = {k: v or "" for k, v in page.context["form"].initial.items()}
    form["address"] = "广东省肇庆市四会市东城街道8号"
    response = client.post("/en/my-enterprise/", form)
    assert response.status_code == 302
    correction = ProfileCorrection.objects.get()
    assert correction.changes == {"address": "广东省肇庆市四会市东城街道8号"}
    three[0].refresh_from_db()
    assert three[0].address == ""  # not before an officer confirms


def test_a_bad_correction_is_refused_naming_the_field(three):
    user = UserFactory.create(username="ent", roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=three[0])
    client = signed_in(user)
    form = {k: v or "" for k, v in client.get("/en/my-enterprise/").context["form"].initial.items()}
    form["industry_code"] = "9899"
    response = client.post("/en/my-enterprise/", form)
    assert "industry_code" in response.context["form"].errors
    assert not ProfileCorrection.objects.exists()


def test_an_officer_confirms_a_correction_and_it_is_applied_and_audited(officer, three):
    user = UserFactory.create(username="ent", roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=three[0])
    from zhaoshang.registry.services import profile_correction_propose

    correction = profile_correction_propose(
        actor=user, enterprise=three[0], changes={"name_en": "Huasheng Electronics Co."}
    )
    signed_in(officer).post(
        f"/en/officer/corrections/{correction.pk}/decide/", {"decision": "confirm"}
    )
    three[0].refresh_from_db()
    assert three[0].name_en == "Huasheng Electronics Co."
    event = AuditEvent.objects.filter(
        content_type__model="enterprise", object_id=str(three[0].pk)
    ).latest("id")
    assert event.actor == officer
    assert event.changes["name_en"]["new"] == "Huasheng Electronics Co."


def test_api_lists_reads_creates_and_updates_with_import_checks(officer, three, codes):
    _t, raw = api_token_create(actor=officer, name="sync")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    listed = client.get("/api/registry/enterprises", {"industry": "C"}).json()
    assert listed["count"] == 2
    detail = client.get(f"/api/registry/enterprises/{three[0].uscc.lower()}").json()
    assert detail["figures"][0]["revenue"] == "2500.00"
    new = codes(4)[3]
    created = client.post(
        "/api/registry/enterprises",
        {"uscc": new, "name": "新企业", "region_code": "441284", "industry_code": "3971"},
        content_type="application/json",
    )
    assert created.status_code == 201
    refused = client.patch(
        f"/api/registry/enterprises/{new}",
        {"revenue": "-1", "year": "2025"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "revenue" in refused.json()["detail"]
    changed = client.patch(
        f"/api/registry/enterprises/{new}", {"name_en": "New Co."}, content_type="application/json"
    )
    assert changed.json()["name_en"] == "New Co."
    bad_code = client.post(
        "/api/registry/enterprises",
        {"uscc": new[:-1] + ("0" if new[-1] != "0" else "1"), "name": "x"},
        content_type="application/json",
    )
    assert bad_code.status_code == 422
    assert "uscc" in bad_code.json()["detail"]
