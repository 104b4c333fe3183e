"""Reading a rule from JSON: every node is checked against the field registry and the
parameters, and every problem is reported with the JSON path of its node."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from zhaoshang.rules.codes import IndustryRange, region_prefix
from zhaoshang.rules.errors import RuleError, RuleErrors, TextSyntaxError
from zhaoshang.rules.fields import (
    ENTERPRISE_FIELDS,
    LANGUAGES,
    FieldRegistry,
    FieldType,
    Labels,
)
from zhaoshang.rules.literals import (
    ALLOWED_OPS,
    OPERATORS,
    ORDERING,
    compatible,
    convert,
    expected,
    is_literal,
    kind_of,
    suggest,
)
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.tree import (
    All,
    Any_,
    Between,
    Bound,
    Comparison,
    Criterion,
    FieldRef,
    IndustryWithin,
    Literal,
    Membership,
    Node,
    Not,
    Operand,
    ParameterRef,
    QualificationValid,
    Ratio,
    RegionWithin,
    RelativeDate,
    Rule,
)

META_KEYS = ("id", "label", "reference")
CRITERION_KEYS = ("field", "year", "ratio", "qualification", "op", "value", *META_KEYS)
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}$")


def parse_rule(
    data: Any,
    *,
    fields: FieldRegistry = ENTERPRISE_FIELDS,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
) -> Rule:
    """Check a rule (JSON text or its decoded object) and build it. Raises ``RuleError`` (or
    ``RuleErrors`` with several), or ``TextSyntaxError`` for JSON text that does not parse."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    if isinstance(data, str):
        try:
            data = json.loads(data, parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise TextSyntaxError(
                error.lineno, error.colno, f"malformed JSON: {error.msg}", data
            ) from None
    return _Reader(fields, parameters).rule(data)


class _Reader:
    def __init__(self, fields: FieldRegistry, parameters: ParameterSet) -> None:
        self.fields = fields
        self.parameters = parameters
        self.errors: list[RuleError] = []
        self.used_ids: set[str] = set()
        self.counters = {"c": 0, "g": 0}

    def fail(self, path: str, message: str) -> None:
        self.errors.append(RuleError(path, message))

    def rule(self, data: Any) -> Rule:
        self._collect_ids(data, "$", {})
        root = self.node(data, "$")
        if self.errors or root is None:
            if len(self.errors) == 1:
                raise self.errors[0]
            raise RuleErrors(self.errors or [RuleError("$", "not a rule")])
        return Rule(root, self.fields)

    def _collect_ids(self, data: Any, path: str, seen: dict[str, str]) -> None:
        if not isinstance(data, Mapping):
            return
        node_id = data.get("id")
        if isinstance(node_id, str):
            if node_id in seen:
                self.fail(f"{path}.id", f"id {node_id!r} is used twice (first at {seen[node_id]})")
            seen[node_id] = path
            self.used_ids.add(node_id)
        for key in ("all", "any"):
            if isinstance(data.get(key), list):
                for i, child in enumerate(data[key]):
                    self._collect_ids(child, f"{path}.{key}[{i}]", seen)
        if "not" in data:
            self._collect_ids(data["not"], f"{path}.not", seen)

    def _new_id(self, prefix: str) -> str:
        while True:
            self.counters[prefix] += 1
            candidate = f"{prefix}{self.counters[prefix]}"
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def _meta(self, data: Mapping[str, Any], path: str, prefix: str) -> dict[str, Any]:
        node_id = data.get("id")
        if node_id is None:
            node_id = self._new_id(prefix)
        elif not isinstance(node_id, str) or not _ID.match(node_id):
            self.fail(
                f"{path}.id",
                "an id is 1 to 64 letters, digits, '_', '.' or '-', starting with a letter, "
                "digit or '_'",
            )
        labels = self._labels(data["label"], f"{path}.label") if "label" in data else None
        reference = data.get("reference")
        if reference is not None and not isinstance(reference, str):
            self.fail(f"{path}.reference", f"expected a string, got {kind_of(reference)}")
            reference = None
        return {"id": str(node_id), "labels": labels, "reference": reference or None}

    def _labels(self, raw: Any, path: str) -> Labels | None:
        if isinstance(raw, str) and raw.strip():
            return Labels.same(raw)
        if not isinstance(raw, Mapping):
            self.fail(path, f"expected an object with {', '.join(LANGUAGES)}, got {kind_of(raw)}")
            return None
        for key in raw:
            if key not in LANGUAGES:
                self.fail(f"{path}.{key}", f"unknown language; use {', '.join(LANGUAGES)}")
        texts = []
        for language in LANGUAGES:
            text = raw.get(language)
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{path}", f"the {language} label is missing or empty")
                return None
            texts.append(text)
        return Labels(*texts)

    def node(self, data: Any, path: str) -> Node | None:
        if not isinstance(data, Mapping):
            self.fail(path, f"expected an object (a group or a criterion), got {kind_of(data)}")
            return None
        groups = [k for k in ("all", "any", "not") if k in data]
        if len(groups) > 1:
            self.fail(path, f"a node is one group, not {' and '.join(groups)}")
            return None
        if groups:
            return self._group(groups[0], data, path)
        return self._criterion(data, path)

    def _group(self, key: str, data: Mapping[str, Any], path: str) -> Node | None:
        for extra in data:
            if extra != key and extra not in META_KEYS:
                self.fail(
                    f"{path}.{extra}",
                    f"unknown key in a group (expected {key} and id, label, reference)",
                )
        meta = self._meta(data, path, "g")
        if key == "not":
            child = self.node(data["not"], f"{path}.not")
            return None if child is None else Not(child=child, **meta)
        items = data[key]
        if not isinstance(items, list) or not items:
            self.fail(f"{path}.{key}", f"expected a non-empty list of nodes, got {kind_of(items)}")
            return None
        children = [self.node(item, f"{path}.{key}[{i}]") for i, item in enumerate(items)]
        if any(c is None for c in children):
            return None
        kids = tuple(c for c in children if c is not None)
        return All(children=kids, **meta) if key == "all" else Any_(children=kids, **meta)

    # -- criteria -------------------------------------------------------------------------

    def _criterion(self, data: Mapping[str, Any], path: str) -> Criterion | None:
        for key in data:
            if key not in CRITERION_KEYS:
                hint = suggest(str(key), ("all", "any", "not", *CRITERION_KEYS))
                self.fail(f"{path}.{key}", f"unknown key{hint}")
        subjects = [k for k in ("field", "ratio", "qualification") if k in data]
        if len(subjects) != 1:
            self.fail(
                path,
                "a criterion names exactly one of field, ratio or qualification"
                if subjects
                else "expected a group (all, any, not) or a criterion (field, ratio or "
                "qualification)",
            )
            return None
        raw_op = data.get("op", "valid" if subjects[0] == "qualification" else None)
        if not isinstance(raw_op, str) or raw_op not in OPERATORS:
            self.fail(
                f"{path}.op",
                f"unknown operator {raw_op!r}; use one of "
                "=, !=, <, <=, >, >=, in, not_in, between, within, valid"
                if raw_op is not None
                else "the operator (op) is missing",
            )
            return None
        op = OPERATORS[raw_op]
        meta = self._meta(data, path, "c")
        errors_before = len(self.errors)
        if subjects[0] == "qualification":
            node = self._qualification(data, path, op, meta)
        else:
            node = self._operand_criterion(data, path, op, meta)
        if node is None or len(self.errors) > errors_before:
            return None
        if node.labels is None:
            from zhaoshang.rules.textprint import format_node

            node = _with_labels(node, Labels.same(format_node(node)))
        return node

    def _qualification(
        self, data: Mapping[str, Any], path: str, op: str, meta: dict[str, Any]
    ) -> Criterion | None:
        name = data["qualification"]
        qualification = self.fields.qualification(name) if isinstance(name, str) else None
        if qualification is None:
            known = [q.name for q in self.fields.qualifications]
            hint = suggest(str(name), known)
            self.fail(
                f"{path}.qualification",
                f"unknown qualification {name!r}{hint}; known: {', '.join(known)}",
            )
            return None
        if op != "valid":
            self.fail(f"{path}.op", f"a qualification takes the operator valid, not {op}")
            return None
        for extra in ("field", "year"):
            if extra in data:
                self.fail(f"{path}.{extra}", "not allowed with a qualification")
        on = None
        if "value" in data:
            on = self._bound(data["value"], FieldType.DATE, f"{path}.value")
        until = FieldRef(qualification.until) if qualification.until else None
        return QualificationValid(
            name=qualification.name, since=FieldRef(qualification.since), until=until, on=on, **meta
        )

    def _field_ref(self, raw: Any, path: str, year: Any = None) -> FieldRef | None:
        if isinstance(raw, Mapping):
            extra = set(raw) - {"field", "year"}
            if extra or "field" not in raw:
                self.fail(path, "expected a field name or {field, year}")
                return None
            return self._field_ref(raw["field"], f"{path}.field", raw.get("year"))
        if not isinstance(raw, str):
            self.fail(path, f"expected a field name, got {kind_of(raw)}")
            return None
        found = self.fields.get(raw)
        if found is None:
            self.fail(path, f"unknown field {raw!r}{suggest(raw, (f.name for f in self.fields))}")
            return None
        if year is None:
            return FieldRef(raw)
        year_path = path.rsplit(".", 1)[0] + ".year"
        if not found.yearly:
            self.fail(year_path, f"{raw} is not a yearly figure; it has no year")
            return None
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            self.fail(year_path, f"expected a year such as 2023, got {year!r}")
            return None
        return FieldRef(raw, year)

    def _operand(self, data: Mapping[str, Any], path: str) -> tuple[Operand, FieldType] | None:
        if "ratio" in data:
            raw = data["ratio"]
            if "year" in data:
                self.fail(f"{path}.year", "give the year of each figure inside the ratio")
            if not isinstance(raw, Mapping) or set(raw) != {"numerator", "denominator"}:
                self.fail(f"{path}.ratio", "expected an object with numerator and denominator")
                return None
            parts = []
            for key in ("numerator", "denominator"):
                ref = self._field_ref(raw[key], f"{path}.ratio.{key}")
                if ref is None:
                    return None
                if not self.fields[ref.name].type.numeric:
                    self.fail(f"{path}.ratio.{key}", f"{ref.name} is not a number")
                    return None
                parts.append(ref)
            return Ratio(parts[0], parts[1]), FieldType.NUMBER
        ref = self._field_ref(data["field"], f"{path}.field", data.get("year"))
        if ref is None:
            return None
        return ref, self.fields[ref.name].type

    def _operand_criterion(
        self, data: Mapping[str, Any], path: str, op: str, meta: dict[str, Any]
    ) -> Criterion | None:
        found = self._operand(data, path)
        if found is None:
            return None
        left, type_ = found
        name = left.name if isinstance(left, FieldRef) else "a ratio"
        if op not in ALLOWED_OPS[type_]:
            allowed = ", ".join(ALLOWED_OPS[type_])
            self.fail(f"{path}.op", f"{op} does not apply to {name} ({type_}); use {allowed}")
            return None
        if "value" not in data:
            self.fail(path, "the value to compare with is missing")
            return None
        raw, where = data["value"], f"{path}.value"
        choices = self.fields[left.name].choices if isinstance(left, FieldRef) else ()
        if op == "within":
            assert isinstance(left, FieldRef)
            return self._within(left, type_, raw, where, meta)
        if op in ("in", "not_in"):
            assert isinstance(left, FieldRef)
            if not isinstance(raw, list) or not raw:
                self.fail(where, f"expected a non-empty list of values, got {kind_of(raw)}")
                return None
            values = [self._literal(v, type_, f"{where}[{i}]", choices) for i, v in enumerate(raw)]
            if any(v is None for v in values):
                return None
            kept = tuple(v for v in values if v is not None)
            return Membership(left=left, negated=op == "not_in", values=kept, **meta)
        if op == "between":
            if not isinstance(raw, list) or len(raw) != 2:
                self.fail(where, f"expected a list of two bounds [low, high], got {kind_of(raw)}")
                return None
            low = self._bound(raw[0], type_, f"{where}[0]")
            high = self._bound(raw[1], type_, f"{where}[1]")
            if low is None or high is None:
                return None
            if is_literal(low) and is_literal(high) and low > high:  # type: ignore[operator]
                self.fail(where, f"the range is empty: {low} is above {high}")
                return None
            return Between(left=left, low=low, high=high, **meta)
        if type_ is FieldType.BOOLEAN and op in ORDERING:
            self.fail(f"{path}.op", "true/false values have no order")
        value = self._bound(raw, type_, where, choices)
        if value is None:
            return None
        return Comparison(left=left, op=op, value=value, **meta)

    def _within(
        self, left: FieldRef, type_: FieldType, raw: Any, where: str, meta: dict[str, Any]
    ) -> Criterion | None:
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(i, str) for i in items):
            what = "region codes" if type_ is FieldType.REGION else "industry ranges"
            self.fail(where, f"expected one or a list of {what} (strings), got {kind_of(raw)}")
            return None
        parse: Callable[[str], Any] = (
            region_prefix if type_ is FieldType.REGION else IndustryRange.parse
        )
        parsed = []
        for i, item in enumerate(items):
            try:
                parsed.append(parse(item))
            except ValueError as error:
                self.fail(f"{where}[{i}]" if isinstance(raw, list) else where, str(error))
                return None
        if type_ is FieldType.REGION:
            return RegionWithin(left=left, prefixes=tuple(parsed), **meta)
        return IndustryWithin(left=left, ranges=tuple(parsed), **meta)

    def _bound(
        self, raw: Any, type_: FieldType, path: str, choices: tuple[str, ...] = ()
    ) -> Bound | None:
        if isinstance(raw, Mapping):
            if set(raw) == {"parameter"}:
                return self._parameter(raw["parameter"], type_, f"{path}.parameter")
            if set(raw) == {"relative"} and type_ is FieldType.DATE:
                return self._relative(raw["relative"], f"{path}.relative")
            expected = "{parameter}" + (" or {relative}" if type_ is FieldType.DATE else "")
            self.fail(path, f"expected a {type_} value or {expected}")
            return None
        return self._literal(raw, type_, path, choices)

    def _parameter(self, name: Any, type_: FieldType, path: str) -> ParameterRef | None:
        parameter = self.parameters.get(name) if isinstance(name, str) else None
        if parameter is None:
            hint = suggest(str(name), (p.name for p in self.parameters))
            self.fail(path, f"unknown parameter {name!r}{hint}")
            return None
        if not compatible(parameter.type, type_):
            self.fail(path, f"parameter {name} is a {parameter.type}, not a {type_}")
            return None
        return ParameterRef(name)

    def _relative(self, raw: Any, path: str) -> RelativeDate | None:
        units = ("years", "months", "days")
        if (
            not isinstance(raw, Mapping)
            or not set(raw) <= set(units)
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in raw.values())
        ):
            self.fail(path, "expected an object of whole years, months and/or days")
            return None
        return RelativeDate(**{k: int(v) for k, v in raw.items()})

    def _literal(
        self, raw: Any, type_: FieldType, path: str, choices: tuple[str, ...] = ()
    ) -> Literal | None:
        value = convert(raw, type_)
        if value is None:
            self.fail(path, expected(type_, raw))
            return None
        if choices and value not in choices:
            self.fail(path, f"{raw!r} is not one of the choices ({', '.join(choices)})")
            return None
        return value


def _with_labels(node: Criterion, labels: Labels) -> Criterion:
    return dataclasses.replace(node, labels=labels)
