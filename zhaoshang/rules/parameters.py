"""Named parameters whose value changes by date (a threshold raised by a new regulation).

A rule that names ``above_size_threshold`` and is evaluated as of a date uses the value in
force on that date: the value whose start date is the latest one on or before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhaoshang.rules.errors import ParameterError
from zhaoshang.rules.fields import FieldType, Labels

Value = Decimal | datetime.date | str | bool


@dataclass(frozen=True)
class Parameter:
    name: str
    type: FieldType
    values: tuple[tuple[datetime.date, Value], ...]  # (in force from, value), by date
    labels: Labels
    unit: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(sorted(self.values, key=lambda v: v[0])))

    def value_on(self, day: datetime.date) -> Value:
        current: Value | None = None
        for start, value in self.values:
            if start > day:
                break
            current = value
        if current is None:
            first = (
                f" (its first value is in force from {self.values[0][0]})" if self.values else ""
            )
            raise ParameterError(self.name, f"{self.name} has no value on {day}{first}")
        return current


@dataclass(frozen=True)
class ParameterSet:
    parameters: tuple[Parameter, ...]

    def __contains__(self, name: object) -> bool:
        return any(p.name == name for p in self.parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters)

    def get(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def value(self, name: str, day: datetime.date) -> Value:
        parameter = self.get(name)
        if parameter is None:
            raise ParameterError(name, f"no parameter named {name}")
        return parameter.value_on(day)

    def merged(self, other: ParameterSet) -> ParameterSet:
        """These parameters, each replaced by the one of the same name in ``other``."""
        names = {p.name for p in other.parameters}
        return ParameterSet(
            (*(p for p in self.parameters if p.name not in names), *other.parameters)
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ParameterSet:
        """``{"name": {"type": "number", "unit": "万元", "labels": {...},
        "values": [{"from": "2011-01-01", "value": 2000}, ...]}}``"""
        parameters = []
        for name, spec in data.items():
            where = f"$.{name}"
            if not isinstance(spec, Mapping) or not isinstance(spec.get("values"), list):
                raise ParameterError(name, f"{where}: expected an object with a list of values")
            try:
                type_ = FieldType(spec.get("type", "number"))
            except ValueError:
                raise ParameterError(name, f"{where}.type: unknown type") from None
            values = []
            for i, item in enumerate(spec["values"]):
                try:
                    start = datetime.date.fromisoformat(item["from"])
                    values.append((start, _typed(type_, item["value"])))
                except (KeyError, TypeError, ValueError) as error:
                    raise ParameterError(
                        name, f"{where}.values[{i}]: expected from (a date) and value ({error})"
                    ) from None
            labels = spec.get("labels") or {}
            parameters.append(
                Parameter(
                    name,
                    type_,
                    tuple(values),
                    Labels(
                        labels.get("en", name),
                        labels.get("zh-hans", name),
                        labels.get("zh-hant", name),
                    ),
                    str(spec.get("unit", "")),
                )
            )
        return cls(tuple(parameters))


def _typed(type_: FieldType, value: Any) -> Value:
    if type_.numeric:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError("not a number")
        return Decimal(str(value))
    if type_ is FieldType.DATE:
        return datetime.date.fromisoformat(value)
    if type_ is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            raise ValueError("not true or false")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


DEFAULT_PARAMETERS = ParameterSet(
    (
        Parameter(
            "above_size_threshold",
            FieldType.NUMBER,
            (
                (datetime.date(2007, 1, 1), Decimal(500)),
                (datetime.date(2011, 1, 1), Decimal(2000)),
            ),
            Labels(
                "revenue threshold for “above designated size”",
                "规模以上工业企业主营业务收入标准",
                "規模以上工業企業主營業務收入標準",
            ),
            unit="万元",
        ),
    )
)
