"""The HTML report of a page's decisions: why lines were joined or broken apart.

    >>> from reflow import report
    >>> page = report("株洲日报记者 李逸峰\\n\\n株洲日报讯 “我是学林街道三冲社区的工")
    >>> page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    True

:func:`report` turns ``parse()`` and ``explain()`` of one text into one
self-contained HTML document: the input lines on the left as printed (blank
lines and form feeds shown), each boundary marked with its decision and each
line with the kind of the block it went into; the output blocks on the right,
level with the lines they came from; the page's counts on top, a legend, and the
rule and reason of every decision on hover and on keyboard focus.

:func:`write_report` writes one report to a file (``reflow page.txt --report
page.html``); :func:`write_report_sample` writes the reports of a sample of
records or files into a folder, with an index page (``--report-sample N``).

The command line wires the flags (nothing here reads arguments):

- ``--report FILE`` with one text input (a file or ``-``): decode it as any
  input is decoded, then ``write_report(text, FILE, options, source=name)``.
- ``--report-sample N --report DIR``: ``write_report_sample(items, DIR, N,
  options)``, where *items* yields a ``(label, loader)`` pair per text file
  (the path; a loader that reads and decodes it) or per JSONL record
  (``"corpus.jsonl:17"``; a loader that returns its text field). Only the
  sampled loaders run. ``result.errors`` holds what could not be reported,
  one message each, for the command to print and count.

Only the public API is read (``parse``, ``explain``, :class:`Step`,
:class:`Block`, ``Document.stats`` and ``Document.markers``), so any layout
engine behind it is reported the same way; rule names and block kinds the
report does not know are shown as they come.

The page is kept light for large inputs: a line costs about a hundred bytes of
markup; each distinct rule and reason is written once (in the list at the end)
and the decisions refer to it by number; a small inline script fills the
tooltips; rows are drawn only when scrolled into view (``content-visibility``).
"""

from __future__ import annotations

import ast
import difflib
import gzip
import html
import os
import random
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

__all__ = ["report", "write_report", "write_report_sample", "SampleResult", "KINDS", "DECISIONS"]

#: Line kinds: key -> (CSS class, symbol, label, what it is). A headline's role
#: (kicker, subtitle) and a paragraph's first line holding a dateline are kinds
#: of their own here, because that is what a reader looks for on the page.
KINDS: dict[str, tuple[str, str, str, str]] = {
    "headline": ("kH", "H", "headline", "the title of an article (主题)"),
    "kicker": ("kK", "K", "kicker", "a headline's lead-in line above the title (引题)"),
    "subtitle": ("kS", "S", "subtitle", "a headline's ——line below the title (副题)"),
    "subheading": ("kT", "§", "subheading", "a heading between paragraphs (小标题)"),
    "byline": ("kB", "B", "byline", "who wrote or photographed it (署名)"),
    "dateline": ("kD", "D", "dateline", "the first line of a paragraph that opens with a dateline (电头)"),
    "paragraph": ("kP", "P", "paragraph", "running text (正文)"),
    "marker": ("kM", "M", "marker", "a jump marker or cross-reference: 下转A2版① (转版)"),
    "furniture": ("kF", "F", "furniture", "running heads, editor credits, ISSN lines (版面要素)"),
    "caption": ("kC", "C", "caption", "a photo caption, opened by ▲ or ■ (图片说明)"),
}
_UNKNOWN_KIND = ("kX", "?", "", "a kind this report does not know (shown by name)")

#: Decision groups: key -> (symbol, label, which decisions fall in it).
DECISIONS: dict[str, tuple[str, str, str]] = {
    "j": ("↓", "joined within a column", "column_wrap, and any join with no blank line before it"),
    "c": ("⇓", "joined across a blank", "column_break, and any join across a blank line"),
    "b": ("¶", "paragraph or block break", "any break: sentence_end, short_line, standalone, byline, marker…"),
    "s": ("•", "first line", "the first line of the input starts the first block"),
    "o": ("?", "other decision", "an action this report does not know (shown by name)"),
}

_TERMINATORS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# C0 controls (but tab) and DEL, shown as their Control Pictures (U+2400…).
_CONTROLS = {c: chr(0x2400 + c) for c in range(0x20) if c != 9}
_CONTROLS[0x7F] = "\u2421"
#: Characters kept on each side of what a text rule changed.
CONTEXT = 10
_CHANGE = re.compile(r"""^\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*->\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*$""", re.S)


# --------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------


def _engine_name(engine) -> str:
    if isinstance(engine, str):
        return engine
    for attr in ("name", "__name__"):
        value = getattr(engine, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(engine).__name__


def _resolve_engine(engine) -> tuple[str, Callable, Callable]:
    """(name, parse, explain) of the engine to report on.

    None: the one behind ``reflow.parse`` (named by ``reflow.engine`` if the
    package has one, else "python"). A name: it must be that one. An object
    with ``parse(text, options)`` and ``explain(text, options)``: that object.
    """
    import reflow

    current = getattr(reflow, "engine", None)
    current_name = _engine_name(current) if current is not None else "python"
    if engine is None:
        return current_name, reflow.parse, reflow.explain
    if isinstance(engine, str):
        if engine != current_name:
            raise ValueError(f"engine {engine!r} is not available; this reflow runs {current_name!r}")
        return current_name, reflow.parse, reflow.explain
    if callable(getattr(engine, "parse", None)) and callable(getattr(engine, "explain", None)):
        return _engine_name(engine), engine.parse, engine.explain
    raise TypeError("engine must be None, an engine name, or an object with parse() and explain()")


# --------------------------------------------------------------------------
# Reading the page
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    number: int
    body: str  #: the line without its terminator
    form_feed: bool  #: a form feed ends it
    blank: bool
    steps: list = field(default_factory=list)  #: explain() steps (layout) for this line
    blocks: list = field(default_factory=list)  #: indices of the blocks it went into
    blank_before: bool = False  #: a blank line stands between it and the previous non-blank line


def _split(text: str) -> list[_Line]:
    """The input's lines, numbered as ``str.splitlines`` numbers them (as the
    engine does: a form feed ends a line)."""
    out: list[_Line] = []
    blank_run = seen_text = False
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        if raw.endswith("\r\n"):
            body, end = raw[:-2], "\r\n"
        elif raw and raw[-1] in _TERMINATORS:
            body, end = raw[:-1], raw[-1]
        else:
            body, end = raw, ""
        blank = not body.strip()
        line = _Line(number, body, end == "\f", blank)
        if not blank:
            line.blank_before = blank_run
            blank_run, seen_text = False, True
        elif seen_text:
            blank_run = True
        out.append(line)
    return out


def _block_range(block, n_lines: int, starts: list[int]) -> tuple[int, int] | None:
    """The block's first and last input line: from ``lines``, or else from ``span``."""
    lines = getattr(block, "lines", None)
    try:
        first, last = int(lines[0]), int(lines[1])
    except (TypeError, ValueError, IndexError):
        first = last = 0
    if 1 <= first <= last <= n_lines:
        return first, last
    span = getattr(block, "span", None)
    if not starts or not span:
        return None
    first = bisect_right(starts, span[0])
    last = max(first, bisect_right(starts, max(span[0], span[1] - 1)))
    return (first, min(last, n_lines)) if 1 <= first <= n_lines else None


def _kind_key(kind: str, role: str | None) -> str:
    if kind == "headline" and role in ("kicker", "subtitle"):
        return role
    return kind


def _kind(key: str, role: str | None = None) -> tuple[str, str, str]:
    """(class, symbol, label) of a line kind."""
    if key in KINDS:
        cls, sym, label, _ = KINDS[key]
        if key == "headline" and role:
            label = f"headline ({role})"
        return cls, sym, label
    return _UNKNOWN_KIND[0], _UNKNOWN_KIND[1], key or "unknown"


def _group(step, blank_before: bool) -> str:
    if step.action == "join":
        return "c" if step.rule == "column_break" or blank_before else "j"
    if step.action == "break":
        return "b"
    if step.action == "start":
        return "s"
    return "o"


def _show(text: str) -> str:
    """Escaped text with control characters made visible."""
    if any(ord(c) < 0x20 or c == "\x7f" for c in text):
        text = text.translate(_CONTROLS)
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------

_CSS = """
:root{--fg:#1d2327;--mute:#6b7580;--line:#e4e7ea;--bg:#fff;
--H:#c2185b;--K:#8e24aa;--S:#5e35b1;--T:#e65100;--B:#2e7d32;--D:#00838f;--P:#546e7a;--M:#1565c0;--F:#6d4c41;--C:#827717;--X:#616161}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.55 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","Noto Sans CJK TC",system-ui,sans-serif}
header,.legend,.foot{padding:10px 16px}
h1{font-size:19px;margin:0 0 2px}h1 small{font-weight:400;color:var(--mute);margin-left:.5em;word-break:break-all}
h2{font-size:13px;margin:0 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--mute)}
.meta{margin:0 0 8px;color:var(--mute);font-size:12.5px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.cards section{border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:150px;max-width:100%}
table.c{border-collapse:collapse;font-size:12.5px}table.c td,table.c th{padding:1px 6px;text-align:left;vertical-align:top}
table.c th{font-weight:600;color:var(--mute)}#c-markers td{white-space:nowrap}table.c td.n{text-align:right;font-variant-numeric:tabular-nums}
table.c tr.s td{border-top:1px solid var(--line);font-weight:600}
#stats summary{font-size:12px;color:var(--mute);cursor:pointer;margin-top:4px}
.legend{font-size:12.5px}.legend summary{cursor:pointer;font-weight:600}
.legend ul{list-style:none;margin:4px 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 16px}
.legend li{display:flex;gap:6px;align-items:baseline}
.heads,.r{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.heads{position:sticky;top:0;z-index:2;background:#f4f6f8;border-bottom:1px solid #cfd5da;font-weight:600;font-size:12.5px}
.heads div{padding:4px 16px}
.r{border-top:1px solid var(--line);content-visibility:auto;contain-intrinsic-size:auto calc(var(--h,2)*1.55em + 8px)}
.L{padding:3px 8px 3px 0;border-right:1px solid var(--line)}
.R{padding:3px 16px}
.l{display:flex;gap:4px;align-items:baseline;min-height:1.55em}
.l::before{content:attr(data-n);flex:0 0 3.4em;text-align:right;color:#9aa3ab;font-size:11px;font-variant-numeric:tabular-nums}
.l>span{flex:1;min-width:0;white-space:pre-wrap;overflow-wrap:anywhere}
.dj,.dc,.db,.ds,.do{flex:0 0 1.3em;display:inline-block;width:1.3em;text-align:center;font-style:normal;font-weight:700;cursor:help;border-radius:3px}
i[data-r]:focus{outline:2px solid #0b57d0;outline-offset:1px}
.dj{color:#9aa3ab}.dc{color:#1e88e5}.db{color:#d32f2f}.ds{color:#111}.do{color:#f57c00}
.l>b,.bk,.b h3>b{flex:0 0 1.4em;display:inline-block;min-width:1.4em;text-align:center;font-size:11px;font-weight:700;color:#fff;border-radius:3px;line-height:1.5}
.e{color:#b0b7bd}.e>span::after{content:"blank line";font-size:11px;font-style:italic;margin-left:.4em}
.e::before{margin-right:2.9em}
.ff{margin:2px 0 2px 3.6em;border-top:2px dashed #90a4ae;color:#607d8b;font-size:11px}
.fm{color:#607d8b;font-size:11px}
.l.kH,.b.kH{background:#fce4ec}.l.kK,.b.kK{background:#f3e5f5}.l.kS,.b.kS{background:#ede7f6}
.l.kT,.b.kT{background:#fff3e0}.l.kB,.b.kB{background:#e8f5e9}.l.kD{background:#e0f7fa}
.l.kM,.b.kM{background:#e3f2fd}.l.kF,.b.kF{background:#efebe9}.l.kC,.b.kC{background:#f9fbe7}.l.kX,.b.kX{background:#eeeeee}
.kH{--k:var(--H)}.kK{--k:var(--K)}.kS{--k:var(--S)}.kT{--k:var(--T)}.kB{--k:var(--B)}.kD{--k:var(--D)}
.kP{--k:var(--P)}.kM{--k:var(--M)}.kF{--k:var(--F)}.kC{--k:var(--C)}.kX{--k:var(--X)}
.l>b,.bk,.b h3>b{background:var(--k)}
.b{border-left:4px solid var(--k);padding:2px 8px;margin:2px 0;border-radius:0 4px 4px 0}
.b+.b{margin-top:6px}
.b h3{margin:0;padding:0;font-size:11.5px;font-weight:400;color:var(--mute)}
.b h3>b{padding:0 4px;margin-right:6px}.b h3>i{font-style:normal;font-weight:600;color:var(--k);margin-right:6px}
.b p{margin:1px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.b.kH p,.b.kK p,.b.kS p,.b.kT p{font-weight:700}
mark{background:#b2ebf2;color:inherit;border-radius:2px}
.ch{margin:3px 0 1px;padding:0;list-style:none;font-size:12px;color:#37474f}
.ch li{border-top:1px dotted #cfd8dc;padding-top:1px}
.ch code,.rs code{font-size:11.5px;background:#eceff1;padding:0 3px;border-radius:3px}
.ch del{background:#ffebee;text-decoration:none}.ch ins{background:#e8f5e9;text-decoration:none}
.ch em{font-style:normal;outline:1px solid #e57373}.ch ins em{outline-color:#66bb6a}
.note{font-size:11.5px;color:#8d6e63}
.rs{font-size:12.5px;padding-left:2.4em}.rs li{margin:1px 0}
#tip{position:fixed;z-index:9;max-width:min(34em,92vw);background:#263238;color:#fff;font-size:12.5px;padding:5px 8px;border-radius:5px;box-shadow:0 2px 8px #0004;pointer-events:none}
#tip[hidden]{display:none}
.foot{color:var(--mute);font-size:12px}
@media (max-width:800px){
 .heads{display:none}.r{grid-template-columns:minmax(0,1fr)}
 .L{border-right:0;padding-right:8px}.R{padding:2px 8px 6px 3.8em;background:#fafbfc}
 .cards section{flex:1 1 240px}
}
@media print{
 body{font-size:9pt}.r{content-visibility:visible;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
 .heads{display:grid;position:static}.heads div{padding:2px 8px}
 .L{border-right:1px solid var(--line);padding-right:6px}.R{padding:2px 8px;background:none}
 .l,.b{break-inside:avoid}.cards section{flex:0 1 auto}
 #tip,.legend summary::marker{display:none}
 .l,.b,b,i,mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_JS = """(function(){
var R=document.getElementById('R'),T=[],G=%s,e;
if(!R)return;
for(e=R.firstElementChild;e;e=e.nextElementSibling)T.push(e.getAttribute('data-a')+' \\u00b7 '+e.querySelector('code').textContent+': '+e.querySelector('span').textContent);
var D=document.querySelectorAll('i[data-r]');
for(var i=0;i<D.length;i++){e=D[i];var g=G[e.className]||'';e.title='line '+e.parentNode.getAttribute('data-n')+' \\u2014 '+(g?g+' \\u2014 ':'')+T[+e.getAttribute('data-r')];}
var tip=document.getElementById('tip');
function show(ev){var x=ev.target;if(!x.hasAttribute||!x.hasAttribute('data-r')||!x.title)return;
tip.textContent=x.title;tip.hidden=false;var b=x.getBoundingClientRect(),w=tip.offsetWidth,h=tip.offsetHeight;
var left=Math.min(b.right+6,innerWidth-w-4),top=b.bottom+4;if(top+h>innerHeight)top=b.top-h-4;
tip.style.left=Math.max(4,left)+'px';tip.style.top=Math.max(4,top)+'px';}
function hide(ev){if(ev.target.hasAttribute&&ev.target.hasAttribute('data-r'))tip.hidden=true;}
document.addEventListener('focusin',show);document.addEventListener('focusout',hide);
document.addEventListener('keydown',function(ev){if(ev.key==='Escape')tip.hidden=true;});
})();"""


def report(text: str, options=None, *, source: str | None = None, engine=None, **overrides) -> str:
    """The HTML report of *text*: a complete, self-contained document (a str).

    *options* and *overrides* are those of ``reflow.parse``; *source* names the
    page in the title (a file name, a record's place). *engine* is the engine
    to report on: None for the one ``reflow.parse`` runs (``reflow.engine``
    names it, if the package has that attribute; else "python"), that engine's
    name, or any object with ``parse(text, options)`` and ``explain(text,
    options)`` (and a ``name``). The report names the engine that produced it.

    >>> page = report("<script>alert(1)</script>")
    >>> page.count("<script"), "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    (1, True)
    """
    from .document import _require_str
    from .options import Options

    _require_str(text, "report()")

    opts = (options if options is not None else Options()).with_overrides(**overrides)
    name, parse, explain = _resolve_engine(engine)
    doc = parse(text, opts)
    steps = explain(text, opts)
    return _render(text, doc, steps, opts, name, source)


def _render(text: str, doc, steps, opts, engine_name: str, source: str | None) -> str:
    lines = _split(text)
    n = len(lines)
    blocks = list(doc.blocks)

    # Line offsets (for blocks that carry spans but no line numbers).
    starts, offset = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(offset)
        offset += len(line)

    # Steps: layout decisions on their lines; text-rule changes after the block's last line.
    page_changes: list = []
    changes_at: list[tuple[int, int, object]] = []  # (line, layout steps seen on that line, step)
    seen_on: Counter = Counter()
    stray: list = []
    for step in steps:
        if step.action == "change":
            if step.line < 1:
                page_changes.append(step)
            else:
                changes_at.append((step.line, seen_on[step.line], step))
            continue
        seen_on[step.line] += 1
        if 1 <= step.line <= n:
            lines[step.line - 1].steps.append(step)
        else:
            stray.append(step)

    # Blocks onto their lines.
    ranges: list[tuple[int, int] | None] = []
    for i, b in enumerate(blocks):
        rng = _block_range(b, n, starts)
        ranges.append(rng)
        if rng:
            for k in range(rng[0] - 1, rng[1]):
                lines[k].blocks.append(i)

    # Text-rule changes onto blocks: the k-th block ending on that line.
    changes: dict[int, list] = {}
    ending: dict[int, list[int]] = {}
    for i, rng in enumerate(ranges):
        if rng:
            ending.setdefault(rng[1], []).append(i)
    for line_no, k, step in changes_at:
        enders = ending.get(line_no) or (lines[line_no - 1].blocks if line_no <= n else [])
        if enders:
            changes.setdefault(enders[min(max(k - 1, 0), len(enders) - 1)], []).append(step)
        else:
            page_changes.append(step)

    # Distinct (action, rule, reason), written once.
    reason_ids: dict[tuple[str, str, str], int] = {}
    reason_counts: Counter = Counter()
    for line in lines:
        for step in line.steps:
            key = (step.action, step.rule, step.reason)
            reason_ids.setdefault(key, len(reason_ids))
            reason_counts[key] += 1
    for step in stray:
        key = (step.action, step.rule, step.reason)
        reason_ids.setdefault(key, len(reason_ids))
        reason_counts[key] += 1

    out: list[str] = []
    w = out.append
    title = "reflow report" + (f" — {source}" if source else "")
    w("<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      f"<meta name=\"generator\" content=\"reflow report; engine {_attr(engine_name)}\">"
      f"<title>{_show(title)}</title><style>{_CSS}</style></head>\n<body>\n")
    w(_header(lines, blocks, ranges, doc, steps, changes, page_changes, opts, engine_name, source))
    w(_legend())
    w("<div class=heads><div>Input, as printed — line, decision, kind</div><div>Output blocks</div></div>\n<main>\n")
    _rows(lines, blocks, ranges, changes, reason_ids, w)
    w("</main>\n")
    w(_reasons(reason_ids, reason_counts, stray))
    w("<div id=tip role=tooltip hidden></div>\n")
    groups = "{" + ",".join(f"d{k}:{_js_string(v[1])}" for k, v in DECISIONS.items()) + "}"
    w("<script>" + (_JS % groups) + "</script>\n</body></html>\n")
    return "".join(out)


def _js_string(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _version() -> str:
    try:
        from . import __version__
    except ImportError:  # pragma: no cover - only while the package is half-imported
        return "?"
    return __version__


def _header(lines, blocks, ranges, doc, steps, changes, page_changes, opts, engine_name, source) -> str:
    out: list[str] = []
    w = out.append
    w("<header>")
    w(f"<h1>reflow report{f'<small>{_show(source)}</small>' if source else ''}</h1>")
    from .options import Options

    default = Options()
    changed = [f"{f.name}={getattr(opts, f.name)!r}" for f in fields(opts)
               if getattr(opts, f.name) != getattr(default, f.name)]
    w(f"<p class=meta>engine: <b id=engine>{_show(engine_name)}</b> · reflow {_show(_version())} · options: "
      f"{_show(', '.join(changed)) if changed else 'defaults'}</p>")
    w("<div class=cards>")

    # Lines.
    blank = sum(1 for line in lines if line.blank)
    feeds = sum(1 for line in lines if line.form_feed)
    rows = [("input lines", len(lines)), ("non-blank", len(lines) - blank), ("blank", blank)]
    if feeds:
        rows.append(("form feeds (pages)", f"{feeds} ({feeds + 1})"))
    rows.append(("blocks", len(blocks)))
    w("<section id=c-lines><h2>Lines</h2><table class=c>")
    for label, value in rows:
        w(f"<tr><td>{label}</td><td class=n>{value}</td></tr>")
    w("</table>")
    stats = getattr(doc, "stats", None) or {}
    if stats:
        w("<details id=stats><summary>Document.stats</summary><table class=c>")
        for key, value in sorted(stats.items(), key=lambda kv: str(kv[0])):
            w(f"<tr><td>{_show(str(key))}</td><td class=n>{_show(str(value))}</td></tr>")
        w("</table></details>")
    w("</section>")

    # Decisions by group and rule.
    per: dict[str, Counter] = {}
    for line in lines:
        for step in line.steps:
            per.setdefault(_group(step, line.blank_before and step is line.steps[0]), Counter())[(step.action, step.rule)] += 1
    w("<section id=c-decisions><h2>Decisions</h2><table class=c>")
    for key in DECISIONS:
        if key not in per:
            continue
        sym, label, _ = DECISIONS[key]
        w(f"<tr class=s><td><i class=d{key}>{sym}</i> {label}</td><td class=n>{sum(per[key].values())}</td></tr>")
        for (action, rule), count in sorted(per[key].items(), key=lambda kv: (-kv[1], kv[0])):
            extra = f" ({_show(action)})" if key == "o" else ""
            w(f"<tr><td>&nbsp;&nbsp;{_show(rule)}{extra}</td><td class=n>{count}</td></tr>")
    if not per:
        w("<tr><td>none (no non-blank lines)</td><td class=n>0</td></tr>")
    w("</table></section>")

    # Blocks by kind.
    kinds: Counter = Counter()
    datelines = 0
    for b in blocks:
        kinds[(b.kind, getattr(b, "role", None))] += 1
        datelines += bool(getattr(b, "dateline", None))
    w("<section id=c-blocks><h2>Blocks</h2><table class=c>")
    for (kind, role), count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or "")):
        cls, sym, label = _kind(_kind_key(kind, role), role)
        w(f"<tr><td><b class=\"bk {cls}\">{_show(sym)}</b> {_show(label)}</td><td class=n>{count}</td></tr>")
    if datelines:
        cls, sym, label = _kind("dateline")
        w(f"<tr><td><b class=\"bk {cls}\">{sym}</b> with a dateline</td><td class=n>{datelines}</td></tr>")
    if not blocks:
        w("<tr><td>none</td><td class=n>0</td></tr>")
    w("</table></section>")

    # Markers.
    marker_blocks = [(i, b) for i, b in enumerate(blocks) if getattr(b, "marker", None) is not None]
    w("<section id=c-markers><h2>Markers</h2>")
    if marker_blocks:
        w("<table class=c><tr><th>line</th><th>marker</th><th>direction</th><th>page</th><th>index</th></tr>")
        for i, b in marker_blocks:
            raw, direction, pages, seq = _marker_fields(b.marker)
            line_no = ranges[i][0] if ranges[i] else "?"
            w(f"<tr class=mk><td class=n><a href=\"#b{i}\">{line_no}</a></td><td class=raw>{_show(raw)}</td>"
              f"<td>{_show(direction)}</td><td class=pg>{_show(pages)}</td><td class=\"n sq\">{_show(seq)}</td></tr>")
        w("</table>")
    else:
        w("<p class=c>none</p>")
    w("</section>")

    # Text rules.
    per_rule: Counter = Counter(step.rule for block_changes in changes.values() for step in block_changes)
    chars = {k.split(":", 1)[1]: v for k, v in getattr(doc, "stats", {}).items() if isinstance(k, str) and k.startswith("chars:")}
    names = sorted(set(per_rule) | set(chars), key=lambda r: (-per_rule[r], r))
    w("<section id=c-rules><h2>Text rules</h2>")
    if names or page_changes:
        w("<table class=c><tr><th>rule</th><th>blocks</th><th>chars</th></tr>")
        for rule in names:
            w(f"<tr><td>{_show(rule)}</td><td class=n>{per_rule.get(rule, '')}</td><td class=n>{chars.get(rule, '')}</td></tr>")
        w("</table>")
        for step in page_changes:
            w(f"<p class=note>{_show(step.rule)}: {_show(step.reason)}</p>")
    else:
        w("<p class=c>none changed anything</p>")
    w("</section>")

    w("</div></header>\n")
    return "".join(out)


def _marker_fields(marker) -> tuple[str, str, str, str]:
    """(as printed, direction in words, its page label(s), its index) of a jump marker."""
    pages = tuple(getattr(marker, "pages", ()) or ()) or (getattr(marker, "page", None),)
    seq = getattr(marker, "seq", None)
    return (str(getattr(marker, "raw", "") or ""), str(getattr(marker, "direction", "") or "").replace("_", " "),
            ", ".join(str(p) for p in pages if p is not None), "" if seq is None else str(seq))


def _legend() -> str:
    out = ["<details class=legend open><summary>Legend</summary><ul>"]
    for key, (sym, label, which) in DECISIONS.items():
        if key == "o":
            continue
        out.append(f"<li><i class=d{key}>{sym}</i><span><b>{label}</b> — {_show(which)}</span></li>")
    out.append("</ul><ul>")
    for key, (cls, sym, label, what) in KINDS.items():
        out.append(f"<li><b class=\"bk {cls}\">{_show(sym)}</b><span><b>{label}</b>: {_show(what)}</span></li>")
    out.append(f"<li><b class=\"bk kX\">?</b><span>{_UNKNOWN_KIND[3]}</span></li>")
    out.append("</ul><ul><li><span class=e>blank line</span> shown as such (spaces as ·)</li>"
               "<li><span class=fm>␌</span> a form feed (a new input page)</li>"
               "<li><mark>株洲日报讯</mark> the dateline inside its paragraph</li>"
               "<li><span class=ch><del>before</del> → <ins>after</ins></span> what a text rule changed</li>"
               "<li>A line's mark is the decision at the boundary above it: how it joined the line before.</li>"
               "<li>Hover over a decision, or Tab to it, for its rule and reason.</li></ul>"
               "<noscript><p class=note>Scripts are off: hovering shows no reasons; they are all listed at the end."
               "</p></noscript></details>\n")
    return "".join(out)


def _line_html(line: _Line, blocks, ranges, reason_ids) -> str:
    marks = []
    for k, step in enumerate(line.steps):
        g = _group(step, line.blank_before and k == 0)
        marks.append(f"<i class=d{g} tabindex=0 data-r={reason_ids[(step.action, step.rule, step.reason)]}>"
                     f"{DECISIONS[g][0]}</i>")
    if line.blank:  # (an engine that numbers lines differently may still give it a decision)
        body = line.body.replace(" ", "·").replace("\u3000", "□").replace("\t", "→")
        out = f"<div class=\"l e\" data-n={line.number}>{''.join(marks)}<span>{_show(body)}</span></div>"
    else:
        if not marks:
            marks.append("<i class=do title=\"explain() gave no decision for this line\">·</i>")
        badges = []
        first_cls = ""
        for i in line.blocks:
            b = blocks[i]
            role = getattr(b, "role", None)
            key = _kind_key(b.kind, role)
            if key == "paragraph" and getattr(b, "dateline", None) and ranges[i] and ranges[i][0] == line.number:
                key = "dateline"
            cls, sym, _ = _kind(key, role)
            # The line's class colours its first badge; others carry their own.
            badges.append(f"<b>{_show(sym)}</b>" if not first_cls or cls == first_cls else f"<b class={cls}>{_show(sym)}</b>")
            first_cls = first_cls or cls
        if not badges:  # no block claims the line: the kind explain() gives
            for kind in sorted({s.kind for s in line.steps if s.kind}):
                cls, sym, _ = _kind(kind)
                badges.append(f"<b>{_show(sym)}</b>" if not first_cls or cls == first_cls else f"<b class={cls}>{_show(sym)}</b>")
                first_cls = first_cls or cls
        cls = f"l {first_cls}" if first_cls else "l"
        out = f"<div class=\"{cls}\" data-n={line.number}>{''.join(marks)}{''.join(badges)}<span>{_show(line.body)}</span></div>"
    if line.form_feed:
        out += "<div class=ff>␌ form feed — a new input page begins</div>"
    return out


def _block_html(i: int, b, rng, changes: list, first_kinds: set[str], broken_at: list[int] = ()) -> str:
    role = getattr(b, "role", None)
    cls, sym, label = _kind(_kind_key(b.kind, role), role)
    where = "" if not rng else (f"line {rng[0]}" if rng[0] == rng[1] else f"lines {rng[0]}–{rng[1]}")
    extra = []
    marker = getattr(b, "marker", None)
    if marker is not None:
        _, direction, pages, seq = _marker_fields(marker)
        extra.append(_show(f"{direction} page {pages}" + (f", index {seq}" if seq else "")))
    dateline = getattr(b, "dateline", None)
    if dateline:
        extra.append("dateline " + _show(dateline))
    if getattr(b, "page", 0):
        extra.append(f"input page {b.page + 1}")
    text = b.text
    if dateline and text.startswith(dateline):
        body = f"<mark>{_show(dateline)}</mark>{_show(text[len(dateline):])}"
    else:
        body = _show(text)
    kind_attr = b.kind + (f"/{role}" if role else "")
    out = [f"<div class=\"b {cls}\" id=b{i} data-k=\"{_attr(kind_attr)}\"><h3><b>{_show(sym)}</b><i>{_show(label)}</i>{where}"]
    for e in extra:
        out.append(f" · {e}")
    out.append(f"</h3><p>{body}</p>")
    # The decisions on the left are the layout's (explain()); passes after it may join
    # what it broke (a headline it wrapped) and parse() settles its reading by reading
    # its own rendering again, which can join or retype blocks.
    if broken_at:
        at = ("lines " if len(broken_at) > 1 else "line ") + ", ".join(map(str, broken_at))
        out.append(f"<div class=note>one block, though the layout broke it at {at}: a later pass joined it "
                   "(a headline the layout wrapped, or parse() reading its own output again)</div>")
    if first_kinds and b.kind not in first_kinds:
        out.append(f"<div class=note>explain() typed these lines {_show(', '.join(sorted(first_kinds)))}; "
                   "parse(), reading its own output again, settled them as shown</div>")
    if changes:
        out.append("<ul class=ch>")
        for step in changes:
            out.append(f"<li><code>{_show(step.rule)}</code> {_change_html(step.reason)}</li>")
        out.append("</ul>")
    out.append("</div>")
    return "".join(out)


def _change_html(reason: str) -> str:
    """``'before' -> 'after'`` as before → after, what changed outlined, long
    unchanged stretches cut to :data:`CONTEXT` characters around it."""
    m = _CHANGE.match(reason)
    if not m:
        return _show(reason)
    try:
        before, after = ast.literal_eval(m.group(1)), ast.literal_eval(m.group(2))
    except (ValueError, SyntaxError):
        return _show(reason)
    if not isinstance(before, str) or not isinstance(after, str):
        return _show(reason)
    # explain() quotes the first characters and an ellipsis: where the two
    # quotes end is where the quoting stopped, not a change.
    cut = before.endswith("…") and after.endswith("…")
    if cut:
        before, after = before[:-1], after[:-1]
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    if cut and ops and ops[-1][0] in ("insert", "delete"):
        ops = ops[:-1]
    if all(op[0] == "equal" for op in ops):
        return f"<span class=note>changed past the first {len(before)} characters (all that explain() quotes)</span>"

    def side(text: str, after_side: bool) -> str:
        out = []
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            lo, hi = (j1, j2) if after_side else (i1, i2)
            part = text[lo:hi]
            if tag != "equal":
                if part:
                    out.append(f"<em>{_show(part)}</em>")
                continue
            first, last = k == 0, k == len(ops) - 1
            if first and len(part) > CONTEXT:
                part = "…" + part[-CONTEXT:]
            elif last and len(part) > CONTEXT:
                part = part[:CONTEXT] + "…"
            elif not first and not last and len(part) > 2 * CONTEXT:
                part = part[:CONTEXT] + "…" + part[-CONTEXT:]
            out.append(_show(part))
        if cut and not out[-1].endswith("…"):
            out.append("…")
        return "".join(out)

    return f"<del>{side(before, False)}</del> → <ins>{side(after, True)}</ins>"


def _rows(lines: list[_Line], blocks, ranges, changes, reason_ids, w) -> None:
    """One row per group of blocks whose lines overlap, with the lines after it
    up to the next group (blank lines, lines no block claims)."""
    order = sorted((r[0], r[1], i) for i, r in enumerate(ranges) if r)
    bands: list[list] = []  # [first, last, [block indices]]
    for first, last, i in order:
        if bands and first <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], last)
            bands[-1][2].append(i)
        else:
            bands.append([first, last, [i]])
    n = len(lines)
    cuts = [(1, bands[0][0] - 1, [])] if bands and bands[0][0] > 1 else []
    for k, (first, _last, members) in enumerate(bands):
        end = bands[k + 1][0] - 1 if k + 1 < len(bands) else n
        cuts.append((first, end, members))
    if not bands and n:
        cuts.append((1, n, []))
    unplaced = [i for i, r in enumerate(ranges) if not r]
    for first, end, members in cuts:
        left = "".join(_line_html(lines[k], blocks, ranges, reason_ids) for k in range(first - 1, end))
        right = []
        tall = 0  # the right pane's height in lines, roughly: a heading, the text at ~34 a line, the changes
        for i in members:
            rng = ranges[i]
            first_kinds = {s.kind for k in range(rng[0] - 1, rng[1]) for s in lines[k].steps if s.kind}
            # Breaks inside the block, on lines no other block shares: where the first reading split it.
            broken_at = [k + 1 for k in range(rng[0], rng[1]) if lines[k].steps and len(lines[k].blocks) == 1
                         and lines[k].steps[0].action == "break"]
            right.append(_block_html(i, blocks[i], rng, changes.get(i, []), first_kinds, broken_at))
            tall += 1 + -(-len(blocks[i].text) // 34) + 2 * len(changes.get(i, ()))
        # A row's height before it is drawn (content-visibility), so the scroll bar holds still.
        h = max(end - first + 1, tall)
        w(f"<div class=r{f' style=--h:{h}' if h > 2 else ''}><div class=L>{left}</div><div class=R>{''.join(right)}</div></div>\n")
    if unplaced:
        right = "".join(_block_html(i, blocks[i], None, changes.get(i, []), set()) for i in unplaced)
        w(f"<div class=r><div class=L><p class=note>blocks whose lines the engine did not give</p></div>"
          f"<div class=R>{right}</div></div>\n")


def _reasons(reason_ids, reason_counts, stray) -> str:
    out = ["<section class=foot><h2>Rules and reasons</h2>"
           "<p>Every distinct decision, once; the marks on the left refer to these.</p><ol class=rs id=R start=0>"]
    for (action, rule, reason), i in reason_ids.items():
        out.append(f"<li id=r{i} data-a=\"{_attr(action)}\"><code>{_show(rule)}</code> <span>{_show(reason)}</span>"
                   f" <small>({_show(action)} ×{reason_counts[(action, rule, reason)]})</small></li>")
    out.append("</ol>")
    if stray:
        out.append(f"<p class=note>{len(stray)} decision(s) name lines outside the input; not shown on the left.</p>")
    out.append("<p>Written by reflow's report (src/reflow/report.py): the decisions are explain()'s, "
               "the blocks parse()'s.</p></section>\n")
    return "".join(out)


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def _write_atomic(path: Path, data: str) -> None:
    """Write *data* to *path* completely or not at all, with the permissions
    an ordinary new file gets (see :class:`reflow.files.AtomicWriter`)."""
    from .files import AtomicWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    # errors="replace": a lone surrogate in a str from Python becomes "?", not a failed write.
    with AtomicWriter(path) as f:
        f.write(data.encode("utf-8", errors="replace"))


def write_report(text: str, path: str | os.PathLike, options=None, *, source: str | None = None,
                 engine=None, **overrides) -> Path:
    """Write the report of *text* to *path* (replaced atomically); return the path.

    This is ``reflow page.txt --report page.html``.
    """
    path = Path(path)
    _write_atomic(path, report(text, options, source=source, engine=engine, **overrides))
    return path


@dataclass
class SampleResult:
    """What :func:`write_report_sample` wrote."""

    index: Path  #: the index page
    pages: list[tuple[str, Path]] = field(default_factory=list)  #: (label, report) per sampled item
    errors: list[tuple[str, str]] = field(default_factory=list)  #: (label, message) per item that failed
    seen: int = 0  #: items the sample was drawn from


def _read_path(path: str) -> str:
    """A text file as UTF-8 (gzip by extension). Other encodings and zstd: pass a loader."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if b"\x00" in data[:65536]:
        raise ValueError("looks like a binary file (it has NUL bytes)")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"line {line}: not valid utf-8 (byte {data[exc.start]:#04x} at offset {exc.start})") from None


def _item(item) -> tuple[str, Callable[[], str]]:
    """(label, loader) of one sample item."""
    if isinstance(item, (str, os.PathLike)):
        path = os.fspath(item)
        return path, lambda: _read_path(path)
    if isinstance(item, tuple) and len(item) == 2:
        label, value = item
        if callable(value):
            return str(label), value
        return str(label), lambda: value
    raise TypeError(f"a sample item is a path or a (label, text or loader) pair, not {type(item).__name__}")


def _file_name(k: int, label: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", os.path.basename(label.rstrip("/\\")) or "page").strip("._") or "page"
    return f"{k:04d}-{stem[:60]}.html"


def write_report_sample(items: Iterable, folder: str | os.PathLike, n: int, options=None, *, seed: int = 0,
                        engine=None, title: str | None = None, **overrides) -> SampleResult:
    """Write the reports of *n* items drawn from *items* into *folder*, and ``index.html``.

    Each item is a path to a UTF-8 text file (``.gz`` too), a ``(label, text)``
    pair, or a ``(label, loader)`` pair whose loader returns the text — only the
    sampled items are loaded, so a large folder or JSONL file is read once and
    holds *n* items at a time. The sample is uniform (reservoir sampling, seeded
    by *seed*: the same input and seed give the same sample) and kept in input
    order. An item that cannot be read or reported is listed in the index with
    its message and in ``errors``; it does not stop the others.

    This is ``reflow corpus.jsonl --report-sample N`` (the module docstring says
    how the command line calls it).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"the sample size must be a whole number of at least 1, not {n!r}")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder} exists and is not a folder")
    rng = random.Random(seed)
    chosen: list[tuple[int, str, Callable[[], str]]] = []
    seen = 0
    for position, item in enumerate(items):
        seen += 1
        label, loader = _item(item)
        if len(chosen) < n:
            chosen.append((position, label, loader))
        else:
            j = rng.randrange(seen)
            if j < n:
                chosen[j] = (position, label, loader)
    chosen.sort(key=lambda c: c[0])
    folder.mkdir(parents=True, exist_ok=True)
    result = SampleResult(folder / "index.html", seen=seen)
    rows = []
    for k, (position, label, loader) in enumerate(chosen, 1):
        try:
            text = loader()
            page = report(text, options, source=label, engine=engine, **overrides)
        except Exception as exc:  # noqa: BLE001 - a bad item is listed with its message, never a traceback
            message = str(exc) or type(exc).__name__
            result.errors.append((label, message))
            rows.append((position, label, None, message, None))
            continue
        path = folder / _file_name(k, label)
        _write_atomic(path, page)
        result.pages.append((label, path))
        rows.append((position, label, path.name, None, _summary(page)))
    _write_atomic(result.index, _index(rows, seen, n, seed, title))
    return result


_SUMMARY = re.compile(r"<section id=c-lines>.*?</table>", re.S)


def _summary(page: str) -> dict[str, str]:
    """The counts on top of a report, read back (so that nothing is parsed twice)."""
    m = _SUMMARY.search(page)
    cells = re.findall(r"<tr><td>([^<]*)</td><td class=n>([^<]*)</td></tr>", m.group(0)) if m else []
    counts = dict(cells)
    counts["markers"] = str(page.count("<tr class=mk>"))
    counts["joins"] = str(page.count("<i class=dj tabindex") + page.count("<i class=dc tabindex"))
    return counts


def _index(rows, seen: int, n: int, seed: int, title: str | None) -> str:
    head = title or "reflow reports"
    out = ["<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
           f"<title>{_show(head)}</title><style>{_CSS}table.c{{font-size:13.5px}}</style></head><body><header>"
           f"<h1>{_show(head)}</h1><p class=meta>{len(rows)} of {seen} item(s), drawn at random (seed {seed}); "
           "one report each.</p><table class=c id=index><tr><th>#</th><th>source</th><th>input lines</th>"
           "<th>non-blank</th><th>blocks</th><th>joins</th><th>markers</th><th>report</th></tr>"]
    for k, (position, label, name, error, counts) in enumerate(rows, 1):
        if error is not None:
            out.append(f"<tr class=err><td class=n>{k}</td><td>{_show(label)}</td>"
                       f"<td colspan=6 class=note>not reported: {_show(error)}</td></tr>")
            continue
        out.append(f"<tr><td class=n>{k}</td><td>{_show(label)}</td><td class=n>{_show(counts.get('input lines', ''))}</td>"
                   f"<td class=n>{_show(counts.get('non-blank', ''))}</td><td class=n>{_show(counts.get('blocks', ''))}</td>"
                   f"<td class=n>{counts['joins']}</td><td class=n>{counts['markers']}</td>"
                   f"<td><a href=\"{_attr(name)}\">{_show(name)}</a></td></tr>")
    if not rows:
        out.append("<tr><td colspan=8>no items</td></tr>")
    out.append("</table></header></body></html>\n")
    return "".join(out)
