"""Arguments, Options and TOML in one place.

Every :class:`~reflow.Options` field is a flag (``keep_markers`` ->
``--keep-markers`` / ``--no-keep-markers``) and a TOML key (``keep-markers``
or ``keep_markers``, at the top level or in a ``[reflow]`` table). Flags win
over the TOML file. :func:`to_flags` and :func:`to_toml` go the other way, so
that a run can be written down and repeated.

:class:`Settings` is the typed result of parsing a command line: everything a
run needs, checked, so that a mistake in how reflow was called is a usage
error (exit 2) before any input is read.
"""

from __future__ import annotations

import argparse
import codecs
import os
import tomllib
from dataclasses import dataclass, fields
from typing import Literal

from .. import __version__, engine
from ..options import CONVERSIONS, DEFAULT, SPACING_CHOICES, Options, field_help, field_kind

Format = Literal["text", "jsonl", "auto"]
Policy = Literal["fail", "skip", "passthrough"]


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """One run of the command, checked."""

    inputs: tuple[str, ...]
    output: str | None
    format: Format
    text_key: str
    output_key: str
    blocks: bool
    explain: bool
    encoding: str
    jobs: int
    shard: tuple[int, int]
    on_error: Policy | None  #: None: fail for text files, passthrough for JSONL records
    progress: bool | None  #: None: when standard error is a terminal
    options: Options
    # Reports: what is written besides the output. One more kind of report
    # adds its field here, its flags in add_report_flags() and its class in
    # reports.py.
    stats: str | None = None
    markers: bool = False
    report: str | None = None  #: --report: the HTML report's file (one input) or folder (--report-sample)
    report_sample: int | None = None  #: --report-sample N: reports of N sampled files or records
    ocr_lines: bool = False  #: --ocr-lines: inputs hold OCR lines with boxes (JSON), ordered by reflow.ocr
    layout_text: bool = False  #: --pdftotext-layout: inputs are pdftotext -layout text, ordered by reflow.ocr

    def policy(self, jsonl: bool) -> Policy:
        return self.on_error or ("passthrough" if jsonl else "fail")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reflow",
        description="Reflow raw text extracted from Chinese newspaper pages into clean text, one block per line.",
        epilog="Exit codes: 0 ok, 1 a data or I/O error, 2 a usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="text or JSONL files, or folders; '-' or nothing: standard input")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file, or folder (mirrors folder inputs); default: standard output")
    p.add_argument("--format", choices=("text", "jsonl", "auto"), default="auto",
                   help="input format; auto: by extension (.jsonl, .jsonl.gz…), or by the first character on standard input")
    p.add_argument("--text-key", default="text", metavar="KEY", help="JSONL field holding the text; dots for nested keys (doc.text)")
    p.add_argument("--output-key", metavar="KEY", help="JSONL field to write the result to (default: the text key)")
    p.add_argument("--blocks", action="store_true", help="write the parsed blocks (kind, text, span, marker) as JSON instead of text")
    p.add_argument("--explain", action="store_true",
                   help="write, per input line, the decision and the rule that took it, instead of the text (text input only)")
    p.add_argument("--ocr-lines", action="store_true",
                   help="the input holds an OCR engine's lines with their boxes, as JSON (RapidOCR's or "
                        "PaddleOCR's result; a text file: one page's list of lines, or a list of pages; JSONL: "
                        "the text field holds them): put in reading order (reflow.ocr) before reflowing")
    p.add_argument("--pdftotext-layout", action="store_true", dest="layout_text",
                   help="the input is pdftotext -layout output (a page's columns side by side on each line, "
                        "padded with spaces): put its pieces in reading order (reflow.ocr.ordered_layout) "
                        "before reflowing; on JSONL, the text field")
    p.add_argument("--encoding", default="utf-8", help="encoding of the input, e.g. gb18030 or big5 (output is always UTF-8); "
                   "as UTF-8, a text that starts with a UTF-16 or UTF-32 byte order mark is read in that")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="processes at work: this one and N-1 workers; output order is kept (default 1; "
                        "0: one for each CPU this process may run on)")
    p.add_argument("--shard", metavar="I/N", help="take only every N-th record (or file), starting at the I-th (0-based)")
    p.add_argument("--on-error", choices=("fail", "skip", "passthrough"),
                   help="a bad file or record: stop (exit 1), leave it out, or copy it unchanged. "
                        "Default: fail for text files, passthrough for JSONL records (nothing is lost; errors are counted)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress on standard error (default: when it is a terminal)")
    p.add_argument("--config", metavar="FILE.toml", help="options from a TOML file (top level or a [reflow] table)")
    p.add_argument("--version", action="version", version=f"reflow {__version__} ({engine} engine)")
    add_report_flags(p.add_argument_group("reports (besides the output)"))
    add_option_flags(p.add_argument_group("reflow options (see help(reflow.Options))"))
    return p


def add_report_flags(group) -> None:
    group.add_argument("--stats", metavar="FILE.json",
                       help="write counts (joins, column breaks, headlines, markers, rules, errors) to this file")
    group.add_argument("--markers", action="store_true", help="print a summary of the jump markers found, to standard error")
    group.add_argument("--report", metavar="FILE.html",
                       help="write an HTML report of the page's decisions (one text input) instead of the text; "
                            "with --report-sample, a folder of reports and an index")
    group.add_argument("--report-sample", type=int, metavar="N",
                       help="with --report FOLDER: the reports of N files or JSONL records drawn at random (seeded)")


#: Help for the option flags where the command line says it better than the first sentence of
#: help(reflow.Options), which is every other flag's help (options.field_help).
_FLAG_HELP = {
    "settle": "read each section's output again so that reflowing reflow's output changes nothing "
              "(on by default); --no-settle skips it: about 1.2x as fast, for a pipeline that reflows "
              "each text once",
    "convert": "OpenCC conversion after reflow (needs the opencc extra): " + ", ".join(CONVERSIONS),
    "column_window": "no effect: accepted so that 0.1's settings still load (the column model has no window)",
    "column_density": "no effect: accepted so that 0.1's settings still load",
}


def _flag_help(name: str) -> str | None:
    text = _FLAG_HELP.get(name) or field_help(name)
    if text is None or name in _FLAG_HELP:
        return text
    default = getattr(DEFAULT, name)
    shown = ("on" if default else "off") if isinstance(default, bool) else default
    # (argparse formats help with %: a literal % doubles)
    return f"{text.replace('``', '')} (default: {shown})".replace("%", "%%")


def add_option_flags(group) -> None:
    for f in fields(Options):
        flag = "--" + f.name.replace("_", "-")
        kind = field_kind(f.name)
        text = _flag_help(f.name)
        if kind is bool:
            group.add_argument(flag, dest=f"opt_{f.name}", action=argparse.BooleanOptionalAction, default=None,
                               help=text)
        elif f.name == "convert":
            group.add_argument(flag, dest=f"opt_{f.name}", choices=CONVERSIONS, default=None, metavar="CONFIG",
                               help=text)
        elif f.name == "cjk_latin_spacing":
            group.add_argument(flag, dest=f"opt_{f.name}", choices=SPACING_CHOICES, default=None, help=text)
        else:
            group.add_argument(flag, dest=f"opt_{f.name}", type=kind, default=None, metavar=f.name.split("_")[-1].upper(),
                               help=text)


def load_options(args: argparse.Namespace) -> Options:
    """Options from the TOML file (if any), then from the flags."""
    values: dict = {}
    if args.config:
        values.update(read_toml(args.config))
    for f in fields(Options):
        value = getattr(args, f"opt_{f.name}")
        if value is not None:
            values[f.name] = value
    try:
        return Options(**values)
    except (TypeError, ValueError) as exc:
        where = f"{args.config}: " if args.config else ""
        raise UsageError(f"{where}{exc}") from None


def read_toml(path: str) -> dict:
    """The option values of a TOML file, by field name (unknown keys refused)."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("reflow", data)
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [reflow] must be a table")
    known = {f.name for f in fields(Options)}
    values = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise UsageError(f"{path}: unknown option {key!r}")
        values[name] = value
    return values


def to_flags(options: Options) -> list[str]:
    """The flags that give *options* (those that differ from the defaults).

    >>> to_flags(Options(keep_markers=True, convert="t2s", max_column_cells=60))
    ['--max-column-cells', '60', '--keep-markers', '--convert', 't2s']
    """
    out: list[str] = []
    for f in fields(Options):
        value = getattr(options, f.name)
        if value == f.default:
            continue
        flag = "--" + f.name.replace("_", "-")
        if isinstance(value, bool):
            out.append(flag if value else "--no-" + flag[2:])
        else:
            out += [flag, str(value)]
    return out


def to_toml(options: Options) -> str:
    """A ``[reflow]`` table that gives *options* (those that differ from the defaults).

    >>> print(to_toml(Options(keep_markers=True, convert="t2s")), end="")
    [reflow]
    keep-markers = true
    convert = "t2s"
    """
    lines = ["[reflow]"]
    for f in fields(Options):
        value = getattr(options, f.name)
        if value == f.default:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, str):
            text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        else:
            text = repr(value)
        lines.append(f"{f.name.replace('_', '-')} = {text}")
    return "\n".join(lines) + "\n"


def parse_shard(spec: str | None) -> tuple[int, int]:
    """``"I/N"`` -> (I, N); no shard is (0, 1).

    >>> parse_shard("1/4"), parse_shard(None)
    ((1, 4), (0, 1))
    """
    if not spec:
        return 0, 1
    try:
        i, n = (int(x) for x in spec.split("/"))
    except ValueError:
        raise UsageError(f"--shard takes I/N, like 0/4, not {spec!r}") from None
    if n < 1 or not 0 <= i < n:
        raise UsageError(f"--shard {spec}: need 0 <= I < N")
    return i, n


def usable_cpus() -> int:
    """The CPUs this process may run on (``-j 0``): its affinity mask where
    the system has one (a ``taskset`` or a container's cpuset narrows it), else
    every CPU the machine has.

    >>> usable_cpus() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity masks here (macOS, Windows)
        return os.cpu_count() or 1


def parse_settings(args: argparse.Namespace) -> Settings:
    """Check the parsed command line; UsageError for what cannot work."""
    options = load_options(args)
    if args.jobs < 0:
        raise UsageError(f"-j {args.jobs}: a number of processes, 1 or more (or 0: one for each CPU)")
    try:
        codecs.lookup(args.encoding)
    except LookupError:
        raise UsageError(f"--encoding {args.encoding}: unknown encoding") from None
    if args.stats and os.path.isdir(args.stats):
        raise UsageError(f"--stats {args.stats} is a folder: name a file")
    if args.ocr_lines and args.layout_text:
        raise UsageError("--ocr-lines and --pdftotext-layout are two kinds of input: choose one")
    if args.explain and args.blocks:
        raise UsageError("--explain and --blocks are two kinds of output: choose one")
    if args.report_sample is not None and not args.report:
        raise UsageError("--report-sample N needs --report FOLDER: where to write the reports")
    if args.report_sample is not None and args.report_sample < 1:
        raise UsageError("--report-sample needs at least 1")
    if args.report and (args.explain or args.blocks):
        raise UsageError("--report is a kind of output of its own: not with --explain or --blocks")
    for key, flag in ((args.text_key, "--text-key"), (args.output_key, "--output-key")):
        if key is not None and (not key or any(not part for part in key.split("."))):
            raise UsageError(f"{flag} {key!r}: a field name, or names joined by dots")
    return Settings(
        inputs=tuple(args.inputs) or ("-",),
        output=args.output,
        format=args.format,
        text_key=args.text_key,
        output_key=args.output_key or args.text_key,
        blocks=args.blocks,
        explain=args.explain,
        encoding=args.encoding,
        jobs=args.jobs or usable_cpus(),
        shard=parse_shard(args.shard),
        on_error=args.on_error,
        progress=args.progress,
        options=options,
        report=args.report,
        report_sample=args.report_sample,
        stats=args.stats,
        markers=args.markers,
        ocr_lines=args.ocr_lines,
        layout_text=args.layout_text,
    )
