"""The registry as the rules engine sees it: one row of facts per enterprise (its own
fields and the figures of its latest year), as SQL over the registry's tables and as a
Python mapping for one enterprise; and a policy's rule with its region scope added."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import connection

from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.rules import (
    DEFAULT_PARAMETERS,
    ENTERPRISE_FIELDS,
    Explanation,
    FieldRegistry,
    Rule,
    explain,
    parse_rule,
)

# The registry's tables, aliased as the column expressions below expect.
FACTS_FROM = (
    "registry_enterprise e LEFT JOIN registry_yearlyfigures f "
    "ON f.enterprise_id = e.id AND f.year = e.latest_year"
)
# FACTS_FROM for the enterprises with low < id <= high (two %s placeholders: low, high). The
# figures' side gets the range too: PostgreSQL does not carry e.id's range across the join,
# and without it reads every enterprise's figures for each chunk of a push.
FACTS_FROM_RANGE = (
    "registry_enterprise e LEFT JOIN registry_yearlyfigures f "
    "ON f.enterprise_id = e.id AND f.year = e.latest_year "
    "AND f.enterprise_id > %s AND f.enterprise_id <= %s"
)
# Each rule column as SQL over FACTS_FROM. Text the registry keeps as "" is missing (NULL).
FACT_COLUMNS: dict[str, str] = {
    "uscc": "e.uscc",
    "region_code": "e.region_id",
    "industry_code": "NULLIF(e.industry_code, '')",
    "founded_on": "e.founded_on",
    "registered_capital": "e.registered_capital",
    "ownership": "NULLIF(e.ownership, '')",
    "foreign_country": "NULLIF(e.foreign_country, '')",
    "high_tech_issued_on": "e.high_tech_issued_on",
    "high_tech_expires_on": "e.high_tech_expires_on",
    "specialised_new_on": "e.specialised_new_on",
    "little_giant_on": "e.little_giant_on",
    "listed_on": "e.listed_on",
    "above_designated_size": "e.above_designated_size",
    "tax_violation_on": "NULL",  # the registry does not record tax violations yet
    "year": "e.latest_year",
    "revenue": "f.revenue",
    "rd_expenditure": "f.rd_expenditure",
    "employees": "f.employees",
    "taxes_paid": "f.taxes_paid",
    "export_value": "f.export_value",
    "output_value": "f.output_value",
}
FIGURE_COLUMNS = [c for c, sql in FACT_COLUMNS.items() if sql.startswith("f.")]

SCOPE_ID = "region_scope"


def rule_with_scope(
    data: Any, scope: str | None, *, fields: FieldRegistry = ENTERPRISE_FIELDS
) -> Rule:
    """The policy's rule, and when the policy has a region scope, the scope before it:
    all(region_code within scope, rule). Raises RuleError for a bad rule."""
    if scope:
        criterion = {
            "id": SCOPE_ID,
            "field": "region_code",
            "op": "within",
            "value": scope,
            "label": {
                "en": "in the policy's region",
                "zh-hans": "在政策适用地区内",
                "zh-hant": "在政策適用地區內",
            },
        }
        if not data:
            data = criterion
        elif (
            isinstance(data, dict) and set(data) <= {"all", "id"} and isinstance(data["all"], list)
        ):
            # The scope joins the rule's own "all" list, so the funnel counts each of its
            # criteria rather than the rule as one step.
            data = {**data, "all": [criterion, *data["all"]]}
        else:
            data = {"id": "policy", "all": [criterion, data]}
    return parse_rule(data, fields=fields, parameters=DEFAULT_PARAMETERS)


def fact_columns(rule: Rule) -> dict[str, str]:
    """FACT_COLUMNS, plus a subquery for each named-year column the rule reads."""
    columns = dict(FACT_COLUMNS)
    for column in rule.columns:
        name, year = FieldRegistry.split_column(column)
        if year is not None and name in FIGURE_COLUMNS:
            columns[column] = (
                f"(SELECT y.{name} FROM registry_yearlyfigures y "
                f"WHERE y.enterprise_id = e.id AND y.year = {int(year)})"
            )
    return columns


def dialect() -> str:
    return "postgres" if connection.vendor == "postgresql" else "sqlite"


def predicate_sql(rule: Rule, as_of: datetime.date) -> tuple[str, list[Any]]:
    """The rule as a SQL predicate over FACTS_FROM, with %s placeholders and their values."""
    from zhaoshang.rules import to_sql  # SQLGlot, loaded by the first process that compiles

    return to_sql(
        rule,
        dialect=dialect(),
        as_of=as_of,
        parameters=DEFAULT_PARAMETERS,
        columns=fact_columns(rule),
        paramstyle="format",
    )


def enterprise_facts(enterprise: Enterprise) -> dict[str, Any]:
    """One enterprise's facts for ``explain``: its fields, its latest figures, and every
    year's figures under ``revenue_2023``-style names."""
    facts: dict[str, Any] = {
        "uscc": enterprise.uscc,
        "region_code": enterprise.region_id,
        "industry_code": enterprise.industry_code or None,
        "founded_on": enterprise.founded_on,
        "registered_capital": enterprise.registered_capital,
        "ownership": enterprise.ownership or None,
        "foreign_country": enterprise.foreign_country or None,
        "high_tech_issued_on": enterprise.high_tech_issued_on,
        "high_tech_expires_on": enterprise.high_tech_expires_on,
        "specialised_new_on": enterprise.specialised_new_on,
        "little_giant_on": enterprise.little_giant_on,
        "listed_on": enterprise.listed_on,
        "above_designated_size": enterprise.above_designated_size,
        "tax_violation_on": None,
        "year": enterprise.latest_year,
    }
    facts.update(dict.fromkeys(FIGURE_COLUMNS))
    for figures in YearlyFigures.objects.filter(enterprise=enterprise):
        for name in FIGURE_COLUMNS:
            value = getattr(figures, name)
            facts[FieldRegistry.column(name, figures.year)] = value
            if figures.year == enterprise.latest_year:
                facts[name] = value
    return facts


def explain_enterprise(
    rule: Rule, enterprise: Enterprise | Mapping[str, Any], as_of: datetime.date
) -> Explanation:
    facts = enterprise if isinstance(enterprise, Mapping) else enterprise_facts(enterprise)
    return explain(rule, facts, as_of=as_of, parameters=DEFAULT_PARAMETERS)
