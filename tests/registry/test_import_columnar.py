"""A CSV read in columns gives the import the row path gives: the same rows refused for the
same reasons, the same notes, the same enterprises and figures."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from zhaoshang.core.models import SiteSettings
from zhaoshang.core.services import site_settings_update
from zhaoshang.registry.imports import columnar, pipeline
from zhaoshang.registry.imports.mapping import suggest_for_file
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.models import Enterprise, YearlyFigures

pytestmark = pytest.mark.django_db

HEADER = [
    "uscc",
    "name",
    "region_code",
    "address",
    "industry_code",
    "founded_on",
    "registered_capital",
    "ownership",
    "foreign_country",
    "high_tech_issued_on",
    "high_tech_expires_on",
    "business_scope",
    "year",
    "revenue",
    "employees",
]


def rows_of_every_kind(codes: list[str]) -> list[list[str]]:
    """Rows the columns certify, and rows that only the row validator can judge."""
    c = iter(codes)
    plain = ["441284", "", "3971", "2019-03-05", "500.00", "domestic_private", "", "", "", "制造"]
    repeated, twice = next(c), next(c)
    bad = next(c)
    return [
        [next(c), "四会市华盛电子有限公司", *plain, "2025", "2500", "180"],
        [next(c), " 空格公司\u3000", *plain, "", "", ""],
        [next(c).lower(), "小写代码公司", *plain, "", "", ""],
        [bad[:-1] + ("0" if bad[-1] != "0" else "1"), "校验位错", *plain, "", "", ""],
        [
            next(c),
            "中文日期公司",
            "441284",
            "",
            "3971",
            "2019年3月5日",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            next(c),
            "外币公司",
            "441284",
            "",
            "3971",
            "",
            "100万美元",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [next(c), "占位公司", "441284", "", "3971", "-", "", "", "", "", "", "", "", "", ""],
        [
            next(c),
            "外资无国别",
            "441284",
            "",
            "3971",
            "",
            "",
            "外商投资",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [next(c), "外资有国别", "441284", "", "3971", "", "", "外资", "DE", "", "", "", "", "", ""],
        [
            next(c),
            "证书日期倒置",
            "441284",
            "",
            "3971",
            "",
            "",
            "",
            "",
            "2024-05-01",
            "2024-01-01",
            "",
            "",
            "",
            "",
        ],
        [next(c), "无年份数字", "441284", "", "3971", "", "", "", "", "", "", "", "", "12", ""],
        [next(c), "地址找地区", "", "广东省肇庆市四会市东城街道1号", "3971"] + [""] * 10,
        [next(c), "无地区", "", "", "3971"] + [""] * 10,
        [next(c), "行业只有门类", "441284", "", "C"] + [""] * 10,
        [next(c), "未来日期", "441284", "", "3971", "2999-01-01"] + [""] * 9,
        [next(c), "二月三十日", "441284", "", "3971", "2023-02-30"] + [""] * 9,
        [next(c), "前导零资本", "441284", "", "3971", "", "007.5"] + [""] * 8,
        [next(c), "控制\x07字符", "441284", "", "3971"] + [""] * 10,
        [next(c), "'=公式公司", "441284", "", "3971"] + [""] * 10,
        [next(c), "早年份", "441284", "", "3971"] + [""] * 7 + ["1900", "1", ""],
        ["", "无代码", "441284", "", "3971"] + [""] * 10,
        [repeated, "同一家", *plain, "2025", "10", "3"],
        [repeated, "同一家", *plain, "2025", "10", "3"],
        [twice, "甲", *plain, "", "", ""],
        [twice, "乙", *plain, "", "", ""],
        [""] * 15,
        [next(c), "负收入", "441284", "", "3971"] + [""] * 7 + ["2025", "-5", ""],
    ]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def outcome(report: Any) -> dict[str, Any]:
    return {
        "report": report.as_dict(),
        "errors": [(e.line, e.column, e.value, e.reason) for e in report.errors],
        "notes": [(e.line, e.column, e.value, e.reason) for e in report.notes],
        "enterprises": sorted(
            Enterprise.objects.values_list(
                "uscc",
                "name",
                "region_id",
                "division_id",
                "founded_on",
                "registered_capital",
                "registered_capital_text",
                "ownership",
                "foreign_country",
                "name_pinyin",
                "latest_year",
                "latest_revenue",
                "above_designated_size",
            )
        ),
        "figures": sorted(
            YearlyFigures.objects.values_list("enterprise__uscc", "year", "revenue", "employees")
        ),
    }


@pytest.mark.parametrize("missing", list(SiteSettings.RegionMissing))
def test_reading_in_columns_changes_nothing_in_the_outcome(tmp_path, codes, monkeypatch, missing):
    # Whether a row without a region is taken (noted) or refused is the site's choice.
    site_settings_update(actor=None, center_name_en="Center", import_region_missing=missing)
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    with path.open("rb") as stream:
        mapping = suggest_for_file(stream, "e.csv").mapping()
    assert columnar.plan_for(path, "e.csv", mapping) is not None
    finished = []
    read_in_columns = pipeline._columnar_import

    def spy(*args: Any, **kwargs: Any) -> Any:
        finished.append(read_in_columns(*args, **kwargs))
        return finished[-1]

    monkeypatch.setattr(pipeline, "_columnar_import", spy)
    in_columns = outcome(enterprise_import(actor=None, path=path))
    assert finished  # read in columns to the end, not handed back to the row path
    Enterprise.objects.all().delete()
    monkeypatch.setattr(columnar, "plan_for", lambda *args, **kwargs: None)  # the row path alone
    by_rows = outcome(enterprise_import(actor=None, path=path))
    assert in_columns == by_rows
    assert in_columns["report"]["created"] >= 5  # certified rows went in
    assert in_columns["report"]["merged"] == 1
    assert in_columns["report"]["invalid_rows"] >= 10


def test_rows_without_a_region_code_are_read_in_columns(tmp_path, codes):
    """Their region is looked up in their addresses, for the block at once, or left empty
    with the row validator's note: none of them waits for the row validator."""
    placed, unplaced = codes(2)
    rows = [
        [placed, "地址找地区", "", "广东省肇庆市四会市东城街道1号", "3971"] + [""] * 10,
        [unplaced, "外地地址", "", "北京市朝阳区建国路1号", "3971"] + [""] * 10,
    ]
    path = write(tmp_path / "e.csv", rows)
    with path.open("rb") as stream:
        mapping = suggest_for_file(stream, "e.csv").mapping()
    plan = columnar.plan_for(path, "e.csv", mapping)
    assert plan is not None
    (batch,) = columnar.batches(plan, mapping, pipeline.read_settings())
    assert batch.others is None
    assert batch.table.column("region_id").to_pylist() == ["441284", None]
    assert [note[:4] for note in batch.notes] == [(3, unplaced, "region_code", "")]


def test_re_importing_a_file_read_in_columns_changes_nothing(tmp_path, codes):
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    enterprise_import(actor=None, path=path)
    stored = sorted(Enterprise.objects.values_list("uscc", "name", "updated_at"))
    again = enterprise_import(actor=None, path=path)
    assert (again.created, again.updated) == (0, 0)
    assert sorted(Enterprise.objects.values_list("uscc", "name", "updated_at")) == stored


@pytest.mark.parametrize("child", [False, True], ids=["counted first", "counted as read"])
def test_a_file_with_a_blank_line_keeps_its_line_numbers(tmp_path, codes, child):
    """A file read by a child process has its lines counted as it is read: the blank line,
    found at the end, sends the file to the row path all the same."""
    good, bad = codes(2)
    path = tmp_path / "e.csv"
    path.write_text(
        "uscc,name,region_code\n"
        f"{good},好公司,441284\n"
        "\n"
        f"{bad[:-1]}{'0' if bad[-1] != '0' else '1'},坏公司,441284\n",
        encoding="utf-8",
    )
    report = enterprise_import(actor=None, path=path, child=child)
    assert [(e.line, e.column) for e in report.errors] == [(4, "uscc")]
    assert report.created == 1


def test_the_whitespace_stripped_is_python_s() -> None:
    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == columnar.WHITESPACE
