"""A rule is refused with the JSON path of the offending node and a clear message."""

from __future__ import annotations

import datetime
import json

import pytest

from zhaoshang.rules import (
    DEFAULT_PARAMETERS,
    ParameterError,
    ParameterSet,
    RuleError,
    RuleErrors,
    TextSyntaxError,
    parse_rule,
)

SIZE = {"field": "revenue", "op": ">=", "value": {"parameter": "above_size_threshold"}}


def refusal(data) -> RuleError:
    with pytest.raises(RuleError) as caught:
        parse_rule(data)
    return caught.value


def test_a_wrong_value_deep_in_the_tree_is_located_by_its_path():
    data = {
        "all": [
            SIZE,
            {"field": "region_code", "op": "within", "value": "4412"},
            {"any": [{"field": "employees", "op": ">=", "value": "many"}]},
        ]
    }
    error = refusal(data)
    assert error.path == "$.all[2].any[0].value"
    assert error.message == "expected a number, got 'many'"
    assert str(error) == "$.all[2].any[0].value: expected a number, got 'many'"


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"field": "revenu", "op": ">=", "value": 1}, "$.field", "did you mean 'revenue'"),
        ({"field": "revenue", "op": "~", "value": 1}, "$.op", "unknown operator '~'"),
        ({"field": "revenue", "value": 1}, "$.op", "the operator (op) is missing"),
        ({"field": "revenue", "op": ">="}, "$", "the value to compare with is missing"),
        ({"all": {"field": "revenue"}}, "$.all", "expected a non-empty list of nodes"),
        ({"all": []}, "$.all", "expected a non-empty list"),
        ([SIZE], "$", "expected an object"),
        ({"all": [SIZE], "any": [SIZE]}, "$", "a node is one group"),
        ({"field": "ownership", "op": ">", "value": "state_owned"}, "$.op", "> does not apply"),
        ({"field": "ownership", "op": "=", "value": "private"}, "$.value", "not one of"),
        ({"field": "founded_on", "op": "<", "value": 2020}, "$.value", "a date YYYY-MM-DD"),
        ({"field": "revenue", "op": ">=", "value": True}, "$.value", "expected a number"),
        ({"field": "region_code", "op": "within", "value": "44A"}, "$.value", "region code"),
        (
            {"field": "industry_code", "op": "within", "value": ["C13..C43", "C44"]},
            "$.value[1]",
            "division 44 is in section D",
        ),
        (
            {"field": "revenue", "op": ">=", "value": {"parameter": "nope"}},
            "$.value.parameter",
            "unknown parameter 'nope'",
        ),
        (
            {"field": "founded_on", "op": ">=", "value": {"parameter": "above_size_threshold"}},
            "$.value.parameter",
            "is a number, not a date",
        ),
        ({"field": "uscc", "year": 2023, "op": "=", "value": "x"}, "$.year", "not a yearly"),
        ({"qualification": "gold"}, "$.qualification", "unknown qualification 'gold'"),
        ({"field": "revenue", "op": "between", "value": [5, 1]}, "$.value", "range is empty"),
        ({"field": "revenue", "op": "in", "value": []}, "$.value", "non-empty list"),
        ({"field": "revenue", "op": ">", "value": 1, "colour": 1}, "$.colour", "unknown key"),
        (
            {"field": "revenue", "op": ">", "value": 1, "label": {"en": "x", "zh-hans": "x"}},
            "$.label",
            "the zh-hant label is missing",
        ),
        ({"field": "above_designated_size", "op": ">", "value": True}, "$.op", "> does not"),
    ],
)
def test_refusals_name_the_node_and_the_reason(data, path, message):
    error = refusal(data)
    assert error.path == path
    assert message in error.message


def test_duplicate_ids_are_refused_with_both_places():
    error = refusal({"all": [{**SIZE, "id": "x"}, {**SIZE, "id": "x"}]})
    assert error.path == "$.all[1].id"
    assert "first at $.all[0]" in error.message


def test_every_problem_is_collected():
    with pytest.raises(RuleErrors) as caught:
        parse_rule({"all": [{"field": "nope", "op": "=", "value": 1}, {"field": "x", "op": "="}]})
    assert [e.path for e in caught.value.errors] == ["$.all[0].field", "$.all[1].field"]


def test_malformed_json_text_gets_line_and_column():
    with pytest.raises(TextSyntaxError) as caught:
        parse_rule('{"all": [\n  {"field": "revenue",, "op": ">"}\n]}')
    assert (caught.value.line, caught.value.column) == (2, 23)
    assert caught.value.path == "line 2, column 23"


def test_json_text_and_decoded_object_give_the_same_rule():
    text = json.dumps({"all": [SIZE, {"qualification": "high_tech"}]})
    assert parse_rule(text) == parse_rule(json.loads(text))


def test_ids_are_generated_where_absent_and_kept_where_given():
    rule = parse_rule({"all": [{**SIZE, "id": "c1"}, SIZE, {"not": SIZE}]})
    assert [n.id for n in rule.nodes] == ["g1", "c1", "c2", "g2", "c3"]
    assert rule.criteria[0].labels is not None
    assert rule.criteria[0].labels.en == "revenue >= above_size_threshold"


def test_a_rule_is_immutable_and_its_json_reads_back_the_same():
    rule = parse_rule({"any": [SIZE, {"field": "employees", "op": "in", "value": [1, 2]}]})
    with pytest.raises(AttributeError):
        rule.root = rule.root  # type: ignore[misc]
    assert parse_rule(rule.to_json()) == rule
    assert rule.columns == ("revenue", "employees")
    assert rule.parameters == ("above_size_threshold",)


def test_a_parameter_without_a_value_on_the_date_names_it_and_the_date():
    with pytest.raises(ParameterError) as caught:
        DEFAULT_PARAMETERS.value("above_size_threshold", datetime.date(2006, 12, 31))
    assert "above_size_threshold has no value on 2006-12-31" in str(caught.value)


def test_parameters_read_from_json_take_the_value_in_force():
    parameters = ParameterSet.from_json(
        {
            "subsidy_cap": {
                "type": "number",
                "values": [
                    {"from": "2020-01-01", "value": 100},
                    {"from": "2024-01-01", "value": 80},
                ],
            }
        }
    )
    assert parameters.value("subsidy_cap", datetime.date(2023, 12, 31)) == 100
    assert parameters.value("subsidy_cap", datetime.date(2024, 1, 1)) == 80
    with pytest.raises(ParameterError, match=r"\$.x.values\[0\]"):
        ParameterSet.from_json({"x": {"values": [{"from": "soon", "value": 1}]}})
