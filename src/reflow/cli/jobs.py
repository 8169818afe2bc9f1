"""Work units and their typed results, run in order, in worker processes or not.

A job is a text document (:class:`TextJob`) or a batch of JSONL lines
(:class:`RecordBatch`); :func:`run_job` turns it into a :class:`TextResult`
or a :class:`BatchResult`. The functions are module-level so that worker
processes can run them; what every job shares (the Reflower and the
settings) is sent to each worker once (:class:`Context`), not with every job.

:func:`run_ordered` yields the results in job order. With ``jobs > 1`` the
workers ignore Ctrl-C (the terminal sends it to the whole process group) and
die with their parent: when the main process is interrupted or terminated, it
ends them at once, and no worker runs on, orphaned.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from ..document import Reflower
from ..files import HELD_SIGNALS, InputError, decode, read_bytes, read_chunks, signals_held
from ..ocr import ordered_layout
from ..render import CONFIGURATION_ERRORS, text_renderer
from .records import MissingKey, Record, RecordError

#: Bytes of JSONL lines per batch sent to a worker (a longer line is a batch of
#: its own). Small enough that a few MB make several batches (every worker
#: busy, the progress line moving); large enough that what each batch costs
#: beside its records — sent, its result read back by the pool's threads,
#: which take the parent's core from its own batch — stays small. Since the
#: records' native path (session 40) made a record cheaper, that cost was
#: about 5% of ``-j 2`` at 256 KB: 200 MB of generated pages, ``-j 2`` against
#: ``-j 1`` in alternating rounds, 1.72-1.73x at 256 KB, 1.81-1.83x at 512 KB
#: and at 1 MB, 1.76x at 2 MB (60 MB: 1.70x, 1.74x, 1.76x at 256 KB, 512 KB,
#: 1 MB); ``-j 1`` alike at every size. A file's first batches are smaller
#: (:data:`FIRST_BATCH_BYTES`, doubling up to this).
BATCH_BYTES = 1 << 20

#: The size of a JSONL file's first batch; each after it doubles, up to
#: :data:`BATCH_BYTES`. On an input of a few MB, batches of 1 MB from the
#: start left the worker fewer to share: 5 MB, ``-j 2`` 1.11x ``-j 1`` at
#: 1 MB, 1.18x at 256 KB (five rounds each, the medians).
FIRST_BATCH_BYTES = 256 << 10


@dataclass(frozen=True, slots=True)
class Context:
    """What every job of a run shares."""

    reflower: Reflower
    encoding: str = "utf-8"
    blocks: bool = False
    explain: bool = False
    text_key: str = "text"
    output_key: str = "text"
    policy: str = "fail"  #: for JSONL records
    markers: bool = True  #: collect the jump markers (--markers); without, results carry none
    #: collect the rules' and kinds' counts (--stats, the progress line's summary); without, a
    #: JSONL batch's counts are its records, bytes and errors only
    counts: bool = True
    ocr_lines: bool = False  #: --ocr-lines: the input holds OCR lines with boxes, put in order first
    layout_text: bool = False  #: --pdftotext-layout: the input is pdftotext -layout text, put in order first


@dataclass(frozen=True, slots=True)
class TextJob:
    """One text document: a path to read, or the bytes (standard input)."""

    name: str
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class RecordBatch:
    """Consecutive whole lines of one JSONL input, as read (blank lines too).

    *first_line* is the number of the first line; *index* counts the records
    (non-blank lines) before it, for *shard* (I, N): the worker takes a record
    only if its index modulo N is I."""

    name: str
    first_line: int
    data: bytes
    index: int = 0
    shard: tuple[int, int] = (0, 1)

    @property
    def size(self) -> int:
        """Input bytes the batch covers, for the progress line."""
        return len(self.data)

    def records(self) -> Iterator[tuple[int, bytes]]:
        """(line number, line with its ending) of each record the batch holds
        (blank lines and other shards' records left out)."""
        data, i, n = self.data, *self.shard
        pos, end, number, index = 0, len(data), self.first_line, self.index
        while pos < end:
            nl = data.find(b"\n", pos)
            stop = end if nl < 0 else nl + 1
            raw = data[pos:stop]
            pos = stop
            if raw.strip():
                if index % n == i:
                    yield number, raw
                index += 1
            number += 1


@dataclass(frozen=True, slots=True)
class MarkerAt:
    """A jump marker found, and where."""

    where: str
    raw: str
    direction: str
    pages: tuple[str, ...]
    seq: int | None

    def __str__(self) -> str:
        seq = f" seq {self.seq}" if self.seq else ""
        return f"{self.where}: {self.raw} -> {self.direction} page {','.join(self.pages)}{seq}"


@dataclass(slots=True)
class TextResult:
    name: str
    out: bytes = b""
    stats: Counter = field(default_factory=Counter)
    markers: list[MarkerAt] = field(default_factory=list)
    error: str | None = None  #: why the document could not be processed
    raw: bytes | None = None  #: its bytes, when it could be read (for passthrough)
    size: int = 0  #: input bytes, for the progress line


@dataclass(slots=True)
class RecordProblem:
    line: int
    message: str
    missing_key: bool = False  #: the record has no field at the text key


@dataclass(slots=True)
class BatchResult:
    name: str
    out: bytes = b""  #: the output lines, joined (one object to send back, one write)
    stats: Counter = field(default_factory=Counter)
    markers: list[MarkerAt] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    fatal: str | None = None  #: the first problem, under --on-error fail: the run stops
    keyed: int = 0  #: records that had the text key
    size: int = 0


def _markers(where: str, found) -> list[MarkerAt]:
    return [MarkerAt(where, m.raw, m.direction, tuple(m.pages), m.seq) for m in found]


# --------------------------------------------------------------------------
# The work itself
# --------------------------------------------------------------------------

_CONTEXT: Context | None = None


def _worker_init(context: Context, parent: int) -> None:
    """In each worker: the shared context; Ctrl-C is the parent's to handle;
    die with the parent."""
    global _CONTEXT
    _CONTEXT = context
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held since the fork: see run_ordered
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover
            pass
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


def run_job(job, context: Context | None = None):
    context = context or _CONTEXT
    if isinstance(job, TextJob):
        return process_text(context, job)
    return process_records(context, job)


def process_text(context: Context, job: TextJob) -> TextResult:
    """One text document: the output bytes and counts, or an error message."""
    data = job.data
    if data is None:
        try:
            data = read_bytes(job.name)
        except InputError as exc:
            return TextResult(job.name, error=str(exc))
    name = "<stdin>" if job.name == "-" else job.name
    try:
        text = input_text(decode(data, name, context.encoding), name, context.ocr_lines, context.layout_text)
    except InputError as exc:
        return TextResult(job.name, error=str(exc), raw=data, size=len(data))
    reflower = context.reflower
    try:
        if context.blocks:
            doc = reflower.parse(text)
            stats, found = Counter(doc.stats), doc.markers if context.markers else []
            out = json.dumps({"source": name, "blocks": [b.to_dict() for b in doc.blocks]}, ensure_ascii=False) + "\n"
        else:
            # --explain writes the steps instead of the text; the counts and
            # markers (--stats, --markers) are those of the text all the same.
            done = text_renderer(reflower, context.markers, context.counts)(text)
            stats, found = done.stats, done.markers
            if context.explain:
                out = "".join(f"{step}\n" for step in reflower.explain(text))
            else:
                out = done.text + "\n" if done.text else ""
        encoded = out.encode("utf-8")
    except CONFIGURATION_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - a document reflow cannot handle is that document's error
        return TextResult(job.name, error=f"{name}: cannot be reflowed ({type(exc).__name__}: {exc})", raw=data, size=len(data))
    stats.update(records=1, bytes_in=len(data), bytes_out=len(encoded))
    return TextResult(job.name, encoded, stats, _markers(name, found), size=len(data))


def native_records(context: Context) -> Callable[[bytes], tuple | None] | None:
    """The native core's own path for this run's JSONL records, or None.

    ``reflow._native.reflow_record`` takes a record's line as read and gives
    its output line, counts and markers, reading the JSON, reflowing the text
    field and writing it back in one native call (the Python path below
    spends a third of a record's time around the native reflow: decoding the
    line, reading its fields, writing the output). It applies where the text
    is written (not ``--blocks``), the text is read as it is (not
    ``--ocr-lines`` or ``--pdftotext-layout``), the input is UTF-8 and the
    native pipeline renders (``render._pipeline``); the keys may be dotted
    paths (``doc.text``), as on the Python path. For each record it returns
    the Python path's bytes, counts and markers, or None where it leaves the
    record to the Python path, the specification: anything but a JSON object
    whose keys hold no escapes, its text field a string and its output
    field's path through objects only (see ``rust/reflow-core/src/jsonl.rs``).
    tests/test_native_records.py holds the two paths equal."""
    import codecs

    from .. import _engine
    from ..render import _pipeline

    if context.blocks or context.ocr_lines or context.layout_text:
        return None
    try:
        if codecs.lookup(context.encoding).name != "utf-8":
            return None
        context.text_key.encode("utf-8")
        context.output_key.encode("utf-8")
    except (LookupError, UnicodeEncodeError):
        return None
    options = _pipeline(context.reflower.options)
    record = getattr(_engine.native, "reflow_record", None)
    if options is None or record is None:
        return None
    text_key, output_key, markers, counts = context.text_key, context.output_key, context.markers, context.counts
    return lambda raw: record(raw, text_key, output_key, options, markers, counts)


def process_records(context: Context, batch: RecordBatch) -> BatchResult:
    """A batch of JSONL records: output lines, counts, problems. One bad
    record never fails the batch (unless the policy is fail).

    A record goes to the native path (:func:`native_records`) where there is
    one and it takes the record, else to the Python path below; the two give
    the same output, counts and markers."""
    from .._engine import _marker

    reflower = context.reflower
    result = BatchResult(batch.name, size=batch.size)
    lines: list[bytes] = []
    name = "<stdin>" if batch.name == "-" else batch.name
    render = None if context.blocks else text_renderer(reflower, context.markers, context.counts)
    fast = native_records(context)

    def keep(number: int, raw: bytes, out: bytes, stats, found: list) -> None:
        """A record read, by either path: its output line, counts and markers."""
        result.stats["records"] += 1
        result.stats["bytes_in"] += len(raw)
        result.stats.update(stats)
        if found:
            result.markers.extend(_markers(f"{name}: line {number}", found))
        result.stats["bytes_out"] += len(out)
        lines.append(out)

    for number, raw in batch.records():
        if fast is not None:
            try:
                done = fast(raw)
            except Exception:  # noqa: BLE001 - the Python path reads the record again, and says what fails
                done = None
            if done is not None:
                out, counts, found = done
                result.keyed += 1
                keep(number, raw, out, dict(counts), [_marker(m) for m in found])
                continue
        where = f"{name}: line {number}"
        try:
            try:
                line = decode(raw, name, context.encoding, number - 1, whole=False).rstrip("\r\n")
            except InputError as exc:
                raise RecordError(str(exc).removeprefix(f"{name}: ").removeprefix(f"line {number}: ")) from None
            record = Record(line)
            text = record.get(context.text_key)
            result.keyed += 1
            if context.ocr_lines:
                try:
                    text = ocr_input(text, f"field {context.text_key!r}")
                except InputError as exc:
                    raise RecordError(str(exc)) from None
            elif not isinstance(text, str):
                raise RecordError(f"field {context.text_key!r} is not a string")
            elif context.layout_text:
                text = ordered_layout(text)
            if context.blocks:
                doc = reflower.parse(text)
                value = [b.to_dict() for b in doc.blocks]
                stats, found = doc.stats, doc.markers if context.markers else []
            else:
                done = render(text)
                value, stats, found = done.text, done.stats, done.markers
            ending = "\r\n" if raw.endswith(b"\r\n") else "\n"  # the line's own ending, as passthrough keeps it
            try:  # (a lone surrogate in the value cannot be encoded: then it is escaped, see records.dumps)
                out = (record.set(context.output_key, value, escape=False) + ending).encode("utf-8")
            except UnicodeEncodeError:
                out = (record.set(context.output_key, value) + ending).encode("utf-8")
        except CONFIGURATION_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - one record never fails the others
            result.problems.append(RecordProblem(number, f"{where}: {_describe(exc)}", isinstance(exc, MissingKey)))
            result.stats["errors"] += 1
            if context.policy == "fail":
                result.fatal = result.problems[-1].message
                break
            if context.policy == "passthrough":
                lines.append(raw if raw.endswith(b"\n") else raw + b"\n")
                result.stats["passed_through"] += 1
            continue
        keep(number, raw, out, stats, found)
    result.out = b"".join(lines)
    return result


def ocr_input(value, where: str) -> str:
    """``--ocr-lines``: the text of the OCR lines *value* holds (parsed JSON)
    in reading order (:func:`reflow.ocr.ordered_text`): one page's list of
    lines, or a list of pages (PaddleOCR's result for a document), a form
    feed between pages. InputError, naming *where*, for anything else."""
    from ..ocr import ordered_pages, ordered_text

    try:
        return ordered_text(value)
    except TypeError as exc:
        first = exc
    if isinstance(value, list) and value and all(p is None or isinstance(p, list) for p in value):
        try:
            return ordered_pages(value)
        except TypeError:
            pass
    raise InputError(f"{where}: --ocr-lines: {first}")


def input_text(text: str, name: str, ocr_lines: bool, layout_text: bool) -> str:
    """A text input *name* as reflow reads it: with ``--ocr-lines`` its JSON's
    OCR lines in reading order (:func:`ocr_file_text`), with
    ``--pdftotext-layout`` its side-by-side columns in order
    (:func:`reflow.ocr.ordered_layout`), else as it is."""
    if ocr_lines:
        return ocr_file_text(text, name)
    return ordered_layout(text) if layout_text else text


def ocr_file_text(text: str, name: str) -> str:
    """``--ocr-lines`` for a text input *name*: its JSON's OCR lines in
    reading order (:func:`ocr_input`), or an InputError that says where the
    JSON breaks."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: --ocr-lines: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    return ocr_input(value, name)


def _describe(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, RecordError):
        return str(exc)
    return f"cannot be reflowed ({type(exc).__name__}: {exc})"


def batches(path: str, stream, shard: tuple[int, int] = (0, 1), size_limit: int | None = None) -> Iterator[RecordBatch]:
    """A JSONL input (*path*, '-' for standard input) in batches of whole lines
    of about *size_limit* bytes (by default :data:`FIRST_BATCH_BYTES` at
    first, doubling up to :data:`BATCH_BYTES`), each read in one piece: the parent's cost is
    a few reads a MB, not a step a record (at -j 2 the parent's time is taken
    from the workers'). The workers leave out blank lines and, with *shard*
    (I, N), all but every N-th record."""
    number, index = 1, 0
    sizes = (size_limit, None) if size_limit else (BATCH_BYTES, FIRST_BATCH_BYTES)
    for data in read_chunks("<stdin>" if path == "-" else path, stream, *sizes):
        yield RecordBatch(path, number, data, index, shard)
        number += data.count(b"\n")
        if shard[1] > 1:
            index += sum(1 for line in data.split(b"\n") if line.strip())


# --------------------------------------------------------------------------
# Running jobs in order
# --------------------------------------------------------------------------


def run_ordered(jobs: Iterable, context: Context, workers: int, tick: Callable[[], None] = lambda: None) -> Iterator:
    """Results of :func:`run_job` in job order, *workers* processes at work:
    this one and ``workers - 1`` worker processes (as ``make -j``). *tick* is
    called at least every half second while waiting (the progress line).

    This process reads, sends and writes; what time that leaves it, it spends
    on jobs of its own: a job is sent to a worker while fewer than two per
    worker wait there, and run here otherwise — after the jobs that follow it
    are sent ahead, as many as make up its size, so that a large file run
    here does not leave the workers idle meanwhile. (N workers beside a
    parent that only reads and writes would put the parent's work on top of
    theirs: at ``-j 2`` on two cores, three processes on two cores.)

    Memory stays bounded: the results wait for the oldest job still running
    only once ``4 * workers`` jobs are in flight and those after it hold as
    much input as it does — so a large file at a worker does not stall the
    others behind the bound, and what is held behind a job is never more
    than its own size (or 4N jobs).
    """
    if workers <= 1:
        for job in jobs:
            yield run_job(job, context)
        return
    helpers = workers - 1
    pool = ProcessPoolExecutor(max_workers=helpers, initializer=_worker_init, initargs=(context, os.getpid()))
    pending: deque[_Sent | _Here] = deque()  # in job order
    sent: list[_Sent] = []  # sent to a worker and not seen done: the jobs waiting there
    held = 0  # input bytes of the jobs in pending
    queue = iter(jobs)
    clean = False

    def add(item: _Sent | _Here) -> None:
        nonlocal held
        pending.append(item)
        held += item.size

    def send(job) -> None:
        # A submit may fork a worker. A signal that lands during a fork runs
        # Python's handler inside the fork's own hooks, where the exception is
        # printed and swallowed ("Exception ignored in _releaseLock"): the
        # parent lost the Ctrl-C and ran on to the end, and a worker not yet
        # initialised printed a traceback. Held, the signal reaches the parent
        # when the fork is done; the workers inherit the held mask and release
        # it only once they ignore Ctrl-C (_worker_init).
        with signals_held():
            item = _Sent(pool.submit(run_job, job), job_size(job))
        add(item)
        sent.append(item)

    def full() -> bool:
        """4N in flight, and behind the oldest as much input as it holds."""
        return len(pending) >= 4 * workers and held - pending[0].size >= pending[0].size

    try:
        for job in queue:
            sent[:] = [item for item in sent if not item.future.done()]
            if len(sent) < 2 * helpers:
                send(job)
            else:
                here = _Here(job_size(job))
                add(here)
                ahead = sum(item.size for item in sent)
                while ahead < here.size and (following := next(queue, None)) is not None:
                    send(following)
                    ahead += sent[-1].size
                here.result = run_job(job, context)
            while pending and (pending[0].ready() or full()):
                item = pending.popleft()
                held -= item.size
                yield _result(item, tick, pool)
        while pending:
            yield _result(pending.popleft(), tick, pool)
        clean = True
    finally:
        if clean:
            pool.shutdown(wait=True)
        else:
            stop(pool)


def job_size(job) -> int:
    """Input bytes of *job* (a file not yet read: its size on disk; 0 where it
    cannot be read, which its worker will report)."""
    if isinstance(job, TextJob) and job.data is None:
        try:
            return os.stat(job.name).st_size
        except (OSError, ValueError):
            return 0
    return len(job.data)


@dataclass(slots=True)
class _Sent:
    """A job sent to a worker: its future, and its size."""

    future: Future
    size: int

    def ready(self) -> bool:
        return self.future.done()


@dataclass(slots=True)
class _Here:
    """A job this process runs itself, in line with the ones sent: its size,
    and its result once it has run."""

    size: int
    result: object = None

    def ready(self) -> bool:
        return True


def _result(item, tick, pool: ProcessPoolExecutor | None = None):
    """The result of *item* (a :class:`_Here`'s at once, a :class:`_Sent`'s
    once it is done), calling *tick* every half second meanwhile.

    A worker killed from outside while it wrote a result leaves the pool's
    manager thread waiting for the rest of the message, so the pool never
    reports itself broken: a worker seen dead while a result is awaited breaks
    the run here (BrokenProcessPool, as the pool would say)."""
    if isinstance(item, _Here):
        return item.result
    future = item.future
    while True:
        done, _ = wait([future], timeout=0.5, return_when=FIRST_COMPLETED)
        if done:
            return future.result()
        if pool is not None and any(p.exitcode is not None for p in list(getattr(pool, "_processes", {}).values())):
            raise BrokenProcessPool("a worker process died")
        tick()


def stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now (an interrupt, or an error): nothing runs on."""
    processes = list(getattr(pool, "_processes", {}).values())
    for p in processes:
        try:
            p.terminate()
        except (OSError, AttributeError):  # pragma: no cover
            pass
    for p in processes:
        p.join(1)
        if p.is_alive():  # pragma: no cover - a worker that ignored SIGTERM
            p.kill()
            p.join(1)
    # A worker terminated while it wrote a result leaves half a message in the
    # result pipe, and the pool's manager thread waits for the rest for ever
    # (the parent holds the pipe's write end too, so no end of file comes):
    # close that write end, now that no worker is left to write, so that the
    # manager reads an end of file, finds the pool broken and ends.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError:  # pragma: no cover
            pass
    # wait=True: the pool's manager thread sees its workers gone and ends;
    # (with wait=False it may close its wake-up pipe under the interpreter's
    # exit hook, which then complains).
    pool.shutdown(wait=True, cancel_futures=True)
