"""Generate rust/reflow-core/src/patterns_gen.rs from reflow's compiled line grammars.

The native line grammars (grammar.rs, markers.rs) must match exactly what the
Python ones match, so their patterns are not retyped: this script reads the
compiled Python patterns (``patterns.BYLINE``, ``markers.MARKER_PATTERN``, ...)
and translates each pattern string into the syntax of Rust's ``fancy-regex``:

- VERBOSE is applied here (white space and ``#`` comments outside classes are
  dropped), so no ``(?x)`` reaches Rust, where it would also drop the literal
  space that Python keeps inside ``[ \\t\\u3000]``.
- Every character class, ``\\p{Han}``, ``\\s``, ``\\d`` and ``.`` becomes the
  explicit code point ranges that Python's ``regex`` gives it (asked code point
  by code point, as gen_tables.py does), so the Unicode version of Rust's
  regex-syntax never matters.
- Lone surrogates cannot be in a Rust ``&str``: the Rust side replaces each
  with :data:`STAND_IN` (U+FFFF) before matching; this script checks that every
  class treats U+FFFF exactly as it treats every surrogate, so the stand-in
  changes no answer.
- ``$`` (end, or before a final newline, in Python) becomes ``(?=\\n?\\z)``;
  ``\\Z`` (Python: the very end) becomes ``\\z``; ``^`` becomes ``\\A``.
- How a function applies a pattern is written into it: ``fullmatch`` wraps it in
  ``\\A(?:...)\\z``, ``match`` in ``\\A(?:...)``; ``search`` / ``finditer`` keep it
  unanchored.

    python rust/gen_patterns.py            # rewrite the file
    python rust/gen_patterns.py --check    # exit 1 if the file is stale

tests/test_differential_grammar.py::test_generated_patterns_are_current runs
the check, so a change to patterns.py or markers.py (or a ``regex`` release with
new Unicode data) that is not regenerated fails the suite.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "reflow-core" / "src" / "patterns_gen.rs"

try:
    import reflow  # noqa: F401
except ImportError:  # run from a checkout
    sys.path.insert(0, str(HERE.parent / "src"))

import regex

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # gen_common, beside this script
import gen_common  # noqa: E402

from reflow import chars, markers, patterns

#: What the Rust side puts in place of a lone surrogate before matching.
STAND_IN = 0xFFFF
SURROGATES = range(0xD800, 0xE000)

ALL = "".join(map(chr, range(0x110000)))  # lone surrogates included: they are code points

#: The flags a translated pattern may carry (UNICODE is regex's default for str patterns).
ALLOWED_FLAGS = regex.VERBOSE | regex.UNICODE | regex.VERSION0


@functools.lru_cache(maxsize=None)
def class_ranges(source: str, flags: int) -> tuple[tuple[int, int], ...]:
    """The code points the one-character pattern *source* matches, as inclusive ranges."""
    found = regex.compile(f"(?:{source})+", flags)
    return tuple((m.start(), m.end() - 1) for m in found.finditer(ALL))


def contains(rs, cp: int) -> bool:
    return any(a <= cp <= b for a, b in rs)


def rust_class(source: str, flags: int) -> str:
    """*source* (a class, an escape like \\p{Han}, or .) as an explicit Rust class."""
    rs = class_ranges(source, flags)
    surrogates = {contains(rs, cp) for cp in (SURROGATES.start, 0xDB80, SURROGATES.stop - 1)}
    covered = sum(min(b, SURROGATES.stop - 1) - max(a, SURROGATES.start) + 1
                  for a, b in rs if a < SURROGATES.stop and b >= SURROGATES.start)
    assert covered in (0, len(SURROGATES)), f"{source!r} holds some surrogates, not all"
    assert len(surrogates) == 1
    assert contains(rs, STAND_IN) == (covered != 0), \
        f"{source!r} treats U+{STAND_IN:04X} unlike a surrogate: choose another stand-in"
    parts = []
    for a, b in rs:
        # Cut the surrogates out (Rust cannot hold them; the stand-in takes their place).
        pieces = [(a, b)]
        if a < SURROGATES.stop and b >= SURROGATES.start:
            pieces = [(a, SURROGATES.start - 1), (SURROGATES.stop, b)]
        for x, y in pieces:
            if x > y:
                continue
            parts.append(f"{esc(x)}" if x == y else f"{esc(x)}-{esc(y)}")
    assert parts, f"{source!r} matches nothing Rust can hold"
    return "[" + "".join(parts) + "]"


def esc(cp: int) -> str:
    return f"\\x{{{cp:X}}}"


def literal(ch: str) -> str:
    cp = ord(ch)
    assert cp not in SURROGATES and cp != STAND_IN, f"literal {cp:#x} in a pattern"
    if ch.isascii() and not ch.isalnum():
        return esc(cp)
    if ch.isascii() or (ch.isprintable() and not ch.isspace()):
        return ch
    return esc(cp)


_QUANT = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_ESCAPED_LITERALS = set("[](){}.*+?^$|\\-/#&~ \"'")


def translate(pattern: str, flags: int, relaxed: bool = False) -> str:
    """Python ``regex`` pattern text -> fancy-regex pattern text (see the module doc).

    *relaxed* drops every look-around (and ``$``, a lookahead once translated):
    what is left matches wherever the pattern does, and more, and needs no
    backtracking VM, so it serves as a quick necessary test.
    """
    assert flags & ~ALLOWED_FLAGS == 0, f"unsupported flags {flags:#x}"
    verbose = bool(flags & regex.VERBOSE)
    out: list[str] = []
    groups: list[int | None] = []  # per open group: where a dropped look-around began in out
    i, n = 0, len(pattern)
    atom_ok = False  # whether a quantifier may follow here

    def quantifier(j: int) -> int:
        """Copy the quantifier at j (if any) and return the position after it."""
        if j < n and pattern[j] in "*+?":
            q = pattern[j]
            j += 1
        elif j < n and pattern[j] == "{" and (m := _QUANT.match(pattern, j)):
            lo, hi = m.group(1), m.group(2)
            if m.group(0).find(",") < 0:
                assert lo, m.group(0)
                q = "{" + lo + "}"
            else:
                q = "{" + (lo or "0") + "," + hi + "}"
                assert hi, "open-ended {m,} not expected"
            j = m.end()
        else:
            return j
        if j < n and pattern[j] == "?":
            q += "?"
            j += 1
        assert not (j < n and pattern[j] == "+"), "possessive quantifiers are not translated"
        out.append(q)
        return j

    while i < n:
        ch = pattern[i]
        if verbose and ch in " \t\n\r\f\v":
            i += 1
            continue
        assert not (verbose and ch.isspace()), f"non-ASCII white space {ch!r} outside a class"
        if verbose and ch == "#":
            while i < n and pattern[i] != "\n":
                i += 1
            continue
        if ch in "*+?{" and atom_ok:
            if ch == "{" and not _QUANT.match(pattern, i):
                raise AssertionError(f"a literal {{ at {i}")
            before = len(out)
            i = quantifier(i)
            assert len(out) == before + 1
            atom_ok = False
            continue
        if ch == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                if pattern[j] == "\\":
                    j += 2
                    continue
                assert pattern[j] != "[", f"a nested set at {j}: not translated"
                j += 1
            assert j < n, "unterminated class"
            out.append(rust_class(pattern[i:j + 1], flags))
            i = j + 1
            atom_ok = True
            continue
        if ch == "\\":
            nxt = pattern[i + 1]
            if nxt in "pP":
                assert pattern[i + 2] == "{"
                j = pattern.index("}", i) + 1
                out.append(rust_class(pattern[i:j], flags))
                i = j
                atom_ok = True
            elif nxt in "sSdDwW":
                out.append(rust_class(pattern[i:i + 2], flags))
                i += 2
                atom_ok = True
            elif nxt == "A":
                out.append(r"\A")
                i += 2
                atom_ok = False
            elif nxt == "Z":
                out.append(r"\z")
                i += 2
                atom_ok = False
            elif nxt in "tnrfv":
                out.append(esc(ord({"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}[nxt])))
                i += 2
                atom_ok = True
            elif nxt == "u":
                out.append(literal(chr(int(pattern[i + 2:i + 6], 16))))
                i += 6
                atom_ok = True
            elif nxt in _ESCAPED_LITERALS:
                out.append(literal(nxt))
                i += 2
                atom_ok = True
            else:
                raise AssertionError(f"escape \\{nxt} is not translated")
            continue
        if ch == "(":
            if pattern.startswith("(?:", i):
                out.append("(?:")
                i += 3
            elif pattern.startswith("(?P<", i):
                j = pattern.index(">", i)
                out.append(f"(?P<{pattern[i + 4:j]}>")
                i = j + 1
            elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                size = 4 if pattern[i + 2] == "<" else 3
                if relaxed:
                    groups.append(len(out))
                    out.append("(?:")
                    i += size
                    atom_ok = False
                    continue
                out.append(pattern[i:i + size])
                i += size
            else:
                raise AssertionError(f"group {pattern[i:i + 4]!r} is not translated (plain groups are not used)")
            groups.append(None)
            atom_ok = False
            continue
        if ch == ")":
            dropped = groups.pop()
            if dropped is not None:
                del out[dropped + 1:]  # keep the "(?:" of a dropped look-around, empty
            out.append(")")
            i += 1
            atom_ok = True
            continue
        if ch == "|":
            out.append("|")
            i += 1
            atom_ok = False
            continue
        if ch == ".":
            out.append(rust_class(".", flags))
            i += 1
            atom_ok = True
            continue
        if ch == "^":
            out.append(r"\A")
            i += 1
            atom_ok = False
            continue
        if ch == "$":
            # Python: the end, or just before a newline that ends the string.
            out.append("(?:)" if relaxed else r"(?=\x{A}?\z)")
            i += 1
            atom_ok = False
            continue
        assert ch not in "*+?}", f"a stray {ch!r} at {i}"
        out.append(literal(ch))
        i += 1
        atom_ok = True
    assert not groups, "unbalanced parentheses"
    return "".join(out)


def anchored(how: str, pattern: regex.Pattern, relaxed: bool = False) -> str:
    body = translate(pattern.pattern, pattern.flags, relaxed)
    return {"fullmatch": rf"\A(?:{body})\z", "match": rf"\A(?:{body})", "search": body}[how]


#: (Rust name, the Python pattern, how the Python function applies it, who uses it).
PATTERNS = [
    ("BYLINE", patterns.BYLINE, "fullmatch", "patterns.is_byline"),
    ("DATELINE", patterns.DATELINE, "match", "patterns.dateline_length (group `dateline`)"),
    ("RUNNING_HEAD", patterns.RUNNING_HEAD, "fullmatch", "patterns.is_running_head"),
    ("FOLIO", patterns.FOLIO, "fullmatch", "patterns.is_folio"),
    ("LONE_NAME", patterns._LONE_NAME, "fullmatch", "patterns.is_name"),
    ("SIGNATURE_DATE", patterns.SIGNATURE_DATE, "fullmatch", "patterns.is_signature_date"),
    ("PHOTO_CREDIT", patterns.PHOTO_CREDIT, "search", "patterns.closes_with_photo_credit"),
    ("MARKER", markers.MARKER_PATTERN, "fullmatch", "markers.parse_marker"),
    ("TEASER", markers.TEASER_PATTERN, "fullmatch", "markers._teaser"),
    ("TEASER_PAGE", markers._TEASER_PAGE, "search", "markers._teaser (finditer)"),
    ("ONE_PAGE", markers._ONE_PAGE, "search", "markers._build (finditer)"),
    ("TAIL", markers._TAIL, "search", "markers.split_trailing_marker (finditer, overlapped)"),
    ("HEAD", markers._HEAD, "match", "markers.split_leading_marker"),
]


# --------------------------------------------------------------------------
# Cheaper forms of two patterns, proven equal (or necessary) here and in
# tests/test_differential_grammar.py
# --------------------------------------------------------------------------

_WEEKDAY = "(?:星期[一二三四五六日天]|週[一二三四五六日]|礼拜[一二三四五六日天])"


def _compose_running_head(credit: str, head_dated: str) -> str:
    """``patterns.RUNNING_HEAD``'s pattern text, composed as patterns.py composes it."""
    sp, num = patterns._SP, patterns._NUM
    return rf"""
    (?:
        .{{0,30}}?{_WEEKDAY}.{{0,30}}?第?{num}{{1,3}}[版頁页]
      | .{{0,30}}?第{sp}?{num}{{1,3}}{sp}?版.{{0,30}}?(?:星期[一二三四五六日天]|週[一二三四五六日])
      | {credit}(?:{sp}{{0,4}}[“”"|·•]?{sp}{{0,4}}{credit}){{0,5}}   # OCR reads a separator as “ or |
      | {head_dated}
      | ISSN{sp}?\d{{4}}-\d{{3}}[\dXx].{{0,40}}
      | (?:国内统一连续出版物号|國內統一連續出版物號|邮发代号|郵發代號|定价|定價|零售价|零售價).{{0,40}}
    )
    """


@functools.cache
def running_head_prefilter() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(openings, words): a text RUNNING_HEAD fullmatches either opens with
    one of the openings or holds one of the words.

    Per alternative of the pattern: the first two and the dated head hold a
    weekday (星期, 週 or 礼拜: not optional in any of them), the credits open with
    a label, the rest with ISSN or one of their words. The composition is
    checked against patterns.py, so a change there stops this script until the
    condition is derived again.
    """
    assert _compose_running_head(patterns._CREDIT, patterns._HEAD_DATED) == patterns.RUNNING_HEAD.pattern, \
        "patterns.RUNNING_HEAD changed: derive its prefilter again"
    assert patterns.RUNNING_HEAD.flags & regex.IGNORECASE == 0
    # The weekday is an element of the dated head of its own (a line of the verbose text, no quantifier after it).
    assert f"\n        {_WEEKDAY}\n" in patterns._HEAD_DATED
    assert patterns._CREDIT.startswith(f"(?:{patterns._CREDIT_LABEL}")
    label = patterns._CREDIT_LABEL
    assert label.startswith("(?:") and label.endswith(")") and regex.fullmatch(r"[\p{Han}|]+", label[3:-1])
    words = label[3:-1].split("|") + ["ISSN"] + "国内统一连续出版物号|國內統一連續出版物號|邮发代号|郵發代號|定价|定價|零售价|零售價".split("|")
    return tuple(sorted(set(words))), ("星期", "週", "礼拜")


def running_head_may_match(text: str) -> bool:
    """The prefilter, in Python (what grammar.rs does with the generated tables)."""
    openings, words = running_head_prefilter()
    return text.startswith(openings) or any(w in text for w in words)


def byline_without_lookahead() -> str:
    """``patterns.BYLINE`` without its one look-around, as a (VERBOSE) pattern text
    of the same language under ``fullmatch``.

    The lookahead ``(?={_SP}*$)`` ends the last alternative of ``_ROLE_NAMES`` (文/图
    and a space before the names): when that alternative is taken, only spaces
    follow it to the end. A byline that takes it there takes it in its last
    ``_ROLE_NAMES`` (every one of them consumes Han characters), then the
    optional 报道/摄 part and the bracket and 。 are left out and the remaining
    spaces end the line (no part of the pattern consumes the newline ``$``
    also accepts). So the language is: the pattern without that alternative,
    or the opening, up to three role-names, and the alternative last,
    followed by spaces only.
    """
    p = patterns
    sp = p._SP
    looked = f"{p._SHORT_ROLE}{sp}{{1,2}}{p._NAMES}(?={sp}*$)"
    line = f"\n    | {looked}\n"
    assert p._ROLE_NAMES.count(line) == 1 and p._ROLE_NAMES.endswith(line + ")"), "_ROLE_NAMES changed"
    role_names = p._ROLE_NAMES.replace(line, "\n")
    org = f"(?:{p._ORG}{sp}{{0,2}})?"

    named = rf"[（(]{sp}{{0,2}}{p._SURNAME}\p{{Han}}{{1,2}}{sp}{{0,2}}[）)]"

    def compose(rn: str) -> str:
        return rf"""
    {named}     # （邢娜建）: a name alone in brackets
  | [（(【\[]?{sp}*
    (?:
        (?:{p._ORG}{sp}{{0,2}})? {rn}
        (?:{sp}{{0,3}}(?:{p._ORG}{sp}{{0,2}})?{rn}){{0,3}}
        (?:{sp}{{0,2}}(?:摄影报道|攝影報道|报道|報道|摄|攝|整理))?
      | {p._NAME}{sp}{{0,2}}(?:摄影?|攝影?)                     # 蔡家緯攝
      | {p._NAME}{sp}{{1,2}}(?:编著|編著|著)                     # 靳晓 著 (a book's author)
    )
    {sp}*[）)】\]]?[。]?
    """

    assert compose(p._ROLE_NAMES) == p.BYLINE.pattern, "patterns.BYLINE changed: derive its lookahead-free form again"
    # compose(role_names) or the alternative last; written so that each part
    # appears as often as in BYLINE itself (a bounded repetition is unrolled in
    # the automaton: this keeps its size, and its build time, as they were).
    ending = rf"(?:{sp}{{0,2}}(?:摄影报道|攝影報道|报道|報道|摄|攝|整理))?{sp}*[）)】\]]?[。]?"
    alt = rf"{p._SHORT_ROLE}{sp}{{1,2}}{p._NAMES}{sp}*"
    free = rf"""
    {named}
  | [（(【\[]?{sp}*
    (?:
        {org}{role_names}(?:{sp}{{0,3}}{org}{role_names}){{0,2}}
        (?:
            (?:{sp}{{0,3}}{org}{role_names})?{ending}
          | {sp}{{0,3}}{org}{alt}
        )
      | {org}{alt}
      | {p._NAME}{sp}{{0,2}}(?:摄影?|攝影?){sp}*[）)】\]]?[。]?
      | {p._NAME}{sp}{{1,2}}(?:编著|編著|著){sp}*[）)】\]]?[。]?
    )
    """
    assert not regex.search(r"\(\?<?[=!]|\$", free), "a look-around is left"
    return free


#: Patterns with a lookahead-free form of the same language (under how they are applied):
#: name -> the Python pattern text of that form (the flags are the original's).
LOOKAHEAD_FREE = {"BYLINE": byline_without_lookahead}

_DATELINE_HEAD = "\n    (?![據据])"
_DATELINE_TAIL = '\n    (?=\\s|“|「|"|$|\\p{Han}|[0-9０-９])\n    '


def dateline_without_lookarounds() -> tuple[str, str]:
    """(the characters a dateline cannot open with, ``patterns.DATELINE`` without its
    look-arounds): where the text does not open with one of the characters, the
    form's ``match`` gives the group ``dateline`` the span the pattern's gives it.

    The pattern is ``(?![據据])(?P<dateline>...)(?=C)``, the dateline itself free of
    look-arounds. The negative lookahead tests the first character only (the
    match is anchored there): the native side tests it. The lookahead ends the
    pattern and tests one character, or the end (``$``: the end, or a final
    newline, which ``\\s`` takes): consuming that character instead, or matching
    ``\\Z``, accepts and rejects the same paths in the same order, so the first
    path that succeeds (leftmost-first, as Python's backtracking and
    regex-automata both choose) is the same, with the same group spans.
    """
    src = patterns.DATELINE.pattern
    assert src.startswith(_DATELINE_HEAD) and src.endswith(_DATELINE_TAIL), "patterns.DATELINE changed"
    body = src[len(_DATELINE_HEAD):-len(_DATELINE_TAIL)]
    assert not regex.search(r"\(\?<?[=!]|\$", body), "a look-around inside the dateline"
    free = body + _DATELINE_FOLLOW
    return "據据", free


#: What ``dateline_without_lookarounds`` puts after the group ``dateline``: the
#: lookahead's one code point, consumed, or the end.
_DATELINE_FOLLOW = '\n    (?:\\s|“|「|"|\\Z|\\p{Han}|[0-9０-９])\n'


@functools.cache
def free_dateline() -> regex.Pattern:
    return regex.compile(dateline_without_lookarounds()[1], patterns.DATELINE.flags)


def dateline_end(text: str) -> int:
    """``patterns.dateline_length`` through the lookahead-free form (the native side's way)."""
    text = text[:patterns.MAX_GRAMMAR_CHARS]
    not_first, _ = dateline_without_lookarounds()
    if text[:1] and text[0] in not_first:
        return 0
    m = free_dateline().match(text)
    return m.end("dateline") if m else 0


@functools.cache
def free_pattern(name: str) -> regex.Pattern:
    """The lookahead-free form of *name*, compiled by Python's regex (for the tests)."""
    original = dict((n, p) for n, p, _, _ in PATTERNS)[name]
    return regex.compile(LOOKAHEAD_FREE[name](), original.flags)


def render() -> str:
    out = [
        "// @generated by rust/gen_patterns.py from src/reflow/patterns.py and markers.py: do not edit.",
        "// Python's compiled patterns, translated for fancy-regex (see the script's doc):",
        "// explicit code point ranges for every class, VERBOSE applied, anchors for",
        "// fullmatch / match written in.",
        "",
        "/// What a lone surrogate becomes before matching (every class treats it as a surrogate).",
        f"pub const STAND_IN: char = '\\u{{{STAND_IN:X}}}';",
        "",
    ]
    for name, pattern, how, used in PATTERNS:
        rust = anchored(how, pattern)
        assert '"#' not in rust
        out.append(f"/// `{used}`: `{how}` of the Python pattern.")
        if name in LOOKAHEAD_FREE or name == "DATELINE":
            out.append(f"/// (The native side runs `{name}_FREE`; this one is the reference its tests compare with.)")
            out.append("#[allow(dead_code)]")
        out.append(f'pub const {name}: &str = r#"{rust}"#;')
        out.append("")
        if name in LOOKAHEAD_FREE:
            free = translate(LOOKAHEAD_FREE[name](), pattern.flags)
            free = {"fullmatch": rf"\A(?:{free})\z", "match": rf"\A(?:{free})", "search": free}[how]
            out.append(f"/// `{name}` without look-arounds, the same language (see `{LOOKAHEAD_FREE[name].__name__}`")
            out.append("/// in the script): runs on regex-automata, no backtracking VM.")
            out.append(f'pub const {name}_FREE: &str = r#"{free}"#;')
            out.append("")
        relaxed = anchored(how, pattern, relaxed=True)
        if relaxed != rust:
            out.append(f"/// `{name}` without its look-arounds: matches wherever `{name}` does (and more),")
            out.append("/// without the backtracking VM; a quick test that rules most lines out.")
            if name in LOOKAHEAD_FREE or name == "DATELINE":
                out.append("#[allow(dead_code)]")
            out.append(f'pub const {name}_RELAXED: &str = r#"{relaxed}"#;')
            out.append("")
    not_first, free = dateline_without_lookarounds()
    free = translate(free, patterns.DATELINE.flags)
    out.append("/// `patterns.DATELINE` without look-arounds (see `dateline_without_lookarounds` in the script):")
    out.append("/// on a text that does not open with one of `DATELINE_NOT_FIRST`, its group `dateline` is the pattern's.")
    out.append(f'pub const DATELINE_FREE: &str = r#"\\A(?:{free})"#;')
    out.append("")
    follow = translate(_DATELINE_FOLLOW, patterns.DATELINE.flags) + ")"
    assert f"\\A(?:{free})".endswith(follow), "DATELINE_FREE no longer ends with the group's follow"
    out.append("/// How `DATELINE_FREE` ends: right after its group `dateline`, one code point of a class")
    out.append("/// or `\\z`, then the end of the pattern (`grammar::dateline_length` reads a match's end so;")
    out.append("/// this script checks it, and a test that the group closes right before).")
    out.append("#[cfg(test)]")
    out.append(f'pub const DATELINE_FOLLOW: &str = r#"{follow}"#;')
    out.append("")
    out.append("/// The characters a dateline cannot open with (the pattern's `(?![...])`).")
    out.append(f"pub static DATELINE_NOT_FIRST: [u32; {len(not_first)}] = [" + ", ".join(f"0x{ord(c):04X}" for c in not_first) + "];")
    out.append("")
    openings, weekday_words = running_head_prefilter()
    out += gen_common.words(
        "RUNNING_HEAD_OPENINGS",
        "`RUNNING_HEAD` fullmatches only a text that opens with one of these\n"
        "or holds one of `RUNNING_HEAD_WORDS` (see `running_head_prefilter` in the script).",
        openings,
    )
    out += gen_common.words("RUNNING_HEAD_WORDS", "The words of `RUNNING_HEAD_OPENINGS`' condition, as code points.",
                            weekday_words)
    firsts = sorted({ord(w[0]) for w in weekday_words})
    out.append("/// The first code points of `RUNNING_HEAD_WORDS` (a text that holds none holds no word).")
    out.append(f"pub const RUNNING_HEAD_WORD_FIRSTS: [u32; {len(firsts)}] = ["
               + ", ".join(gen_common.hex_cp(c) for c in firsts) + "];")
    out.append("")
    out.append("/// `patterns.PHOTO_CREDIT_WINDOW`: the characters at the end of a text")
    out.append("/// `patterns.closes_with_photo_credit` reads.")
    out.append(f"pub const PHOTO_CREDIT_WINDOW: usize = {patterns.PHOTO_CREDIT_WINDOW};")
    out.append("")
    out += gen_common.code_points(
        "MARKER_ENDS", "`markers.MARKER_ENDS`: the characters a marker can end with (spaces aside), sorted.",
        sorted(map(ord, markers.MARKER_ENDS)))
    out += gen_common.code_points(
        "MARKER_OCR_ONES", "`markers._OCR_ONES`: what OCR reads for a 1 in a page label (`markers.normalize_label`).",
        [ord(c) for c in markers._OCR_ONES])
    assert all(len(s) == 1 for s in chars.SURNAMES)
    assert all(len(s) == 2 for s in chars.COMPOUND_SURNAMES)
    out += gen_common.code_points("SURNAMES", "`chars.SURNAMES` (`patterns.is_name`), sorted.",
                                  sorted(map(ord, chars.SURNAMES)))
    compound = sorted([ord(a), ord(b)] for a, b in chars.COMPOUND_SURNAMES)
    out.append("/// `chars.COMPOUND_SURNAMES` (`patterns.is_name`), sorted.")
    out.append(f"pub static COMPOUND_SURNAMES: [[u32; 2]; {len(compound)}] = [")
    for i in range(0, len(compound), 4):
        out.append("    " + " ".join(f"[{gen_common.hex_cp(a)}, {gen_common.hex_cp(b)}]," for a, b in compound[i:i + 4]))
    out.append("];")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    return gen_common.write_or_check(OUT, render(), "gen_patterns.py", argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
