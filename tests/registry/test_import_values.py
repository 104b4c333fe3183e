"""Importing a list as a registry writes it: capital with units, dates in Chinese, placeholders,
industry names, business scope and main products, and rows whose region is not found."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tests.leads.factories import CurrencyRateFactory
from zhaoshang.core.models import SiteSettings
from zhaoshang.core.services import site_settings_update
from zhaoshang.registry import exporting, selectors
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.models import Enterprise

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "企业名称", "地址", "行业代码", "成立日期", "注册资本"]
HEADER += ["经营范围", "主营产品"]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def registry_file(tmp_path, codes):
    CurrencyRateFactory.create(currency="USD", yuan_per_unit=Decimal("7.10"))
    a, b, c, d = codes(4)
    rows = [
        [
            a,
            "四会示例电子有限公司",
            "广东省肇庆市四会市东城街道1号",
            "C39计算机、通信和其他电子设备制造业",
            "2019年3月5日",
            "1,000万美元",
            "电子元件制造；电子产品销售",
            "电容器、电感器",
        ],
        [
            b,
            "深圳示例软件有限公司",
            "深圳市龙华区民治街道深圳北站东广场",
            "软件和信息技术服务业",
            "2019.3.5",
            "500万元",
            "软件开发",
            "—",
        ],
        [c, "北京示例有限公司", "北京市朝阳区建国路1号", "制造业", "20190305", "-", "/", "无"],
        [d, "#N/A", "广东省肇庆市四会市东城街道2号", "", "2019年3月", "15万", "", ""],
    ]
    return write(tmp_path / "registry.csv", rows), (a, b, c, d)


def test_a_registry_list_imports_with_its_values_converted(registry_file):
    path, (a, b, c, _d) = registry_file
    report = enterprise_import(actor=None, path=path)
    assert (report.created, report.invalid_rows) == (3, 1)
    first = Enterprise.objects.get(uscc=a)
    assert first.registered_capital == Decimal("7100.00")
    assert first.registered_capital_text == "1,000万美元"
    assert first.industry_code == "39"
    assert first.division_id == "39"
    assert first.region_id == "441284"
    assert first.founded_on == datetime.date(2019, 3, 5)
    assert (first.business_scope, first.main_products) == (
        "电子元件制造；电子产品销售",
        "电容器、电感器",
    )
    second = Enterprise.objects.get(uscc=b)
    assert (second.region_id, second.division_id, second.main_products) == ("440309", "65", "")
    third = Enterprise.objects.get(uscc=c)
    assert (third.region_id, third.division_id, third.registered_capital) == (None, None, None)
    assert third.business_scope == ""
    # The officer sees why the third one needs completing, and how many do.
    assert (report.region_missing, report.industry_missing) == (1, 1)
    assert {(n.line, n.column) for n in report.notes} == {(4, "region_code"), (4, "industry_code")}
    assert {(e.line, e.column, e.reason) for e in report.errors} == {
        (5, "name", "is #N/A, a spreadsheet error, not a value"),
        (
            5,
            "founded_on",
            "gives the month 2019-03 but no day: a date needs the day too, such as 2019-03-05",
        ),
    }
    missing = selectors.enterprises(selectors.EnterpriseFilter(missing="region"))
    assert list(missing.values_list("uscc", flat=True)) == [c]


def test_rerunning_the_file_and_reimporting_its_export_change_nothing(registry_file, tmp_path):
    path, _ = registry_file
    enterprise_import(actor=None, path=path)
    again = enterprise_import(actor=None, path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    exported = io.BytesIO()
    exporting.write_csv(Enterprise.objects.all(), exported, "zh-hans")
    (tmp_path / "export.csv").write_bytes(exported.getvalue())
    back = enterprise_import(actor=None, path=tmp_path / "export.csv")
    assert (back.created, back.updated, back.unchanged, back.invalid_rows) == (0, 0, 3, 0)


def test_without_a_rate_the_capital_is_refused_naming_the_currency(tmp_path, codes):
    (a,) = codes(1)
    path = write(tmp_path / "e.csv", [[a, "示例", "", "", "", "100万日元", "", ""]])
    report = enterprise_import(actor=None, path=path)
    assert report.invalid_rows == 1
    assert not Enterprise.objects.exists()
    assert [e.reason for e in report.errors] == [
        "there is no exchange rate for JPY; an administrator records currency rates"
    ]


def test_rows_without_a_region_are_refused_when_the_administrator_chose_so(tmp_path, codes):
    site_settings_update(
        actor=None,
        center_name_en="Center",
        import_region_missing=SiteSettings.RegionMissing.REFUSE,
    )
    (a,) = codes(1)
    path = write(tmp_path / "e.csv", [[a, "示例", "北京市朝阳区建国路1号", "", "", "", "", ""]])
    report = enterprise_import(actor=None, path=path)
    assert (report.created, report.invalid_rows, report.region_missing) == (0, 1, 0)
    assert "refused, because the site settings require a region" in report.errors[0].reason


def test_business_scope_and_products_are_read_under_english_headers(tmp_path, codes):
    (a,) = codes(1)
    header = ["uscc", "name", "region_code", "business_scope", "main_products"]
    path = write(tmp_path / "e.csv", [[a, "示例", "441284", "五金制造", "螺丝"]], header)
    enterprise_import(actor=None, path=path)
    assert Enterprise.objects.values_list("business_scope", "main_products").get() == (
        "五金制造",
        "螺丝",
    )


def test_the_enterprise_page_the_api_and_the_list_show_the_new_fields(registry_file, client):
    from tests.factories import UserFactory
    from zhaoshang.core.roles import Role

    path, (a, _, _c, _) = registry_file
    enterprise_import(actor=None, path=path)
    client.force_login(UserFactory.create(roles=[Role.PROMOTION_OFFICER]))
    first = Enterprise.objects.get(uscc=a)
    page = client.get(reverse("registry-enterprise", args=[first.pk])).content.decode()
    assert "电子元件制造；电子产品销售" in page
    assert "电容器、电感器" in page
    assert "1,000万美元" in page
    listed = client.get(reverse("registry-enterprises"), {"missing": "industry"}).content.decode()
    assert "北京示例有限公司" in listed
    assert "四会示例电子有限公司" not in listed
    api = client.get(f"/api/registry/enterprises/{a}").json()
    assert (api["business_scope"], api["main_products"], api["registered_capital_text"]) == (
        "电子元件制造；电子产品销售",
        "电容器、电感器",
        "1,000万美元",
    )


def test_a_row_refused_for_its_repeated_code_is_not_counted_as_missing_a_region(tmp_path, codes):
    a, b = codes(2)
    rows = [
        [a, "甲", "北京市朝阳区建国路1号", "", "", "", "", ""],
        [a, "乙", "北京市朝阳区建国路2号", "", "", "", "", ""],
        [b, "丙", "北京市朝阳区建国路3号", "", "", "", "", ""],
    ]
    report = enterprise_import(actor=None, path=write(tmp_path / "e.csv", rows))
    assert (report.created, report.invalid_rows, report.region_missing) == (1, 2, 1)
    assert [n.line for n in report.notes] == [4]


def test_the_import_page_lists_rows_to_complete(officer):
    from django.urls import reverse

    from tests.support import signed_in
    from zhaoshang.core.tasks import task_submit

    task = task_submit("registry.import_enterprises", actor=officer, file_id=0)
    task.status = task.Status.DONE
    task.result = {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "invalid_rows": 0,
        "figures_written": 0,
        "region_missing": 1,
        "industry_missing": 1,
        "notes": [
            {"line": 2, "column": "region_code", "value": "", "reason": "no region found"},
            {"line": 3, "column": "industry_code", "value": "制造业", "reason": "a section"},
        ],
    }
    task.save()
    html = signed_in(officer).get(reverse("registry-import-task", args=[task.pk])).content.decode()
    assert "?missing=region" in html
    assert "?missing=industry" in html
    assert "no region found" in html
