"""The ``eligibility`` command's logic: evaluate a rule over a Parquet snapshot and print
the result as JSON. ``zhaoshang eligibility`` (the Django command) calls ``run``.

    eligibility --rule RULE.json --data FILE.parquet [--as-of 2025-06-01] [--funnel] [--ids]
        [--breakdowns] [--parameters PARAMS.json] [--benefit FORMULA]

A rule file is JSON (``.json``, or text starting with ``{``) or the text form.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from zhaoshang.rules.bulk_formula import formula_total
from zhaoshang.rules.columnar import evaluate_snapshot
from zhaoshang.rules.errors import RuleError
from zhaoshang.rules.formula import parse_formula
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.textparse import parse_text
from zhaoshang.rules.tree import Rule
from zhaoshang.rules.validate import parse_rule


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rule", type=Path, required=True, help="a rule: JSON or text form")
    parser.add_argument("--data", type=Path, required=True, help="a Parquet file or folder")
    parser.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--funnel", action="store_true", help="counts after each criterion")
    parser.add_argument("--ids", action="store_true", help="list the eligible credit codes")
    parser.add_argument("--breakdowns", action="store_true", help="by region and industry")
    parser.add_argument("--parameters", type=Path, help="parameters JSON (added to defaults)")
    parser.add_argument("--benefit", help="a benefit formula to total over the eligible")


class UsageError(Exception):
    pass


class Output(Protocol):
    def write(self, text: str) -> Any: ...


def load_rule(path: Path, parameters: ParameterSet) -> Rule:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror}") from None
    try:
        if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
            return parse_rule(text, parameters=parameters)
        return parse_text(text, parameters=parameters)
    except RuleError as error:
        raise UsageError(f"{path}: {error}") from None


def load_parameters(path: Path | None) -> ParameterSet:
    if path is None:
        return DEFAULT_PARAMETERS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise UsageError(f"{path}: expected a JSON object of parameters")
        return DEFAULT_PARAMETERS.merged(ParameterSet.from_json(data))
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror}") from None
    except (json.JSONDecodeError, RuleError) as error:
        raise UsageError(f"{path}: {error}") from None


def run(options: argparse.Namespace, out: Output) -> int:
    """Evaluate as the options say and write JSON to ``out``. Raises ``UsageError``."""
    parameters = load_parameters(options.parameters)
    rule = load_rule(options.rule, parameters)
    if not options.data.exists():
        raise UsageError(f"{options.data}: no such file or folder")
    as_of = options.as_of or datetime.date.today()
    try:
        result = evaluate_snapshot(
            rule,
            options.data,
            as_of=as_of,
            parameters=parameters,
            funnel=options.funnel,
            ids=options.ids,
            breakdowns=options.breakdowns,
        )
        report: dict[str, Any] = {"as_of": as_of.isoformat(), **result.to_json()}
        if options.benefit:
            formula = parse_formula(options.benefit, fields=rule.fields)
            total = formula_total(
                formula, options.data, rule=rule, as_of=as_of, parameters=parameters
            )
            report["benefit"] = {
                "formula": options.benefit,
                "total": total.total,
                "counted": total.counted,
                "missing": total.missing,
                "division_by_zero": total.division_by_zero,
            }
    except RuleError as error:
        raise UsageError(str(error)) from None
    out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="zhaoshang eligibility", description=__doc__.splitlines()[0]
    )
    add_arguments(parser)
    options = parser.parse_args(argv)
    try:
        return run(options, sys.stdout)
    except UsageError as error:
        print(f"eligibility: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
