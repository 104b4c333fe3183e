"""The text form: parsed into the same tree as JSON, printed back, errors with a caret."""

from __future__ import annotations

import pytest

from zhaoshang.rules import TextSyntaxError, format_text, parse_rule, parse_text

EXAMPLE = (
    "revenue >= above_size_threshold and industry_code within C13..C43 "
    "and (high_tech valid or rd_expenditure / revenue >= 3%)"
)


def test_the_issue_example_reads_as_the_json_tree():
    rule = parse_text(EXAMPLE)
    assert rule.structure() == {
        "all": [
            {"field": "revenue", "op": ">=", "value": {"parameter": "above_size_threshold"}},
            {"field": "industry_code", "op": "within", "value": "C13..C43"},
            {
                "any": [
                    {"qualification": "high_tech", "op": "valid"},
                    {
                        "ratio": {"numerator": "rd_expenditure", "denominator": "revenue"},
                        "op": ">=",
                        "value": 0.03,
                    },
                ]
            },
        ]
    }
    assert format_text(rule) == EXAMPLE


@pytest.mark.parametrize(
    "text",
    [
        "not (revenue > 1 or employees < 2)",
        "revenue[2023] / revenue[2022] between 90% and 110%",
        "ownership not in ['state_owned', 'hmt_invested'] or foreign_country = 'US'",
        "founded_on between 2000-01-01 and as_of - 1 year - 6 months",
        "region_code within [4412, 4401] and industry_code within [C13..C43, D, 0111]",
        "(revenue > 1 and employees > 2) and not not above_designated_size = false",
        "all (revenue > 1) or any (employees >= 20 and employees <= 50)",
        "little_giant valid on 2024-01-01 and listed valid on as_of + 30 days",
        "foreign_country = 'it\\'s'",
    ],
)
def test_printing_and_parsing_round_trip(text):
    rule = parse_text(text)
    again = parse_text(format_text(rule))
    assert again.structure() == rule.structure()
    assert parse_rule(rule.to_json()).structure() == rule.structure()


def test_a_syntax_error_points_at_line_and_column_with_a_caret():
    text = "revenue >= above_size_threshold\nand (high_tech valid or rd_expenditure / >= 3%)"
    with pytest.raises(TextSyntaxError) as caught:
        parse_text(text)
    error = caught.value
    assert (error.line, error.column) == (2, 42)
    assert error.message == "expected a field name, found '>='"
    assert str(error).endswith(
        "    and (high_tech valid or rd_expenditure / >= 3%)\n" + " " * 45 + "^"
    )


def test_a_type_error_in_the_text_points_at_the_value():
    with pytest.raises(TextSyntaxError) as caught:
        parse_text("revenue >= 1 and\n  founded_on < 12")
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert "a date YYYY-MM-DD" in caught.value.message


def test_an_unclosed_group_is_reported_at_the_end():
    with pytest.raises(TextSyntaxError, match="expected '\\)' closing the group, found the end"):
        parse_text("(revenue > 1")
