"""The ``reflow`` command: a preprocessing step from one page to a whole archive.

    reflow [INPUT ...] [-o OUT] [--format text|jsonl|auto] [-j N] [--shard I/N] ...

Exit codes: 0 ok; 1 a data or I/O error (the message names the file); 2 a
usage error (bad flags, a bad --encoding or config file, an extra that is not
installed, a --text-key that no record has); 130 interrupted (SIGINT), 143
terminated (SIGTERM). Whatever the exit, no output file is left half-written
and no temporary file or worker process is left behind.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from itertools import groupby

from ..convert import MissingExtra
from ..document import Reflower
from ..files import InputError, OutputError, compression, open_input, remove_temporaries
from .args import Settings, UsageError, build_parser, parse_settings
from .io import Outputs, Plan, Source, make_plan
from .jobs import BatchResult, Context, TextJob, batches, run_ordered
from .reports import Console, Progress, reports_for, summary, write_html_reports

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM

#: While no record of a JSONL input has had the text key, its output is held
#: back, up to this many records or bytes: if none has it by the end (or by
#: then), --text-key is wrong, and nothing was written.
HOLD_RECORDS = 10_000
HOLD_BYTES = 64 << 20


class Terminated(BaseException):
    """SIGTERM arrived (raised in the main thread, so that everything unwinds)."""


class Failed(Exception):
    """A data error under --on-error fail; its message was printed."""


class WrongKey(Exception):
    """No record of a JSONL input has the text key (exit code 2)."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    console = Console()
    previous = _handle_signals()
    previous_hook = sys.unraisablehook
    sys.unraisablehook = stop_again = _StopAgain(previous_hook)
    try:
        return _main(args, console)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):  # no second signal during the clean-up
            signal.signal(signum, signal.SIG_IGN)
        stop_again.close()
        sys.unraisablehook = previous_hook
        remove_temporaries()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main(args, console: Console) -> int:
    try:
        settings = parse_settings(args)
        _check_extras(settings)
        if "-" in settings.inputs and sys.stdin is None:
            raise UsageError("there is no standard input to read: name an input file")
        plan = make_plan(settings, _stdin_head)
        _check_zstd(plan, settings)
        if settings.report:
            write_html_reports(settings, plan, console)
            return EXIT_OK
        run = Run(settings, plan, console)
        run.execute()
        return EXIT_OK
    except (UsageError, MissingExtra, WrongKey) as exc:
        console.say(str(exc))
        return EXIT_USAGE
    except Failed:
        return EXIT_DATA
    except (InputError, OutputError) as exc:
        console.say(str(exc))
        return EXIT_DATA
    except KeyboardInterrupt:
        console.say("interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        console.say("terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except BrokenProcessPool:
        console.say("a worker process died (killed from outside, or out of memory?); no output was written")
        return EXIT_DATA
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        console.say(f"{where}{exc.strerror or exc}")
        return EXIT_DATA
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        if os.environ.get("REFLOW_DEBUG"):
            raise
        console.say(f"internal error: {exc!r} (REFLOW_DEBUG=1 shows the traceback; please report it)")
        return EXIT_DATA


def _handle_signals() -> dict:
    def terminate(signum, frame):
        raise Terminated(signum)

    previous = {}
    for signum, handler in ((signal.SIGTERM, terminate), (signal.SIGINT, signal.default_int_handler)):
        try:
            previous[signum] = signal.signal(signum, handler)
        except ValueError:  # pragma: no cover - not the main thread
            pass
    return previous


class _StopAgain:
    """An unraisable hook that delivers a stop signal again.

    Python cannot raise out of a finalizer (``__del__``, a weakref callback):
    a KeyboardInterrupt or Terminated that our handlers raise there is printed
    as "Exception ignored in ..." and dropped, and the run went on to its end
    with a traceback on the screen. The regex module's finalizers run during
    pattern compiles, so a signal landed there now and then. This hook takes
    such an exception quietly and sends the same signal again a moment later
    from a helper thread, so that its handler runs in the main thread outside
    the finalizer (a signal sent from inside the hook would be handled inside
    the hook, where it is dropped again). Every other unraisable exception
    goes to *default*. :meth:`close` stops the resends that are not yet out.

    A resend can itself land while the hook runs (a loaded machine: the hook
    waits for its timer thread to start, and an earlier timer fires meanwhile):
    its handler raises inside the hook, where Python would print it and drop
    it. The hook takes that too and sends it again (CI, session 36: "Exception
    ignored in sys.unraisablehook ... Terminated: 15" from the test of a
    signal in a finalizer, run beside other work).
    """

    DELAY = 0.005  # seconds: long past the hook's return

    def __init__(self, default) -> None:
        self.default = default
        self.resends: list[threading.Timer] = []

    def __call__(self, unraisable) -> None:
        exc = unraisable.exc_value
        if isinstance(exc, KeyboardInterrupt):
            signum = signal.SIGINT
        elif isinstance(exc, Terminated):
            signum = signal.SIGTERM
        else:
            self.default(unraisable)
            return
        while True:
            try:
                resend = threading.Timer(self.DELAY, os.kill, (os.getpid(), signum))
                resend.daemon = True
                self.resends.append(resend)
                resend.start()
                return
            except KeyboardInterrupt:  # a resend landed in here: send it again
                signum = signal.SIGINT
            except Terminated:
                signum = signal.SIGTERM

    def close(self) -> None:
        for resend in self.resends:
            resend.cancel()
            resend.join()


def _stdin_head() -> bytes:
    stream = sys.stdin.buffer
    return stream.peek(64)[:64] if hasattr(stream, "peek") else b""


def _check_extras(settings: Settings) -> None:
    """A conversion without OpenCC fails here, once, before any input is read."""
    if settings.options.convert:
        from ..convert import converter

        converter(settings.options.convert)


def _check_zstd(plan: Plan, settings: Settings) -> None:
    names = [s.name for s in plan.sources] + [s.target or "" for s in plan.sources] + [plan.output or "", settings.stats or ""]
    if any(compression(n) == "zstd" for n in names):
        try:
            import zstandard  # noqa: F401
        except ImportError:
            raise UsageError(".zst files need zstandard: pip install 'reflow[zstd]'") from None


class Run:
    """One invocation: its settings and plan, counts, reports, the error policy."""

    def __init__(self, settings: Settings, plan: Plan, console: Console) -> None:
        self.settings = settings
        self.plan = plan
        self.console = console
        self.stats: Counter = Counter()
        self.reports = reports_for(settings)
        self.reflower = Reflower(settings.options)
        enabled = settings.progress if settings.progress is not None else console.stream.isatty()
        self.progress = Progress(console, enabled, _total_size(plan))
        self.started = time.monotonic()

    def execute(self) -> None:
        if self.plan.skipped:
            self.stats["skipped_files"] = len(self.plan.skipped)
            shown = ", ".join(self.plan.skipped[:10]) + (f" and {len(self.plan.skipped) - 10} more" if len(self.plan.skipped) > 10 else "")
            self.console.say(f"skipped {len(self.plan.skipped)} file(s) that are neither text (.txt) nor JSONL (.jsonl, .ndjson): {shown}")
        self.progress.show(force=True)
        with Outputs(self.plan) as outputs:
            # Inputs in the order given; consecutive text files go together (for -j).
            for jsonl, group in groupby(self.plan.sources, key=lambda s: s.jsonl):
                if jsonl:
                    for source in group:
                        self.jsonl_source(source, outputs)
                else:
                    self.text_files(list(group), outputs)
        self.progress.close()
        seconds = time.monotonic() - self.started
        for report in self.reports:
            report.finish(self.stats, seconds, self.console)
        if self.settings.stats or self.progress.enabled:
            self.console.say(summary(self.stats, seconds))

    def _add(self, result) -> None:
        self.stats.update(result.stats)
        for report in self.reports:
            report.add(result)

    # -- text ----------------------------------------------------------------

    def text_files(self, sources: list[Source], outputs: Outputs) -> None:
        s = self.settings
        policy = s.policy(jsonl=False)
        i, n = s.shard
        chosen = [src for k, src in enumerate(sources) if k % n == i]
        context = Context(self.reflower, s.encoding, s.blocks, s.explain, markers=s.markers, ocr_lines=s.ocr_lines,
                          layout_text=s.layout_text, counts=bool(s.stats) or self.progress.enabled)

        def jobs():
            for src in chosen:
                yield TextJob("-", sys.stdin.buffer.read()) if src.name == "-" else TextJob(src.name)

        with closing(run_ordered(jobs(), context, s.jobs, self.progress.show)) as results:
            self._text_results(chosen, results, outputs, policy)

    def _text_results(self, chosen: list[Source], results, outputs: Outputs, policy: str) -> None:
        for src, result in zip(chosen, results):
            self.progress.advance(1, result.size)
            if result.error:
                self.console.say(result.error)
                self.stats["errors"] += 1
                if policy == "fail":
                    raise Failed(result.error)
                if policy == "passthrough" and result.raw is not None:
                    self.stats["passed_through"] += 1
                    with outputs.writer(src) as write:
                        write(result.raw)
                continue
            self._add(result)
            with outputs.writer(src) as write:
                write(result.out)

    # -- JSONL ---------------------------------------------------------------

    def jsonl_source(self, source: Source, outputs: Outputs) -> None:
        s = self.settings
        name = "<stdin>" if source.name == "-" else source.name
        context = Context(self.reflower, s.encoding, s.blocks, False, s.text_key, s.output_key, s.policy(jsonl=True),
                          markers=s.markers, ocr_lines=s.ocr_lines, layout_text=s.layout_text,
                          counts=bool(s.stats) or self.progress.enabled)
        stream = sys.stdin.buffer if source.name == "-" else open_input(source.name)
        try:
            with outputs.writer(source) as write:
                hold = _KeyCheck(name, s.text_key, write, self.console)
                with closing(run_ordered(batches(source.name, stream, s.shard), context, s.jobs, self.progress.show)) as results:
                    for result in results:
                        self.progress.advance(result.stats["records"], result.size)
                        self._add(result)
                        hold.add(result)
                        if result.fatal:
                            if not hold.keyed and result.problems[-1].missing_key:
                                self.console.say(result.fatal)  # (held back by the key check)
                            raise Failed(result.fatal)
                hold.finish()
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()


class _KeyCheck:
    """Writes a JSONL input's results; holds them back while no record has had
    the text key, so that a wrong --text-key fails once, with nothing written,
    instead of copying every record and saying "no field" for each."""

    def __init__(self, name: str, key: str, write, console: Console) -> None:
        self.name, self.key, self.write, self.console = name, key, write, console
        self.keyed = False
        self.held: list[bytes] = []
        self.held_problems: list = []
        self.held_bytes = 0
        self.missing = 0

    def add(self, result: BatchResult) -> None:
        if not self.keyed and result.keyed:
            self.keyed = True
            for problem in self.held_problems:
                self.console.say(problem.message)
            self.write(b"".join(self.held))
            self.held, self.held_problems = [], []
        for problem in result.problems:
            if problem.missing_key and not self.keyed:
                self.missing += 1
                self.held_problems.append(problem)
            else:
                self.console.say(problem.message)
        if self.keyed:
            self.write(result.out)  # one write a batch: the parent's time is the workers' at -j 2
            return
        self.held.append(result.out)
        self.held_bytes += len(result.out)
        if self.missing and (self.missing >= HOLD_RECORDS or self.held_bytes >= HOLD_BYTES):
            self.fail(f"none of the first {self.missing} records has")

    def finish(self) -> None:
        if not self.keyed and self.missing:
            self.fail("no record has")
        self.write(b"".join(self.held))
        self.held = []

    def fail(self, who: str) -> None:
        example = self.held_problems[0].message.split(": no field ", 1)[-1]
        raise WrongKey(f"{self.name}: {who} the field {self.key!r} (--text-key); "
                       f"line {self.held_problems[0].line}: no field {example}")


def _total_size(plan: Plan) -> int | None:
    """The input size, for percent and ETA (uncompressed files only; else none)."""
    total = 0
    for s in plan.sources:
        if s.name == "-" or compression(s.name):
            return None
        try:
            total += os.path.getsize(s.name)
        except OSError:
            return None
    return total or None


def _quiet_stdout() -> None:
    """After a closed pipe (reflow … | head), keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
