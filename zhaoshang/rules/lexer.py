"""Tokens of the text forms (rules and benefit formulas)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhaoshang.rules.errors import TextSyntaxError, position_of

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+|\#[^\n]*)
  | (?P<date>\d{4}-\d{2}-\d{2}(?![\d-]))
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\.\.|>=|<=|!=|<>|==|[=<>≥≤≠/*+\-%()\[\],])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # date, number, string, name, op, end
    text: str
    offset: int

    @property
    def value(self) -> str:
        """A string token's text without quotes and escapes."""
        if self.kind != "string":
            return self.text
        return re.sub(r"\\(.)", r"\1", self.text[1:-1])


def tokenize(source: str) -> list[Token]:
    tokens = []
    offset = 0
    while offset < len(source):
        match = _TOKEN.match(source, offset)
        if match is None:
            line, column = position_of(source, offset)
            raise TextSyntaxError(line, column, f"unexpected character {source[offset]!r}", source)
        kind = match.lastgroup or "op"
        if kind != "space":
            tokens.append(Token(kind, match.group(), offset))
        offset = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


class TokenStream:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.current
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        token = self.current
        return token.kind in ("op", "name") and token.text.lower() in texts

    def accept(self, *texts: str) -> Token | None:
        return self.advance() if self.at(*texts) else None

    def expect(self, text: str, what: str | None = None) -> Token:
        if not self.at(text):
            self.fail(f"expected {what or repr(text)}")
        return self.advance()

    def fail(self, message: str, token: Token | None = None) -> TextSyntaxError:
        token = token or self.current
        found = "the end of the text" if token.kind == "end" else repr(token.text)
        line, column = position_of(self.source, token.offset)
        raise TextSyntaxError(line, column, f"{message}, found {found}", self.source)
