"""Reading the text form of a rule into the same tree as its JSON form.

    rule       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | "(" rule ")" | ("all" | "any") "(" rule ")" | criterion
    criterion  := QUALIFICATION "valid" ["on" bound]
                | operand ("=" | "!=" | "<" | "<=" | ">" | ">=") bound
                | operand ["not"] "in" "[" literal ("," literal)* "]"
                | operand "between" bound "and" bound
                | field "within" (code | "[" code ("," code)* "]")
    operand    := field ["/" field]             (a ratio: never integer division)
    field      := NAME ["[" YEAR "]"]           (revenue[2023]: a named year)
    bound      := literal | PARAMETER | "as_of" (("+" | "-") N ("years" | "months" | "days"))*
    literal    := NUMBER ["%"] | 'text' | YYYY-MM-DD | true | false | CHOICE
    code       := 4412 | C13..C43 | C | C1311

Ids are generated (c1, c2, ... for criteria; g1, ... for groups) and labels are the text of
each criterion. Errors give the line and column, with the line and a caret.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhaoshang.rules.errors import RuleError, TextSyntaxError, position_of
from zhaoshang.rules.fields import ENTERPRISE_FIELDS, FieldRegistry, FieldType
from zhaoshang.rules.lexer import Token, TokenStream
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.tree import Rule
from zhaoshang.rules.validate import parse_rule

_COMPARISONS = {"=", "==", "!=", "<>", "<", "<=", ">", ">=", "≥", "≤", "≠"}
_UNITS = {"year": "years", "years": "years", "month": "months", "months": "months"}
_UNITS.update({"day": "days", "days": "days"})


def parse_text(
    text: str,
    *,
    fields: FieldRegistry = ENTERPRISE_FIELDS,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
) -> Rule:
    """Parse and check a rule in the text form. Raises ``TextSyntaxError`` (a ``RuleError``)
    located by line and column."""
    reader = _TextReader(text, fields)
    data = reader.rule()
    try:
        return parse_rule(data, fields=fields, parameters=parameters)
    except RuleError as error:
        errors = getattr(error, "errors", (error,))
        first = errors[0]
        line, column = position_of(text, reader.offset_of(first.path, data))
        raise TextSyntaxError(line, column, first.message, text) from None


class _TextReader:
    def __init__(self, text: str, fields: FieldRegistry) -> None:
        self.stream = TokenStream(text)
        self.fields = fields
        self.offsets: dict[int, dict[str, int]] = {}  # id(node) -> key -> offset

    def mark(self, node: dict[str, Any], key: str, token: Token) -> None:
        self.offsets.setdefault(id(node), {})[key] = token.offset

    def offset_of(self, path: str, data: Any) -> int:
        """The text offset of the node (or key) a JSON path names."""
        best = 0
        node = data
        for step in path.removeprefix("$").replace("[", ".[").split("."):
            if not step:
                continue
            marks = self.offsets.get(id(node), {}) if isinstance(node, dict) else {}
            best = marks.get("", best)
            if isinstance(node, dict) and step in node:
                best = marks.get(step, best)
                node = node[step]
            elif isinstance(node, list) and step.startswith("["):
                index = int(step[1:-1])
                if index >= len(node):
                    break
                node = node[index]
            else:
                break
        if isinstance(node, dict):
            best = self.offsets.get(id(node), {}).get("", best)
        return best

    # -- groups ----------------------------------------------------------------------------

    def rule(self) -> dict[str, Any]:
        node = self.any_()
        if self.stream.current.kind != "end":
            self.stream.fail("expected and, or, or the end of the rule")
        return node

    def _group(self, word: str, key: str, inner: Any) -> dict[str, Any]:
        start = self.stream.current
        items = [inner()]
        while self.stream.accept(word):
            items.append(inner())
        if len(items) == 1:
            return items[0]
        node = {key: items}
        self.mark(node, "", start)
        return node

    def any_(self) -> dict[str, Any]:
        return self._group("or", "any", self.all_)

    def all_(self) -> dict[str, Any]:
        return self._group("and", "all", self.not_)

    def not_(self) -> dict[str, Any]:
        stream = self.stream
        start = stream.current
        if stream.accept("not"):
            node = {"not": self.not_()}
            self.mark(node, "", start)
            return node
        if stream.accept("("):
            inner = self.any_()
            stream.expect(")", "')' closing the group")
            return inner
        if stream.at("all", "any") and stream.peek().text == "(":
            key = stream.advance().text.lower()
            stream.advance()
            group: dict[str, Any] = {key: [self.any_()]}  # a group of one child
            self.mark(group, "", start)
            stream.expect(")", "')' closing the group")
            return group
        return self.criterion()

    # -- criteria ---------------------------------------------------------------------------

    def criterion(self) -> dict[str, Any]:
        stream = self.stream
        start = stream.current
        if start.kind != "name":
            stream.fail("expected a criterion (a field, a qualification, not, or '(')")
        if stream.peek().text.lower() == "valid":
            stream.advance()
            stream.advance()
            node: dict[str, Any] = {"qualification": start.text, "op": "valid"}
            self.mark(node, "", start)
            self.mark(node, "qualification", start)
            if stream.accept("on"):
                self.mark(node, "value", stream.current)
                node["value"] = self.bound(FieldType.DATE, ())
            return node
        node = {}
        self.mark(node, "", start)
        self.operand(node)
        type_, choices = self._type_of(node)
        op_token = stream.current
        self.mark(node, "op", op_token)
        if op_token.text in _COMPARISONS:
            stream.advance()
            node["op"] = op_token.text
            self.mark(node, "value", stream.current)
            node["value"] = self.bound(type_, choices)
        elif stream.at("not", "in"):
            negated = bool(stream.accept("not"))
            stream.expect("in", "'in' after 'not'")
            node["op"] = "not_in" if negated else "in"
            self.mark(node, "value", stream.current)
            node["value"] = self.items(lambda: self.literal(type_, choices))
        elif stream.accept("between"):
            node["op"] = "between"
            self.mark(node, "value", stream.current)
            low = self.bound(type_, choices)
            stream.expect("and", "'and' between the two bounds")
            node["value"] = [low, self.bound(type_, choices)]
        elif stream.accept("within"):
            node["op"] = "within"
            self.mark(node, "value", stream.current)
            values = self.items(lambda: self.code(type_), single=True)
            node["value"] = values[0] if len(values) == 1 and not self._bracketed else values
        else:
            stream.fail("expected an operator (=, !=, <, <=, >, >=, in, not in, between, within)")
        return node

    def operand(self, node: dict[str, Any]) -> None:
        first = self.field()
        if self.stream.accept("/"):
            self.mark(node, "ratio", self.stream.current)
            node["ratio"] = {"numerator": first, "denominator": self.field()}
        elif isinstance(first, dict):
            node.update(first)
        else:
            node["field"] = first

    def field(self) -> str | dict[str, Any]:
        token = self.stream.current
        if token.kind != "name":
            self.stream.fail("expected a field name")
        self.stream.advance()
        if not self.stream.accept("["):
            return token.text
        year = self.stream.current
        if year.kind != "number" or not year.text.isdigit():
            self.stream.fail("expected a year such as 2023")
        self.stream.advance()
        self.stream.expect("]", "']' after the year")
        return {"field": token.text, "year": int(year.text)}

    def _type_of(self, node: dict[str, Any]) -> tuple[FieldType | None, tuple[str, ...]]:
        if "ratio" in node:
            return FieldType.NUMBER, ()
        found = self.fields.get(node.get("field", ""))
        return (found.type, found.choices) if found else (None, ())

    _bracketed = False

    def items(self, item: Any, single: bool = False) -> list[Any]:
        stream = self.stream
        self._bracketed = bool(stream.accept("["))
        if not self._bracketed:
            if single:
                return [item()]
            stream.fail("expected '[' opening a list")
        values = [item()]
        while stream.accept(","):
            values.append(item())
        stream.expect("]", "',' or ']'")
        self._bracketed = True
        return values

    def code(self, type_: FieldType | None) -> str:
        stream = self.stream
        token = stream.current
        if token.kind == "string":
            stream.advance()
            return token.value
        if token.kind not in ("number", "name"):
            stream.fail("expected a code (4412, C13..C43)")
        stream.advance()
        text = token.text
        if type_ is not FieldType.REGION and stream.accept(".."):
            end = stream.current
            if end.kind not in ("number", "name"):
                stream.fail("expected the end of the range")
            stream.advance()
            text += ".." + end.text
        return text

    def bound(self, type_: FieldType | None, choices: tuple[str, ...]) -> Any:
        stream = self.stream
        token = stream.current
        if token.kind == "name" and token.text == "as_of":
            stream.advance()
            shift: dict[str, int] = {}
            while stream.at("+", "-"):
                sign = -1 if stream.advance().text == "-" else 1
                amount = stream.current
                if amount.kind != "number" or not amount.text.isdigit():
                    stream.fail("expected a whole number of years, months or days")
                stream.advance()
                unit = stream.current
                if unit.text.lower() not in _UNITS:
                    stream.fail("expected years, months or days")
                stream.advance()
                key = _UNITS[unit.text.lower()]
                shift[key] = shift.get(key, 0) + sign * int(amount.text)
            return {"relative": shift}
        if (
            token.kind == "name"
            and token.text not in choices
            and token.text.lower() not in ("true", "false")
        ):
            stream.advance()
            return {"parameter": token.text}
        return self.literal(type_, choices)

    def literal(self, type_: FieldType | None, choices: tuple[str, ...]) -> Any:
        stream = self.stream
        token = stream.current
        if token.kind == "string":
            stream.advance()
            return token.value
        if token.kind == "date":
            stream.advance()
            return token.text
        if token.kind == "name":
            stream.advance()
            lowered = token.text.lower()
            if lowered in ("true", "false") and type_ is not FieldType.ENUM:
                return lowered == "true"
            return token.text
        negative = bool(stream.accept("-"))
        token = stream.current
        if token.kind != "number":
            stream.fail("expected a value")
        stream.advance()
        if type_ in (FieldType.REGION, FieldType.INDUSTRY, FieldType.TEXT) and not negative:
            return token.text
        number = Decimal(token.text)
        if stream.accept("%"):
            number /= 100
        return -number if negative else number


__all__ = ["TextSyntaxError", "parse_text"]
