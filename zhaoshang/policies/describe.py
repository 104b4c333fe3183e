"""Rules in words, in the active language: each criterion as a sentence with its values,
units and the names of regions and industries; the rule as an outline of groups; and what an
explanation observed for one enterprise next to the threshold it was compared with."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhaoshang.core.formatting import format_number, format_percent, format_wan
from zhaoshang.policies.eligibility import SCOPE_ID
from zhaoshang.policies.labels import column_label
from zhaoshang.registry.models import Enterprise, Industry, Region
from zhaoshang.rules import DEFAULT_PARAMETERS, Field, FieldType, Rule
from zhaoshang.rules.codes import IndustryRange, sections
from zhaoshang.rules.textprint import format_node
from zhaoshang.rules.tree import (
    All,
    Any_,
    Between,
    Bound,
    Comparison,
    Criterion,
    IndustryWithin,
    Membership,
    Node,
    Not,
    Operand,
    ParameterRef,
    QualificationValid,
    Ratio,
    RegionWithin,
    RelativeDate,
    resolve,
)

WAN = "万元"


def language() -> str:
    return translation.get_language() or "en"


def unit_text(unit: str) -> str:
    if unit == WAN:
        return _("10,000 yuan")
    if unit == "persons":
        return _("persons")
    return unit


def number_text(value: Decimal | float | int) -> str:
    """2000 -> "2,000"; 1234.50 -> "1,234.5" (every decimal kept: a threshold is exact)."""
    return format_number(value, places=8)


def percent_text(value: Decimal | float) -> str:
    return format_percent(value, places=2)


def money_text(wan: Decimal | float | int) -> str:
    """An amount kept in 10,000 yuan, exactly, as a reader counts money: "2,000万元" for
    readers of Chinese; "20 million yuan" or "464,827 yuan" for everyone else."""
    return format_wan(wan, exact=True)


def amount_text(value: Decimal | float | int, unit: str) -> str:
    if unit == WAN:
        return money_text(value)
    if not unit:
        return number_text(value)
    return _("%(number)s %(unit)s") % {"number": number_text(value), "unit": unit_text(unit)}


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def ownership_labels() -> dict[str, str]:
    choices = Enterprise._meta.get_field("ownership").choices or []
    return {str(value): str(label) for value, label in choices}


class Names:
    """Names of the regions and industries a rule (and an enterprise) mentions, looked up in
    one query each."""

    def __init__(self, regions: Iterable[str] = (), industries: Iterable[str] = ()) -> None:
        wanted = {c.ljust(6, "0") for c in regions if c and c.isdigit() and len(c) <= 6}
        self.regions = (
            {r.pk: r.name for r in Region.objects.filter(pk__in=wanted)} if wanted else {}
        )
        keys = {c for c in industries if c}
        self.industries = (
            {i.pk: i.name for i in Industry.objects.filter(pk__in=keys)} if keys else {}
        )

    @classmethod
    def of(cls, *rules: Rule, regions: Iterable[str] = (), industries: Iterable[str] = ()) -> Names:
        """The names every rule (and the given codes) needs."""
        region_codes, industry_codes = set(regions), {c[:2] for c in industries if c}
        for rule in rules:
            for node in rule.criteria:
                if isinstance(node, RegionWithin):
                    region_codes.update(node.prefixes)
                elif isinstance(node, IndustryWithin):
                    for item in node.ranges:
                        for end in (item.low, item.high):
                            industry_codes.update((end.section, end.digits[:2]))
                elif isinstance(node, Membership) and node.left.name == "region_code":
                    region_codes.update(str(v) for v in node.values)
                elif isinstance(node, Membership) and node.left.name == "industry_code":
                    industry_codes.update(str(v)[:2] for v in node.values)
        return cls(region_codes, industry_codes)

    def region(self, code: str) -> str:
        name = self.regions.get(code.ljust(6, "0"))
        return f"{name} ({code})" if name else code

    def industry_class(self, code: str) -> str:
        name = self.industries.get(code[:2])
        return f"{code} {name}" if name else code

    def industry_range(self, item: IndustryRange) -> str:
        """``C13..C43`` -> "Manufacturing (C13..C43)"; a division or a section by name."""
        low, high = item.low, item.high
        if low == high and len(low.digits) == 4:
            division = self.industries.get(low.digits[:2])
            return f"{division} ({low.digits})" if division else low.digits
        if low == high:
            name = self.industries.get(low.digits[:2] if low.digits else low.section)
            return f"{name} ({item})" if name else str(item)
        first, last = sections()[low.section][0], sections()[high.section][1]
        whole = low.section == high.section and low.first == f"{first:02d}00"
        name = self.industries.get(low.section)
        if whole and high.last == f"{last:02d}99" and name:
            return f"{name} ({item})"
        return str(item)


def subject_text(operand: Operand) -> str:
    if isinstance(operand, Ratio):
        return _("%(numerator)s as a share of %(denominator)s") % {
            "numerator": column_label(operand.numerator.column),
            "denominator": column_label(operand.denominator.column),
        }
    return column_label(operand.column)


def field_of(operand: Operand) -> Field | None:
    from zhaoshang.rules import ENTERPRISE_FIELDS

    return None if isinstance(operand, Ratio) else ENTERPRISE_FIELDS.get(operand.name)


def literal_text(value: Any, found: Field | None, names: Names, *, ratio: bool = False) -> str:
    """One value of a field as people read it."""
    if value is None:
        return _("none")
    if ratio:
        return percent_text(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | float | int):
        return amount_text(value, found.unit if found else "")
    text = str(value)
    if found is not None and found.type is FieldType.REGION:
        return names.region(text)
    if found is not None and found.type is FieldType.INDUSTRY:
        return names.industry_class(text)
    if found is not None and found.type is FieldType.ENUM:
        return ownership_labels().get(text, text)
    return text


def _shift_text(shift: RelativeDate) -> str:
    parts = []
    for amount, singular, plural in (
        (shift.years, "%(count)d year", "%(count)d years"),
        (shift.months, "%(count)d month", "%(count)d months"),
        (shift.days, "%(count)d day", "%(count)d days"),
    ):
        if amount:
            parts.append(ngettext(singular, plural, abs(amount)) % {"count": abs(amount)})
    return ", ".join(parts)


def bound_text(
    bound: Bound, found: Field | None, names: Names, as_of: datetime.date, *, ratio: bool = False
) -> str:
    if isinstance(bound, ParameterRef):
        parameter = DEFAULT_PARAMETERS.get(bound.name)
        value = literal_text(resolve(bound, as_of, DEFAULT_PARAMETERS), found, names, ratio=ratio)
        label = parameter.labels.get(language()) if parameter else bound.name
        return _("%(value)s (%(parameter)s)") % {"value": value, "parameter": label}
    if isinstance(bound, RelativeDate):
        day = bound.on(as_of).isoformat()
        backwards = (bound.years, bound.months, bound.days) <= (0, 0, 0)
        if not (bound.years or bound.months or bound.days):
            return _("the day of assessment (%(date)s)") % {"date": day}
        words = (
            _("%(shift)s before the day of assessment")
            if backwards
            else _("%(shift)s after the day of assessment")
        )
        return _("%(date)s (%(words)s)") % {
            "date": day,
            "words": words % {"shift": _shift_text(bound)},
        }
    return literal_text(bound, found, names, ratio=ratio)


def _comparison_words(op: str, date: bool) -> str:
    # The messages are listed in full for the translators' extraction.
    if date:
        return {
            "=": _("%(subject)s is on %(value)s"),
            "!=": _("%(subject)s is not on %(value)s"),
            "<": _("%(subject)s is before %(value)s"),
            "<=": _("%(subject)s is on or before %(value)s"),
            ">": _("%(subject)s is after %(value)s"),
            ">=": _("%(subject)s is on or after %(value)s"),
        }[op]
    return {
        "=": _("%(subject)s is %(value)s"),
        "!=": _("%(subject)s is not %(value)s"),
        "<": _("%(subject)s is less than %(value)s"),
        "<=": _("%(subject)s is at most %(value)s"),
        ">": _("%(subject)s is more than %(value)s"),
        ">=": _("%(subject)s is at least %(value)s"),
    }[op]


def criterion_words(node: Criterion, names: Names, as_of: datetime.date) -> str:
    """The criterion as a sentence: "main-business revenue is at least 2,000 10,000 yuan"."""
    if isinstance(node, QualificationValid):
        from zhaoshang.rules import ENTERPRISE_FIELDS

        qualification = ENTERPRISE_FIELDS.qualification(node.name)
        label = qualification.labels.get(language()) if qualification else node.name
        if node.on is None:
            return _("holds a valid qualification: %(qualification)s") % {"qualification": label}
        return _("holds a valid qualification on %(date)s: %(qualification)s") % {
            "qualification": label,
            "date": bound_text(node.on, None, names, as_of),
        }
    left = node.left  # type: ignore[attr-defined]
    found, ratio = field_of(left), isinstance(left, Ratio)
    subject = subject_text(left)
    if isinstance(node, Comparison):
        if found is not None and found.type is FieldType.BOOLEAN:
            value = bool(resolve(node.value, as_of, DEFAULT_PARAMETERS)) == (node.op == "=")
            return (_("%(subject)s: yes") if value else _("%(subject)s: no")) % {"subject": subject}
        date = found is not None and found.type is FieldType.DATE
        value_words = bound_text(node.value, found, names, as_of, ratio=ratio)
        return _comparison_words(node.op, date) % {"subject": subject, "value": value_words}
    if isinstance(node, Between):
        return _("%(subject)s is between %(low)s and %(high)s") % {
            "subject": subject,
            "low": bound_text(node.low, found, names, as_of, ratio=ratio),
            "high": bound_text(node.high, found, names, as_of, ratio=ratio),
        }
    if isinstance(node, Membership):
        values = ", ".join(literal_text(v, found, names) for v in node.values)
        words = (
            _("%(subject)s is none of: %(values)s")
            if node.negated
            else _("%(subject)s is one of: %(values)s")
        )
        return words % {"subject": subject, "values": values}
    if isinstance(node, RegionWithin):
        places = ", ".join(names.region(p) for p in node.prefixes)
        return _("%(subject)s is within %(places)s") % {"subject": subject, "places": places}
    assert isinstance(node, IndustryWithin)
    ranges = ", ".join(names.industry_range(r) for r in node.ranges)
    return _("%(subject)s is within %(places)s") % {"subject": subject, "places": ranges}


def custom_label(node: Node) -> str:
    """The criterion's own label in the active language, when an officer gave one."""
    labels = node.labels
    if labels is None or node.id == SCOPE_ID:
        return ""
    default = format_node(node) if isinstance(node, Criterion) else ""
    if labels.en == labels.zh_hans == labels.zh_hant == default:
        return ""
    return labels.get(language())


def criterion_text(node: Criterion, names: Names, as_of: datetime.date) -> str:
    return custom_label(node) or criterion_words(node, names, as_of)


def node_text(node: Node, names: Names, as_of: datetime.date) -> str:
    """A criterion's sentence; a group's criteria joined ("one of: …; …")."""
    if isinstance(node, Criterion):
        return criterion_text(node, names, as_of)
    label = custom_label(node)
    if label:
        return label
    if isinstance(node, Not):
        return _("not: %(item)s") % {"item": node_text(node.child, names, as_of)}
    assert isinstance(node, All | Any_)
    items = "; ".join(node_text(child, names, as_of) for child in node.children)
    if isinstance(node, Any_):
        return _("one of: %(items)s") % {"items": items}
    return _("all of: %(items)s") % {"items": items}


@dataclass
class OutlineItem:
    """A group (with its heading) or a criterion (with its sentence), for templates."""

    kind: str  # all, any, not, criterion
    text: str
    children: list[OutlineItem] = field(default_factory=list)
    id: str = ""


def rule_outline(rule: Rule, as_of: datetime.date, names: Names | None = None) -> OutlineItem:
    names = names or Names.of(rule)

    def visit(node: Node) -> OutlineItem:
        if isinstance(node, All):
            kids = [visit(c) for c in node.children]
            return OutlineItem("all", custom_label(node) or _("All of these:"), kids, node.id)
        if isinstance(node, Any_):
            kids = [visit(c) for c in node.children]
            heading = custom_label(node) or _("At least one of these:")
            return OutlineItem("any", heading, kids, node.id)
        if isinstance(node, Not):
            heading = custom_label(node) or _("Excluded when:")
            return OutlineItem("not", heading, [visit(node.child)], node.id)
        assert isinstance(node, Criterion)
        return OutlineItem("criterion", criterion_text(node, names, as_of), [], node.id)

    return visit(rule.root)


def rule_as_text(data: Any) -> str:
    """A stored rule (its JSON) in the rule language officers write, for the audit log;
    the JSON itself when it does not read as a rule."""
    import json

    from zhaoshang.rules.errors import RuleError
    from zhaoshang.rules.textprint import format_text
    from zhaoshang.rules.validate import parse_rule

    if not data:
        return "∅"
    try:
        return format_text(parse_rule(data))
    except (RuleError, ValueError, TypeError):
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def register_audit_display() -> None:
    """Teach the audit log the policies' fields (called from the app's ready)."""
    from zhaoshang.core import audit_display
    from zhaoshang.core.formatting import format_wan
    from zhaoshang.policies.models import Policy, PolicyVersion

    for model in (Policy, PolicyVersion):
        audit_display.value_display(model, "rule", rule_as_text)
        audit_display.value_display(model, "benefit_amount", format_wan)
