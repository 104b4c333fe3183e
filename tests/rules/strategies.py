"""Hypothesis strategies: random rules of every node kind and random enterprises whose
values sit on the rules' boundaries or are missing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

AS_OF = datetime.date(2024, 6, 1)
DATES = [
    datetime.date(2010, 1, 1),
    datetime.date(2021, 6, 1),  # as_of - 3 years
    datetime.date(2023, 6, 1),  # as_of - 1 year
    datetime.date(2024, 5, 31),
    AS_OF,
    datetime.date(2024, 6, 2),
]
MONEY = [Decimal(v) for v in ("0", "3", "30", "100", "499.99", "500", "1000", "2000", "2000.01")]
MONEY_BOUNDS = [0, 3, 100, 500, 1000, 2000, Decimal("499.99")]
RATIOS = [0, Decimal("0.03"), Decimal("0.5"), 1, Decimal("1.1")]
REGIONS = ["441284", "441202", "440103", "441900", "445381"]
REGION_PREFIXES = ["44", "4412", "441284", "4401", "441900", "4453"]
CLASSES = ["1311", "1300", "4399", "4400", "4411", "0111", "3911", "7010"]
INDUSTRY_RANGES = ["C13..C43", "C", "A01..B06", "C1311", "C1311..C1399", "D44..E50", "K", "13..13"]
OWNERSHIPS = ["domestic_private", "state_owned", "hmt_invested", "foreign_invested"]
COUNTRIES = ["US", "VN", "JP"]
NUMBER_FIELDS = ["revenue", "rd_expenditure", "registered_capital", "taxes_paid"]
DATE_FIELDS = ["founded_on", "tax_violation_on", "high_tech_expires_on", "listed_on"]
OPS = ["=", "!=", "<", "<=", ">", ">="]


def maybe_missing(values: list[Any], empty: Any = None) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.just(empty), st.sampled_from(values))


def enterprises() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "revenue": st.one_of(st.none(), st.sampled_from(MONEY)),
            "revenue_2023": st.one_of(st.none(), st.sampled_from(MONEY)),
            "rd_expenditure": st.one_of(st.none(), st.sampled_from(MONEY)),
            "registered_capital": st.one_of(st.none(), st.sampled_from(MONEY)),
            "taxes_paid": st.one_of(st.none(), st.sampled_from(MONEY)),
            "employees": st.one_of(st.none(), st.sampled_from([0, 19, 20, 50, 300])),
            "founded_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "tax_violation_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "high_tech_issued_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "high_tech_expires_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "specialised_new_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "little_giant_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "listed_on": st.one_of(st.none(), st.sampled_from(DATES)),
            "region_code": maybe_missing(REGIONS, ""),
            "industry_code": maybe_missing(CLASSES, ""),
            "ownership": maybe_missing(OWNERSHIPS, ""),
            "foreign_country": maybe_missing(COUNTRIES, ""),
            "above_designated_size": st.one_of(st.none(), st.booleans()),
        }
    )


def _date_bound() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(DATES).map(lambda d: d.isoformat()),
        st.sampled_from([{"years": -3}, {"years": -1}, {"days": 1}, {}]).map(
            lambda shift: {"relative": shift}
        ),
    )


def _money_bound() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(MONEY_BOUNDS),
        st.just({"parameter": "above_size_threshold"}),
    )


def _ordered(low: Any, high: Any) -> list[Any]:
    """Two literal dates in order (a literal range must not be empty)."""
    if isinstance(low, str) and isinstance(high, str):
        return sorted([low, high])
    return [low, high]


def _field(name: str) -> dict[str, Any]:
    if name == "revenue_2023":
        return {"field": "revenue", "year": 2023}
    return {"field": name}


def criteria() -> st.SearchStrategy[dict[str, Any]]:
    number = st.builds(
        lambda f, op, v: {**_field(f), "op": op, "value": v},
        st.sampled_from([*NUMBER_FIELDS, "revenue_2023"]),
        st.sampled_from(OPS),
        _money_bound(),
    )
    employees = st.builds(
        lambda op, v: {"field": "employees", "op": op, "value": v},
        st.sampled_from(OPS),
        st.sampled_from([0, 20, 50]),
    )
    ratio = st.builds(
        lambda n, d, op, v: {"ratio": {"numerator": n, "denominator": d}, "op": op, "value": v},
        st.sampled_from(["rd_expenditure", "taxes_paid"]),
        st.sampled_from(["revenue", {"field": "revenue", "year": 2023}]),
        st.sampled_from(OPS),
        st.sampled_from(RATIOS),
    )
    date = st.builds(
        lambda f, op, v: {"field": f, "op": op, "value": v},
        st.sampled_from(DATE_FIELDS),
        st.sampled_from(OPS),
        _date_bound(),
    )
    between = st.one_of(
        st.builds(
            lambda f, lo, hi: {"field": f, "op": "between", "value": sorted([lo, hi])},
            st.sampled_from(NUMBER_FIELDS),
            st.sampled_from(MONEY_BOUNDS),
            st.sampled_from(MONEY_BOUNDS),
        ),
        st.builds(
            lambda f, lo, hi: {"field": f, "op": "between", "value": _ordered(lo, hi)},
            st.sampled_from(DATE_FIELDS),
            _date_bound(),
            _date_bound(),
        ),
        st.builds(
            lambda lo, hi: {
                "ratio": {"numerator": "rd_expenditure", "denominator": "revenue"},
                "op": "between",
                "value": sorted([lo, hi]),
            },
            st.sampled_from(RATIOS),
            st.sampled_from(RATIOS),
        ),
    )
    membership = st.one_of(
        st.builds(
            lambda op, v: {"field": "ownership", "op": op, "value": v},
            st.sampled_from(["in", "not_in", "=", "!="]),
            st.lists(st.sampled_from(OWNERSHIPS), min_size=1, max_size=3, unique=True),
        ).map(lambda c: {**c, "value": c["value"][0]} if c["op"] in ("=", "!=") else c),
        st.builds(
            lambda op, v: {"field": "foreign_country", "op": op, "value": v},
            st.sampled_from(["in", "not_in"]),
            st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True),
        ),
        st.builds(
            lambda op, v: {"field": "region_code", "op": op, "value": v},
            st.sampled_from(["=", "!="]),
            st.sampled_from(REGIONS),
        ),
        st.builds(
            lambda f, op, v: {"field": f, "op": op, "value": v},
            st.sampled_from(["employees", "revenue"]),
            st.sampled_from(["in", "not_in"]),
            st.lists(st.sampled_from([0, 20, 50, 2000]), min_size=1, max_size=3, unique=True),
        ),
    )
    codes = st.one_of(
        st.builds(
            lambda v: {"field": "region_code", "op": "within", "value": v},
            st.one_of(
                st.sampled_from(REGION_PREFIXES),
                st.lists(st.sampled_from(REGION_PREFIXES), min_size=1, max_size=3, unique=True),
            ),
        ),
        st.builds(
            lambda v: {"field": "industry_code", "op": "within", "value": v},
            st.one_of(
                st.sampled_from(INDUSTRY_RANGES),
                st.lists(st.sampled_from(INDUSTRY_RANGES), min_size=1, max_size=3, unique=True),
            ),
        ),
    )
    qualification = st.builds(
        lambda q, on: {"qualification": q, **({} if on is None else {"value": on})},
        st.sampled_from(["high_tech", "specialised_new", "little_giant", "listed"]),
        st.one_of(st.none(), _date_bound()),
    )
    boolean = st.builds(
        lambda op, v: {"field": "above_designated_size", "op": op, "value": v},
        st.sampled_from(["=", "!="]),
        st.booleans(),
    )
    return st.one_of(
        number, employees, ratio, date, between, membership, codes, qualification, boolean
    )


def rules() -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        criteria(),
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=4).map(lambda c: {"all": c}),
            st.lists(children, min_size=1, max_size=4).map(lambda c: {"any": c}),
            children.map(lambda c: {"not": c}),
        ),
        max_leaves=8,
    )
