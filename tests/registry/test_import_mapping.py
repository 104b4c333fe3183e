"""Importing the lists centers receive: the header row found, columns mapped by alias, name
or values, unused and personal columns ignored and listed, exact duplicate rows merged,
mappings saved and offered again, and the same mapping taken by the page, the command line
and the API. The files are made by ``real_lists``."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tests.registry.real_lists import (
    CITY_HEADER,
    CITY_PERSONAL,
    city_list,
    qualification_list,
    supplier_list,
)
from tests.support import import_mapped, signed_in
from zhaoshang.core.models import AuditEvent, Task
from zhaoshang.core.services import api_token_create
from zhaoshang.core.tasks import task_run_next
from zhaoshang.registry.domain.schema import COLUMN_KEYS
from zhaoshang.registry.imports.mapping import (
    MAX_COLUMN,
    MappingError,
    get_column_letter,
    mapping_from_choices,
    mapping_from_json,
    suggest_for_file,
)
from zhaoshang.registry.imports.models import ImportMapping
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.models import Enterprise

pytestmark = pytest.mark.django_db
IMPORT = "registry.import_enterprises"


def suggestion_of(path, header_row=None):
    with path.open("rb") as stream:
        return suggest_for_file(stream, path.name, header_row=header_row)


def stored_text() -> str:
    """Every value the registry holds for its enterprises, as one text."""
    return " ".join(str(v) for row in Enterprise.objects.values_list() for v in row)


# --- (a) a city's new registrations ---------------------------------------------------------


def test_a_city_list_of_19_columns_imports_ignoring_unused_and_personal_columns(tmp_path):
    city = city_list(tmp_path)
    report = enterprise_import(actor=None, path=city.path)
    assert (report.created, report.invalid_rows, report.merged) == (30, 0, 0), report.errors
    personal = {name.split(" (")[0] for name in report.personal_columns}
    assert personal == CITY_PERSONAL
    ignored = {name.split(" (")[0] for name in report.ignored_columns}
    unused = {"序号", "企业类型", "经营状态", "登记机关", "所属地区", "网址", "核准日期"}
    assert unused | {"参保人数", "营业期限至"} <= ignored
    assert "经营范围" in ignored or "business_scope" in COLUMN_KEYS
    assert not ignored & {"企业名称", "统一社会信用代码", "注册地址", "成立日期"}
    assert len(ignored) + len(personal) + 7 >= len(CITY_HEADER) - 1
    first = Enterprise.objects.get(uscc=city.codes[0])
    assert first.region_id == "441284"  # read from the address
    assert str(first.founded_on) == "2025-01-01"
    text = stored_text()
    assert not any(phone in text for phone in city.phones)
    assert not any(person in text for person in city.representatives)
    assert "@example.cn" not in text


def test_rerunning_a_mapped_file_changes_nothing(tmp_path):
    city = city_list(tmp_path)
    enterprise_import(actor=None, path=city.path)
    events = AuditEvent.objects.count()
    again = enterprise_import(actor=None, path=city.path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert AuditEvent.objects.count() == events


# --- (b) a qualification list without a header row ------------------------------------------


def test_a_list_without_a_header_row_is_mapped_by_its_values(tmp_path):
    lst = qualification_list(tmp_path)
    suggestion = suggestion_of(lst.path)
    assert suggestion.header_row == 0
    assert [c.key for c in suggestion.columns] == ["uscc", "name", "", "", "address"]
    assert suggestion.columns[3].how == "unused"  # grades (一级) are not people's names


def test_exact_duplicate_rows_are_one_enterprise_and_different_ones_are_refused(tmp_path):
    lst = qualification_list(tmp_path)
    report = enterprise_import(actor=None, path=lst.path)
    assert report.created == lst.companies
    assert report.merged == lst.rows - 2 - lst.companies  # most rows repeat a company
    assert report.merged > lst.companies
    first, second = lst.conflicting_lines
    assert report.invalid_rows == 2
    assert [(e.line, e.reason) for e in report.errors] == [
        (first, f"the same credit code is also on line {second}"),
        (second, f"the same credit code is also on line {first}"),
    ]
    again = enterprise_import(actor=None, path=lst.path)
    assert (again.created, again.updated, again.merged) == (0, 0, report.merged)


# --- (c) a supplier list: title rows, a column named twice, formulas -----------------------


def test_title_rows_are_skipped_and_a_column_named_twice_is_shown_twice(tmp_path):
    path, codes, _full = supplier_list(tmp_path)
    suggestion = suggestion_of(path)
    assert suggestion.header_row == 3
    twice = [c for c in suggestion.columns if c.header == "供应商名称"]
    assert [(c.letter, c.key, c.how) for c in twice] == [
        ("B", "name", "header"),
        ("H", "", "duplicate"),
    ]
    report = enterprise_import(actor=None, path=path)
    assert report.created == len(codes)
    assert Enterprise.objects.get(uscc=codes[0]).name == "电子0"


def test_the_column_picked_of_two_is_used_with_its_formulas_cached_values(tmp_path):
    path, codes, full = supplier_list(tmp_path)
    suggestion = suggestion_of(path)
    mapping = mapping_from_choices(suggestion, {1: "", 7: "name"})
    report = enterprise_import(actor=None, path=path, mapping=mapping)
    assert report.created == len(codes)
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(full)


def test_a_field_mapped_twice_or_a_required_one_missing_is_refused_naming_it(tmp_path):
    path, _codes, _full = supplier_list(tmp_path)
    suggestion = suggestion_of(path)
    with pytest.raises(MappingError) as twice:
        mapping_from_choices(suggestion, {7: "name"})
    assert str(twice.value) == "columns: the field name is given to columns B, H: choose one"
    with pytest.raises(MappingError) as missing:
        mapping_from_json({"columns": {"B": "name"}}, suggestion)
    assert "required field 统一社会信用代码 (uscc)" in str(missing.value)
    with pytest.raises(MappingError) as unknown:
        mapping_from_json({"columns": {"C": "uscc", "B": "turnover"}}, suggestion)
    assert str(unknown.value) == "columns.B: turnover is not a field of the registry"
    with pytest.raises(MappingError) as ambiguous:
        mapping_from_json({"columns": {"供应商名称": "name", "C": "uscc"}}, suggestion)
    assert str(ambiguous.value) == (
        "columns.供应商名称: the header is given twice (columns B, H): "
        "name the column by its letter"
    )
    assert not Enterprise.objects.exists()


# --- the page: preview, mapping, saved mappings ---------------------------------------------


def upload(client: Client, path) -> str:
    response = client.post(
        "/en/officer/enterprises/import/",
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert response.status_code == 302
    return response["Location"]


def test_a_mapping_saved_on_the_page_is_offered_for_the_next_file_with_those_columns(
    officer, tmp_path
):
    client = signed_in(officer)
    page = upload(client, city_list(tmp_path).path)
    preview = client.get(page)
    assert preview.context["saved"] is None
    html = preview.content.decode()
    assert "法定代表人" in html
    assert "personal data: not stored" in html
    done = import_mapped(client, page, save_as="Sihui market regulator, weekly")
    assert done.status_code == 302
    saved = ImportMapping.objects.get()
    assert saved.header_row == 1
    assert saved.fields[1:3] == ["name", "uscc"]
    assert AuditEvent.objects.filter(object_repr="Sihui market regulator, weekly").exists()
    task_run_next()
    assert Task.objects.filter(name=IMPORT).latest("pk").result["created"] == 30

    following = upload(client, city_list(tmp_path, start=100).path)
    offered = client.get(following)
    assert offered.context["saved"] == saved
    assert "Sihui market regulator, weekly" in offered.content.decode()
    assert import_mapped(client, following).status_code == 302
    while task_run_next() is not None:  # the import, and what enterprises_changed queued
        pass
    result = Task.objects.filter(name=IMPORT).latest("pk").result
    assert (result["created"], result["mapping_name"]) == (30, "Sihui market regulator, weekly")


def test_the_officer_picks_another_header_row_and_a_bad_mapping_is_a_message(officer, tmp_path):
    client = signed_in(officer)
    path, _codes, full = supplier_list(tmp_path)
    page = upload(client, path)
    assert client.get(page).context["suggestion"].header_row == 3
    as_data = client.get(page, {"header_row": "0"})
    assert as_data.context["suggestion"].header_row == 0
    refused = import_mapped(client, page, {7: "name"})
    assert refused.status_code == 400
    assert "the field name is given to columns B, H" in refused.content.decode()
    assert not Task.objects.exists()
    taken = import_mapped(client, page, {1: "", 7: "name"})
    assert taken.status_code == 302
    task_run_next()
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(full)
    html = client.get(taken["Location"]).content.decode()
    assert '<dd id="created">8</dd>' in html
    assert "联系电话 (F)" in html  # personal columns are listed as not stored


def test_another_users_uploaded_file_cannot_be_mapped(officer, administrator, tmp_path):
    page = upload(signed_in(officer), city_list(tmp_path).path)
    assert signed_in(administrator).get(page).status_code == 403


# --- the command line and the API -------------------------------------------------------------


def test_the_command_line_takes_a_saved_mapping_a_json_file_and_a_header_row(tmp_path, capsys):
    path, codes, full = supplier_list(tmp_path)
    suggestion = suggestion_of(path)
    mapping = mapping_from_choices(suggestion, {1: "", 7: "name"})
    ImportMapping.objects.create(
        name="suppliers", signature=suggestion.signature, header_row=3, fields=list(mapping.fields)
    )
    call_command("import_enterprises", str(path), "--mapping", "suppliers")
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(full)

    Enterprise.objects.all().delete()
    spec = tmp_path / "suppliers.json"
    spec.write_text(json.dumps({"header_row": 3, "columns": {"C": "uscc", "B": "name"}}))
    call_command("import_enterprises", str(path), "--mapping", str(spec))
    assert Enterprise.objects.get(uscc=codes[0]).name == "电子0"

    lst = qualification_list(tmp_path)
    call_command("import_enterprises", str(lst.path), "--no-header")
    out = capsys.readouterr().out
    assert "header row: none" in out
    assert "exact duplicate rows merged:" in out


def test_the_command_line_names_the_part_of_a_bad_mapping(tmp_path):
    path, _codes, _full = supplier_list(tmp_path)
    spec = tmp_path / "bad.json"
    spec.write_text(json.dumps({"header_row": 3, "columns": {"C": "uscc", "Z": "name"}}))
    with pytest.raises(CommandError, match=r"--mapping: columns.Z: there is no such column"):
        call_command("import_enterprises", str(path), "--mapping", str(spec))
    with pytest.raises(CommandError, match="no saved mapping is named 'nothing'"):
        call_command("import_enterprises", str(path), "--mapping", "nothing")
    with pytest.raises(CommandError, match="--header-row: header_row: must be the line"):
        call_command("import_enterprises", str(path), "--header-row", "39")
    assert not Enterprise.objects.exists()


def test_the_api_takes_a_file_and_a_mapping_and_names_the_field_of_bad_input(officer, tmp_path):
    _t, raw = api_token_create(actor=officer, name="sync")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    path, codes, full = supplier_list(tmp_path)
    mapping = {"header_row": 3, "columns": {"C": "uscc", "H": "name", "G": "address"}}
    bad = client.post(
        "/api/registry/imports",
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), "mapping": '{"columns": 3}'},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("mapping.mapping: must be an object")
    wrong = client.post(
        "/api/registry/imports",
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "mapping": json.dumps({"header_row": 3, "columns": {"C": "uscc", "H": "nom"}}),
        },
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "mapping.columns.H: nom is not a field of the registry"
    row = client.post(
        "/api/registry/imports",
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), "header_row": "99"},
    )
    assert row.status_code == 422
    assert "header_row" in str(row.json()["detail"])
    assert not Task.objects.exists()
    taken = client.post(
        "/api/registry/imports",
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "mapping": json.dumps(mapping),
        },
    )
    assert taken.status_code == 202, taken.content
    body = taken.json()
    assert body["columns"] == {"C": "uscc", "G": "address", "H": "name"}
    assert "联系电话 (F)" in body["personal_columns"]
    task_run_next()
    status = client.get(f"/api/registry/imports/{body['task_id']}").json()
    assert (status["status"], status["result"]["created"]) == ("done", len(codes))
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(full)


def test_column_letters_are_the_spreadsheets_own_from_a_to_zzz():
    """The letters an officer sees in messages are the ones the file's spreadsheet shows."""
    from openpyxl.utils import get_column_letter as openpyxl_letter

    assert [get_column_letter(i) for i in range(1, MAX_COLUMN + 1)] == [
        openpyxl_letter(i) for i in range(1, MAX_COLUMN + 1)
    ]
    assert (get_column_letter(16_384), get_column_letter(MAX_COLUMN)) == ("XFD", "ZZZ")
    for outside in (0, MAX_COLUMN + 1):
        with pytest.raises(ValueError, match="no column"):
            get_column_letter(outside)
