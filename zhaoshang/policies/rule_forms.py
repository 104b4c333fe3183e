"""The eligibility rule as the editor handles it: the two forms an officer edits (the JSON
tree the builder writes, the text form typed by hand), which of them counts, problems located
for people, and the catalogue of fields, qualifications and parameters the builder offers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.policies.describe import language, literal_text, unit_text
from zhaoshang.rules import (
    DEFAULT_PARAMETERS,
    ENTERPRISE_FIELDS,
    Labels,
    Rule,
    RuleError,
    RuleErrors,
    TextSyntaxError,
    format_text,
    parse_rule,
    parse_text,
)
from zhaoshang.rules.literals import ALLOWED_OPS  # the engine's own table of operators
from zhaoshang.rules.textprint import format_node
from zhaoshang.rules.tree import Criterion

# Which form the officer changed last (set by the editor's script); without the script
# only the text form can change, so it counts.
ORIGIN_BUILDER = "builder"
ORIGIN_TEXT = "text"


@dataclass(frozen=True)
class RuleProblem:
    """Why a rule is refused, for the page: a located message, the line with a caret under
    the column (text form), and the JSON path of the node (builder)."""

    message: str
    excerpt: str = ""
    path: str = ""
    line: int | None = None
    column: int | None = None


def rule_problem(error: RuleError) -> RuleProblem:
    if isinstance(error, TextSyntaxError):
        where = _("Line %(line)s, column %(column)s") % {
            "line": error.line,
            "column": error.column,
        }
        return RuleProblem(
            f"{where}: {error.message}", error.excerpt, line=error.line, column=error.column
        )
    errors = error.errors if isinstance(error, RuleErrors) else (error,)
    message = "; ".join(f"{e.path}: {e.message}" for e in errors)
    return RuleProblem(message, path=error.path)


def rule_normalized(rule: Rule) -> dict[str, Any]:
    """The rule's JSON with ids, without the labels that only repeat the text form (so a
    later change to a criterion cannot leave a stale label behind)."""
    defaults = {
        node.id
        for node in rule.criteria
        if node.labels is not None and node.labels == Labels.same(format_node(node))
    }

    def strip(data: Any) -> Any:
        if isinstance(data, dict):
            out = {key: strip(value) for key, value in data.items()}
            if out.get("id") in defaults:
                out.pop("label", None)
            return out
        if isinstance(data, list):
            return [strip(value) for value in data]
        return data

    result = strip(rule.to_json())
    assert isinstance(result, dict)
    return result


def rule_text(data: Any) -> str:
    """The text form of a stored rule ("" for none or one that no longer checks)."""
    if not data:
        return ""
    try:
        return format_text(parse_rule(data))
    except RuleError:
        return ""


def rule_for_builder(data: Any) -> Any:
    """A stored rule as the builder shows it: without the labels that repeat the text (a
    rule that no longer checks is shown as it is, for the officer to mend)."""
    try:
        return rule_normalized(parse_rule(data))
    except RuleError:
        return data


def decode_rule_json(raw: str) -> Any:
    """The builder's JSON; RuleError when it is not JSON."""
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise TextSyntaxError(error.lineno, error.colno, f"malformed JSON: {error.msg}") from None


def rule_from_text(text: str) -> dict[str, Any]:
    """The JSON of a rule in the text form ({} when empty); TextSyntaxError if it is wrong."""
    if not text.strip():
        return {}
    return rule_normalized(parse_text(text))


def rule_from_json(data: Any) -> dict[str, Any]:
    if not data:
        return {}
    return rule_normalized(parse_rule(data))


def rule_resolve(*, json_text: str, text: str, origin: str) -> dict[str, Any]:
    """The rule an editor's submission means: the builder's JSON when the builder was
    changed last, else the text form. Raises RuleError (TextSyntaxError for the text)."""
    if origin == ORIGIN_BUILDER:
        return rule_from_json(decode_rule_json(json_text))
    return rule_from_text(text)


# --- what the builder offers -------------------------------------------------------------


def operator_labels() -> dict[str, str]:
    return {
        "=": _("is (=)"),
        "!=": _("is not (≠)"),
        "<": _("less than (<)"),
        "<=": _("at most (≤)"),
        ">": _("more than (>)"),
        ">=": _("at least (≥)"),
        "in": _("one of"),
        "not_in": _("none of"),
        "between": _("between"),
        "within": _("within"),
        "valid": _("valid"),
    }


def builder_catalogue() -> dict[str, Any]:
    """Fields (type, label, unit, choices, operators), qualifications and parameters, with the
    builder's words, in the active language; rendered into the editor page as JSON."""
    today = timezone.localdate()
    lang = language()
    fields = []
    for found in ENTERPRISE_FIELDS:
        fields.append(
            {
                "name": found.name,
                "type": str(found.type),
                "label": found.labels.get(lang),
                "unit": unit_text(found.unit),
                "yearly": found.yearly,
                "nullable": found.nullable,
                "ops": list(ALLOWED_OPS[found.type]),
                "choices": [
                    {"value": choice, "label": literal_text(choice, found, _NO_NAMES)}
                    for choice in found.choices
                ],
            }
        )
    parameters = []
    for parameter in DEFAULT_PARAMETERS:
        try:
            current = literal_text(parameter.value_on(today), None, _NO_NAMES)
        except RuleError:
            current = ""
        parameters.append(
            {
                "name": parameter.name,
                "type": str(parameter.type),
                "label": parameter.labels.get(lang),
                "unit": unit_text(parameter.unit),
                "current": current,
            }
        )
    return {
        "fields": fields,
        "qualifications": [
            {"name": q.name, "label": q.labels.get(lang)} for q in ENTERPRISE_FIELDS.qualifications
        ],
        "parameters": parameters,
        "operators": operator_labels(),
        "numericOps": list(ALLOWED_OPS[ENTERPRISE_FIELDS["revenue"].type]),
        "texts": _builder_texts(),
    }


class _NoNames:
    def region(self, code: str) -> str:
        return code

    def industry_class(self, code: str) -> str:
        return code


_NO_NAMES: Any = _NoNames()


def _builder_texts() -> dict[str, str]:
    return {
        "all": _("all of these"),
        "any": _("at least one of these"),
        "not": _("not this"),
        "groupKind": _("Group"),
        "subject": _("Field"),
        "operator": _("Operator"),
        "value": _("Value"),
        "low": _("From"),
        "high": _("To"),
        "year": _("Year"),
        "latestYear": _("latest year"),
        "ratio": _("Ratio of two figures"),
        "numerator": _("Figure"),
        "denominator": _("as a share of"),
        "fieldsGroup": _("Fields"),
        "qualificationsGroup": _("Qualifications"),
        "qualification": _("Qualification"),
        "kindNumber": _("a number"),
        "kindParameter": _("a named parameter"),
        "kindDate": _("a date"),
        "kindRelative": _("relative to the day of assessment"),
        "valueKind": _("Compare with"),
        "percent": _("percent"),
        "yes": _("yes"),
        "no": _("no"),
        "validOn": _("Valid on (empty: the day of assessment)"),
        "before": _("before"),
        "after": _("after"),
        "years": _("years"),
        "months": _("months"),
        "days": _("days"),
        "listHelp": _("Separate values with commas."),
        "regionHelp": _("Region codes: 44 (Guangdong), 4412 (Zhaoqing), 441284 (Sihui)."),
        "industryHelp": _("Sections, divisions or classes: C, C13..C43, C3971."),
        "addCriterion": _("Add a criterion"),
        "addGroup": _("Add a group"),
        "remove": _("Remove"),
        "moveUp": _("Move up"),
        "moveDown": _("Move down"),
        "label": _("Label"),
        "removeLabel": _("Remove the label"),
        "empty": _("No criteria yet: every enterprise would qualify. Add a criterion."),
        "emptyGroup": _("This group is empty; add a criterion or remove it."),
        "criterion": _("Criterion %(number)s"),
        "moved": _("Moved."),
        "removed": _("Removed."),
        "added": _("Added."),
    }


def criterion_count(rule: Rule) -> int:
    return sum(1 for node in rule.nodes if isinstance(node, Criterion))
