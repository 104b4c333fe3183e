"""The errors a rule, a text form or a formula can be refused with."""

from __future__ import annotations

from collections.abc import Sequence


class RuleError(ValueError):
    """A rule refused: ``path`` locates the offending node (``$.all[2].any[0].value`` for a
    JSON tree, ``line 3, column 7`` for the text form), ``message`` says why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class RuleErrors(RuleError):
    """Several problems found in one rule; ``errors`` lists each one, the first is the
    exception's own path and message."""

    def __init__(self, errors: Sequence[RuleError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.message)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return "\n".join(f"{e.path}: {e.message}" for e in self.errors)


class TextSyntaxError(RuleError):
    """A text-form rule (or formula) refused, located by line and column (both from 1).
    ``excerpt`` is the offending line with a caret under the column."""

    def __init__(self, line: int, column: int, message: str, source: str = "") -> None:
        self.line = line
        self.column = column
        lines = source.splitlines() or [""]
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        self.excerpt = f"    {text}\n    {' ' * (column - 1)}^" if source else ""
        super().__init__(f"line {line}, column {column}", message)

    def __str__(self) -> str:
        head = f"{self.path}: {self.message}"
        return f"{head}\n{self.excerpt}" if self.excerpt else head


class ParameterError(RuleError):
    """A named parameter that is unknown, or has no value on the date asked for."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"parameter {name}", message)
        self.name = name


def position_of(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1) of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
