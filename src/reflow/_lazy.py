"""Regular expressions compiled on their first use, not at import.

The Python engine's line grammars are large ``regex`` patterns: the byline
grammar alone takes about 18 ms to compile, the grammars of patterns.py,
markers.py and the headline spacing rule together about 50 ms — a quarter of
``import reflow``, paid by every run of the command line, while the native
engine never runs them. :class:`LazyPattern` holds a pattern's text and flags
and compiles it the first time it is used.
"""

from __future__ import annotations

import regex


class LazyPattern:
    """A ``regex`` pattern, compiled the first time one of its methods or
    attributes (``search``, ``fullmatch``, ``finditer``, ``flags``…) is asked
    for. ``pattern`` is the text, read without compiling, so that patterns
    can be composed from it.

    >>> p = LazyPattern(r"(?P<n>\\d+)版")
    >>> p.pattern, p.is_compiled
    ('(?P<n>\\\\d+)版', False)
    >>> p.search("下转12版").group("n"), p.is_compiled
    ('12', True)
    """

    __slots__ = ("pattern", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled = None

    def compiled(self) -> regex.Pattern:
        """The compiled pattern (compiled now, the first time). Two threads
        may both compile it; each gets the same pattern."""
        found = self._compiled
        if found is None:
            found = self._compiled = regex.compile(self.pattern, self._flags)
        return found

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    def __getattr__(self, name: str):
        # Only names that are not slots come here: the compiled pattern's.
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}{'…' if len(self.pattern) > 40 else ''})"
