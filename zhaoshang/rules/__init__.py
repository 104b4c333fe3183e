"""The eligibility engine: a support policy's eligibility as a rule tree over a registry of
enterprise fields, checked, explained for one enterprise, compiled to SQL (SQLite, PostgreSQL,
DuckDB) and evaluated in bulk over a columnar snapshot, all with the same three-valued
meaning of missing data. Plain Python: no Django here. See docs/rules.md.

The compilers and the columnar evaluator are imported on first use (PEP 562): they need
SQLGlot and DuckDB, which a process that only reads field labels, checks a rule or explains
one enterprise (a web worker, most commands) should not load."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from zhaoshang.rules.errors import ParameterError, RuleError, RuleErrors, TextSyntaxError
from zhaoshang.rules.explain import CriterionResult, Explanation, explain
from zhaoshang.rules.fields import (
    ENTERPRISE_FIELDS,
    Field,
    FieldRegistry,
    FieldType,
    Labels,
    Qualification,
)
from zhaoshang.rules.formula import Formula, FormulaDivisionByZero, FormulaError, parse_formula
from zhaoshang.rules.logic import Outcome, Status
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, Parameter, ParameterSet
from zhaoshang.rules.textparse import parse_text
from zhaoshang.rules.textprint import format_text
from zhaoshang.rules.tree import Rule
from zhaoshang.rules.validate import parse_rule

if TYPE_CHECKING:
    from zhaoshang.rules.bulk_formula import FormulaTotal, formula_total, formula_total_sql
    from zhaoshang.rules.columnar import BulkResult, Counts, FunnelStep, evaluate_snapshot
    from zhaoshang.rules.queries import count_sql, outcome_case, outcomes_sql, select_ids_sql
    from zhaoshang.rules.sql import compile_predicate, to_sql

_WHERE = {
    "BulkResult": "zhaoshang.rules.columnar",
    "Counts": "zhaoshang.rules.columnar",
    "FormulaTotal": "zhaoshang.rules.bulk_formula",
    "FunnelStep": "zhaoshang.rules.columnar",
    "compile_predicate": "zhaoshang.rules.sql",
    "count_sql": "zhaoshang.rules.queries",
    "evaluate_snapshot": "zhaoshang.rules.columnar",
    "formula_total": "zhaoshang.rules.bulk_formula",
    "formula_total_sql": "zhaoshang.rules.bulk_formula",
    "outcome_case": "zhaoshang.rules.queries",
    "outcomes_sql": "zhaoshang.rules.queries",
    "select_ids_sql": "zhaoshang.rules.queries",
    "to_sql": "zhaoshang.rules.sql",
}


def __getattr__(name: str) -> Any:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_PARAMETERS",
    "ENTERPRISE_FIELDS",
    "BulkResult",
    "Counts",
    "CriterionResult",
    "Explanation",
    "Field",
    "FieldRegistry",
    "FieldType",
    "Formula",
    "FormulaDivisionByZero",
    "FormulaError",
    "FormulaTotal",
    "FunnelStep",
    "Labels",
    "Outcome",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "Qualification",
    "Rule",
    "RuleError",
    "RuleErrors",
    "Status",
    "TextSyntaxError",
    "compile_predicate",
    "count_sql",
    "evaluate_snapshot",
    "explain",
    "format_text",
    "formula_total",
    "formula_total_sql",
    "outcome_case",
    "outcomes_sql",
    "parse_formula",
    "parse_rule",
    "parse_text",
    "select_ids_sql",
    "to_sql",
]
