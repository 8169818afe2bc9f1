"""JSONL records edited in place: the one field reflow writes changes, every
other byte of the line stays as it was.

Re-serialising a parsed record is not "unchanged": ``1e400`` would become
``Infinity`` (not JSON), ``1.10`` would become ``1.1``, key order, spacing and
escapes could move. So the line is read with the positions of its fields, and
only the output field's value is replaced (or the field added at the end of
its object).
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")


class RecordError(ValueError):
    """A record reflow cannot process (it is passed through or skipped)."""


class MissingKey(RecordError):
    """The record has no field at the text key."""


def _members(s: str, start: int) -> tuple[dict[str, tuple[int, int, object]], int]:
    """The members of the JSON object at s[start] ('{'): name -> (value start,
    value end, value), the last of duplicated names winning; and the index of
    the closing '}'."""
    out: dict[str, tuple[int, int, object]] = {}
    i = _WS.match(s, start + 1).end()
    if s[i:i + 1] == "}":
        return out, i
    while True:
        if s[i:i + 1] != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", s, i)
        key, i = scanstring(s, i + 1)
        i = _WS.match(s, i).end()
        if s[i:i + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", s, i)
        i = _WS.match(s, i + 1).end()
        try:
            value, end = _DECODER.scan_once(s, i)
        except StopIteration:
            raise json.JSONDecodeError("Expecting value", s, i) from None
        out[key] = (i, end, value)
        i = _WS.match(s, end).end()
        if s[i:i + 1] == ",":
            i = _WS.match(s, i + 1).end()
            continue
        if s[i:i + 1] == "}":
            return out, i
        raise json.JSONDecodeError("Expecting ',' delimiter", s, i)


def dumps(value, escape: bool = True) -> str:
    """JSON for *value*, UTF-8 as it is, lone surrogates escaped (they cannot
    be written as UTF-8; ``\\ud800`` is valid JSON for them). With *escape*
    False they are left in: for a caller that encodes the line at once and
    comes back here where that fails (the search costs as much as the
    encoding, and a record almost never holds one)."""
    text = json.dumps(value, ensure_ascii=False)
    if escape and _SURROGATE.search(text):  # only inside strings: escape them in place
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


class Record:
    """One JSONL line, parsed with the positions of its fields."""

    __slots__ = ("line", "top")

    def __init__(self, line: str) -> None:
        self.line = line
        i = _WS.match(line).end()
        if line[i:i + 1] != "{":
            # Valid JSON that is not an object is still not a record.
            try:
                json.loads(line)
            except json.JSONDecodeError:
                raise
            raise RecordError("a JSONL record must be an object")
        members, close = _members(line, i)
        rest = _WS.match(line, close + 1).end()
        if rest != len(line):
            raise json.JSONDecodeError("Extra data", line, rest)
        self.top = (i, members, close)

    def _find(self, parts: list[str]):
        """The object holding parts[-1]: (its members, its closing index), or
        the path part that is missing (and the object where it would go)."""
        start, members, close = self.top
        for n, part in enumerate(parts[:-1]):
            if part not in members:
                return members, close, n
            vstart, _, value = members[part]
            if not isinstance(value, dict):
                raise RecordError(f"field {'.'.join(parts[:n + 1])!r} is not an object")
            members, close = _members(self.line, vstart)
        return members, close, len(parts) - 1

    def get(self, key: str):
        parts = key.split(".")
        members, _, n = self._find(parts)
        if n != len(parts) - 1 or parts[-1] not in members:
            names = ", ".join(map(repr, list(members)[:8])) + (", …" if len(members) > 8 else "")
            raise MissingKey(f"no field {key!r} (its fields: {names or 'none'})")
        return members[parts[-1]][2]

    def set(self, key: str, value, escape: bool = True) -> str:
        """The line with *key* set to *value*; nothing else changed. (*escape*:
        see :func:`dumps`.)"""
        parts = key.split(".")
        members, close, n = self._find(parts)
        line = self.line
        if n == len(parts) - 1 and parts[-1] in members:
            vstart, vend, _ = members[parts[-1]]
            return line[:vstart] + dumps(value, escape) + line[vend:]
        # Add the missing part of the path at the end of the object found.
        for part in reversed(parts[n + 1:]):
            value = {part: value}
        member = dumps(parts[n], escape) + ": " + dumps(value, escape)
        sep = ", " if members else ""
        return line[:close] + sep + member + line[close:]
