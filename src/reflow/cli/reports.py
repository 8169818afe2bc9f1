"""What a run tells besides its output: messages, the progress line, and the
reports asked for (``--stats FILE``, ``--markers``).

A report is an object with ``add(result)`` (called with every job result, in
order) and ``finish(run)`` (at the end of a successful run); :func:`reports_for`
makes those the settings ask for. One more kind of report is one more class
here and one more line there.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Protocol, TextIO

from ..files import AtomicWriter
from .args import Settings
from .jobs import MarkerAt


class Console:
    """Messages on standard error, which never overwrite the progress line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.line_open = False  # a progress line is on screen, without its newline

    def say(self, message: str) -> None:
        self.end_line()
        self.stream.write(f"reflow: {message}\n")
        self.stream.flush()

    def status(self, text: str) -> None:
        self.stream.write(f"\r{text}\x1b[K" if self.stream.isatty() else f"\r{text}   ")
        self.stream.flush()
        self.line_open = True

    def end_line(self) -> None:
        if self.line_open:
            self.stream.write("\n")
            self.line_open = False


class Progress:
    """Records, MB, MB/s, percent and ETA on standard error, at most twice a
    second. Shown from the start (before the first result), and refreshed
    while results are awaited. Percent and ETA only when the input size is
    known (uncompressed files), and the ETA only once 2% is done and a second
    has passed: an estimate from less says nothing."""

    def __init__(self, console: Console, enabled: bool, total: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.enabled = enabled
        self.total = total
        self.clock = clock
        self.start = clock()
        self.last = float("-inf")
        self.records = 0
        self.done = 0  # input bytes whose results are written

    def advance(self, records: int, size: int) -> None:
        self.records += records
        self.done += size
        self.show()

    def show(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        self.console.status(self.line(now))

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        text = f"reflow: {self.records} records | {self.done / 1e6:.1f} MB | {self.done / elapsed / 1e6:.1f} MB/s"
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            text += f" | {fraction:.0%}"
            if 0.02 <= fraction < 1 and elapsed >= 1:
                text += f" | ETA {round(elapsed / fraction * (1 - fraction))}s"
        return text

    def close(self) -> None:
        if self.enabled:
            self.show(force=True)
            self.console.end_line()


def summary(stats: Counter, seconds: float) -> str:
    joins = sum(v for k, v in stats.items() if k.startswith("join:"))
    mb = stats["bytes_in"] / 1e6
    return (
        f"{stats['records']} records, {mb:.1f} MB in {seconds:.1f}s ({mb / max(seconds, 1e-9):.1f} MB/s); "
        f"{joins} lines joined ({stats['join:column_break']} across column breaks), "
        f"{stats['block:headline']} headlines, {stats['block:marker']} markers, {stats['errors']} errors"
    )


class Report(Protocol):
    def add(self, result) -> None: ...
    def finish(self, stats: Counter, seconds: float, console: Console) -> None: ...


class StatsFile:
    """``--stats FILE.json``: the counts of the run (written atomically)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def add(self, result) -> None:
        pass

    def finish(self, stats: Counter, seconds: float, console: Console) -> None:
        counts = {"records": 0, "errors": 0, "bytes_in": 0, "bytes_out": 0, **stats}
        counts["seconds"] = round(seconds, 3)
        with AtomicWriter(self.path) as f:
            f.write(json.dumps(counts, ensure_ascii=False, indent=2, sort_keys=True).encode())


class MarkerList:
    """``--markers``: the jump markers found, one per line, on standard error."""

    def __init__(self) -> None:
        self.found: list[MarkerAt] = []

    def add(self, result) -> None:
        self.found.extend(result.markers)

    def finish(self, stats: Counter, seconds: float, console: Console) -> None:
        console.end_line()
        for m in self.found:
            console.stream.write(f"{m}\n")


def reports_for(settings: Settings) -> list[Report]:
    out: list[Report] = []
    if settings.markers:
        out.append(MarkerList())
    if settings.stats:
        out.append(StatsFile(settings.stats))
    return out


# --------------------------------------------------------------------------
# --report: the HTML report of a page's decisions (reflow.report)
# --------------------------------------------------------------------------


def write_html_reports(settings: Settings, plan, console: Console) -> None:
    """``--report FILE.html``: the report of the one text input (a file or
    standard input). ``--report FOLDER --report-sample N``: the reports of N
    files or JSONL records drawn from all the inputs (seeded, so the same
    inputs give the same sample), and an index page. Reports are written
    instead of the text; a file is written atomically, complete or absent.
    """
    import json

    from ..files import InputError, decode, open_input, read_bytes, read_lines
    from ..report import write_report, write_report_sample
    from .args import UsageError
    from ..ocr import ordered_layout
    from .jobs import input_text, ocr_input
    from .records import Record, RecordError

    options = settings.options
    if settings.report_sample is None:
        sources = plan.sources
        if len(sources) != 1 or sources[0].jsonl:
            raise UsageError("--report FILE.html takes one text input; for JSONL or several inputs "
                             "use --report FOLDER --report-sample N")
        name = sources[0].name
        label = "<stdin>" if name == "-" else name
        data = sys.stdin.buffer.read() if name == "-" else read_bytes(name)
        text = input_text(decode(data, label, settings.encoding), label, settings.ocr_lines, settings.layout_text)
        path = write_report(text, settings.report, options, source=label)
        console.say(f"report written to {path}")
        return

    key = settings.text_key

    def record_loader(name: str, number: int, raw: bytes):
        def load() -> str:
            try:
                value = Record(decode(raw, name, settings.encoding, number - 1, whole=False).rstrip("\r\n")).get(key)
            except (RecordError, json.JSONDecodeError) as exc:
                raise ValueError(f"line {number}: {exc}") from None
            if settings.ocr_lines:
                try:
                    return ocr_input(value, f"the field {key!r}")
                except InputError as exc:
                    raise ValueError(f"line {number}: {exc}") from None
            if not isinstance(value, str):
                raise ValueError(f"line {number}: the field {key!r} is not a string")
            return ordered_layout(value) if settings.layout_text else value
        return load

    def file_loader(name: str):
        def load() -> str:
            data = sys.stdin.buffer.read() if name == "-" else read_bytes(name)
            return input_text(decode(data, name, settings.encoding), name, settings.ocr_lines, settings.layout_text)
        return load

    def items():
        for src in plan.sources:
            label = "<stdin>" if src.name == "-" else src.name
            if not src.jsonl:
                yield label, file_loader(src.name)
                continue
            stream = sys.stdin.buffer if src.name == "-" else open_input(src.name)
            try:
                for number, raw in enumerate(read_lines(label, stream), 1):
                    if raw.strip():
                        yield f"{label}:{number}", record_loader(label, number, raw)
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()

    try:
        result = write_report_sample(items(), settings.report, settings.report_sample, options)
    except ValueError as exc:
        raise UsageError(f"--report {settings.report}: {exc}") from None
    for label, message in result.errors:
        console.say(f"{label}: no report: {message}")
    console.say(f"{len(result.pages)} report(s) of {result.seen} item(s) written; index: {result.index}")
    if result.errors and settings.policy(jsonl=False) == "fail" and settings.on_error == "fail":
        from .main import Failed

        raise Failed(result.errors[0][1])
