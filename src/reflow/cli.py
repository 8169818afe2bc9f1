"""The ``reflow`` command: a preprocessing step from one page to a whole archive.

    reflow [INPUT ...] [-o OUT] [--format text|jsonl|auto] [-j N] [--shard I/N] ...

Inputs are text files (``-`` or nothing for standard input), JSONL files, or
directories (their ``.txt`` files, mirrored under ``-o DIR``). gzip and zstd
are read and written by extension. Every option of the library is a flag
(``--convert t2s``, ``--keep-markers``, …) and can come from a TOML file
(``--config``). Exit codes: 0 ok, 1 a data or I/O error, 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tomllib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from itertools import groupby
from pathlib import Path

from . import __version__
from .document import Reflower
from .files import AtomicWriter, InputError, decode, open_input, read_bytes
from .options import CONVERSIONS, SPACING_CHOICES, Options

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

#: Records per JSONL batch sent to a worker, and the most bytes in one batch.
BATCH_RECORDS = 512
BATCH_BYTES = 4 << 20


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


# --------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reflow",
        description="Reflow raw text extracted from Chinese newspaper pages into clean text, one block per line.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="text or JSONL files, or folders; '-' or nothing: standard input")
    p.add_argument("-o", "--output", metavar="OUT", help="output file, or folder (mirrors folder inputs); default: standard output")
    p.add_argument("--format", choices=("text", "jsonl", "auto"), default="auto",
                   help="input format; auto: by extension (.jsonl, .jsonl.gz…), or by the first character on standard input")
    p.add_argument("--text-key", default="text", metavar="KEY", help="JSONL field holding the text; dots for nested keys (doc.text)")
    p.add_argument("--output-key", metavar="KEY", help="JSONL field to write the result to (default: the text key)")
    p.add_argument("--blocks", action="store_true", help="write the parsed blocks (kind, text, span, marker) as JSON instead of text")
    p.add_argument("--encoding", default="utf-8", help="encoding of the input, e.g. gb18030 or big5 (output is always UTF-8)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes; output order is kept (default 1)")
    p.add_argument("--shard", metavar="I/N", help="take only every N-th record (or file), starting at the I-th (0-based)")
    p.add_argument("--on-error", choices=("fail", "skip", "passthrough"),
                   help="a bad file or record: stop (exit 1), leave it out, or copy it unchanged. "
                        "Default: fail for text files, passthrough for JSONL records (nothing is lost; errors are counted)")
    p.add_argument("--stats", metavar="FILE.json", help="write counts (joins, column breaks, headlines, markers, rules, errors) to this file")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress on standard error (default: when it is a terminal)")
    p.add_argument("--markers", action="store_true", help="print a summary of the jump markers found, to standard error")
    p.add_argument("--explain", action="store_true", help="print, per input line, the decision and the rule that took it")
    p.add_argument("--config", metavar="FILE.toml", help="options from a TOML file (top level or a [reflow] table)")
    p.add_argument("--version", action="version", version=f"reflow {__version__}")
    group = p.add_argument_group("reflow options (see help(reflow.Options))")
    for f in fields(Options):
        flag = "--" + f.name.replace("_", "-")
        if f.type in ("bool", bool):
            group.add_argument(flag, dest=f"opt_{f.name}", action=argparse.BooleanOptionalAction, default=None)
        elif f.name == "convert":
            group.add_argument(flag, dest=f"opt_{f.name}", choices=CONVERSIONS, default=None, metavar="CONFIG",
                               help="OpenCC conversion after reflow: " + ", ".join(CONVERSIONS))
        elif f.name == "cjk_latin_spacing":
            group.add_argument(flag, dest=f"opt_{f.name}", choices=SPACING_CHOICES, default=None)
        else:
            kind = {"int": int, "float": float}.get(str(f.type), str)
            group.add_argument(flag, dest=f"opt_{f.name}", type=kind, default=None, metavar=f.name.split("_")[-1].upper())
    return p


def load_options(args: argparse.Namespace) -> Options:
    """Options from the TOML file (if any), then from the flags."""
    values: dict = {}
    if args.config:
        try:
            with open(args.config, "rb") as f:
                data = tomllib.load(f)
        except OSError as exc:
            raise UsageError(f"{args.config}: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{args.config}: not valid TOML: {exc}") from None
        data = data.get("reflow", data)
        known = {f.name for f in fields(Options)}
        for key, value in data.items():
            name = key.replace("-", "_")
            if name not in known:
                raise UsageError(f"{args.config}: unknown option {key!r}")
            values[name] = value
    for f in fields(Options):
        value = getattr(args, f"opt_{f.name}")
        if value is not None:
            values[f.name] = value
    try:
        return Options(**values)
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from None


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


# --------------------------------------------------------------------------
# Work units (module functions, so that worker processes can run them)
# --------------------------------------------------------------------------


def _get(record: dict, key: str):
    value = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(key)
        value = value[part]
    return value


def _set(record: dict, key: str, value) -> None:
    parts = key.split(".")
    target = record
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            raise KeyError(key)
    target[parts[-1]] = value


def _render(reflower: Reflower, text: str, blocks: bool):
    doc = reflower.parse(text)
    if blocks:
        return [b.to_dict() for b in doc.blocks], doc
    return doc.render(reflower.options.keep_markers, reflower.options.keep_furniture), doc


def process_text(reflower: Reflower, name: str, data: bytes, encoding: str, blocks: bool, explain: bool) -> dict:
    """One text document: the output bytes and counts, or an error message."""
    try:
        text = decode(data, name, encoding)
    except InputError as exc:
        return {"error": str(exc)}
    stats: Counter = Counter(records=1, bytes_in=len(data))
    if explain:
        out = "".join(f"{step}\n" for step in reflower.explain(text))
        return {"out": out.encode(), "stats": stats, "markers": []}
    if blocks:
        result, doc = _render(reflower, text, blocks)
        stats.update(doc.stats)
        found = doc.markers
        out = json.dumps({"source": name, "blocks": result}, ensure_ascii=False) + "\n"
    else:
        # The streaming path: a large file is rendered part by part.
        result, counts, found = reflower.reflow_with_stats(text, markers=True)
        stats.update(counts)
        out = result + "\n" if result else ""
    encoded = out.encode("utf-8")
    stats["bytes_out"] += len(encoded)
    return {"out": encoded, "stats": stats, "markers": [(name, m.to_dict()) for m in found]}


def process_file(
    reflower: Reflower, path: str, encoding: str, blocks: bool, explain: bool, data: bytes | None = None
) -> dict:
    """Read and process one text file (in a worker process when -j > 1);
    *data* given (standard input) is processed as it is."""
    if data is None:
        try:
            data = read_bytes(path)
        except InputError as exc:
            return {"error": str(exc)}
    result = process_text(reflower, path, data, encoding, blocks, explain)
    if "error" in result:
        result["raw"] = data
    return result


def process_records(
    reflower: Reflower, name: str, first_line: int, lines: list[bytes], text_key: str, output_key: str,
    blocks: bool, encoding: str, on_error: str,
) -> dict:
    """A batch of JSONL records: output lines, counts, errors (one bad record never fails the batch)."""
    out: list[bytes] = []
    stats: Counter = Counter()
    errors: list[str] = []
    markers: list = []
    for offset, raw in enumerate(lines):
        where = f"{name}: line {first_line + offset}"
        try:
            record = json.loads(decode(raw, name, encoding, first_line + offset - 1))
            if not isinstance(record, dict):
                raise ValueError("a JSONL record must be an object")
            text = _get(record, text_key)
            if not isinstance(text, str):
                raise ValueError(f"field {text_key!r} is not a string")
            result, doc = _render(reflower, text, blocks)
            _set(record, output_key, result)
        except (InputError, ValueError, KeyError) as exc:
            message = str(exc) if isinstance(exc, InputError) else f"{where}: {_describe(exc, text_key)}"
            errors.append(message)
            stats["errors"] += 1
            if on_error == "fail":
                return {"out": out, "stats": stats, "errors": errors, "fatal": message, "markers": markers}
            if on_error == "passthrough":
                out.append(raw if raw.endswith(b"\n") else raw + b"\n")
            continue
        stats["records"] += 1
        stats["bytes_in"] += len(raw)
        stats.update(doc.stats)
        markers.extend((where, m.to_dict()) for m in doc.markers)
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        stats["bytes_out"] += len(line)
        out.append(line)
    return {"out": out, "stats": stats, "errors": errors, "fatal": None, "markers": markers}


def _describe(exc: Exception, text_key: str) -> str:
    if isinstance(exc, KeyError):
        return f"no field {text_key!r}"
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON ({exc.msg} at column {exc.colno})"
    return str(exc)


def run_ordered(func: Callable, tasks: Iterable[tuple], jobs: int) -> Iterator:
    """Results of ``func(*task)`` in task order; with *jobs* > 1 in worker
    processes, at most ``2 * jobs`` tasks in flight (memory stays bounded)."""
    if jobs <= 1:
        for task in tasks:
            yield func(*task)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()
        try:
            for task in tasks:
                pending.append(pool.submit(func, *task))
                if len(pending) >= 2 * jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


# --------------------------------------------------------------------------
# Progress and summary
# --------------------------------------------------------------------------


class Progress:
    """Records, MB, MB/s and ETA on standard error, at most twice a second."""

    def __init__(self, enabled: bool, total_bytes: int | None) -> None:
        self.enabled = enabled
        self.total = total_bytes
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, stats: Counter, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        done = stats["bytes_in"]
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed / 1e6
        eta = ""
        if self.total and done and done < self.total:
            eta = f" | ETA {int((self.total - done) / (done / elapsed))}s"
        sys.stderr.write(f"\rreflow: {stats['records']} records | {done / 1e6:.1f} MB | {rate:.1f} MB/s{eta}   ")
        sys.stderr.flush()
        self.shown = True

    def close(self, stats: Counter) -> None:
        if self.enabled:
            self.update(stats, force=True)
            sys.stderr.write("\n")


def summary(stats: Counter, seconds: float) -> str:
    joins = sum(v for k, v in stats.items() if k.startswith("join:"))
    mb = stats["bytes_in"] / 1e6
    return (
        f"reflow: {stats['records']} records, {mb:.1f} MB in {seconds:.1f}s ({mb / max(seconds, 1e-9):.1f} MB/s); "
        f"{joins} lines joined ({stats['join:column_break']} across column breaks), "
        f"{stats['block:headline']} headlines, {stats['block:marker']} markers, {stats['errors']} errors"
    )


# --------------------------------------------------------------------------
# Inputs and outputs
# --------------------------------------------------------------------------

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".jsonl.zst", ".ndjson.gz", ".ndjson.zst", ".json.gz", ".json")


def _is_jsonl(name: str, fmt: str, sniff: bytes = b"") -> bool:
    if fmt != "auto":
        return fmt == "jsonl"
    if name == "-":
        return sniff.lstrip()[:1] == b"{"
    return name.lower().endswith(_JSONL_SUFFIXES)


def expand_inputs(inputs: list[str], output: str | None) -> list[tuple[str, str | None]]:
    """(input path, mirrored output path or None) for every input; folders are walked."""
    if not inputs:
        inputs = ["-"]
    out_dir = output if output and (os.path.isdir(output) or output.endswith(("/", os.sep))) else None
    pairs: list[tuple[str, str | None]] = []
    for name in inputs:
        if name != "-" and os.path.isdir(name):
            if not output:
                raise UsageError(f"{name} is a folder: give -o DIR to mirror it")
            out_dir = output
            for path in sorted(Path(name).rglob("*")):
                if path.is_file() and path.name.lower().endswith((".txt", ".txt.gz", ".txt.zst")):
                    pairs.append((str(path), str(Path(output) / path.relative_to(name))))
        elif out_dir and name != "-":
            pairs.append((name, str(Path(out_dir) / Path(name).name)))
        else:
            pairs.append((name, None))
    for name, target in pairs:
        for path in filter(None, (target, None if out_dir else output)):
            if name != "-" and os.path.exists(path) and os.path.exists(name) and os.path.samefile(name, path):
                raise UsageError(f"refusing to overwrite the input {name}")
    return pairs


class Run:
    """One invocation: options, counts, the error policy."""

    def __init__(self, args: argparse.Namespace, reflower: Reflower) -> None:
        self.args = args
        self.reflower = reflower
        self.stats: Counter = Counter()
        self.markers: list = []
        self.jobs = max(1, args.jobs)
        self.shard = parse_shard(args.shard)
        interactive = sys.stderr.isatty()
        self.progress = Progress(args.progress if args.progress is not None else interactive, None)

    def set_total(self, pairs: list[tuple[str, str | None]]) -> None:
        """The input size, for the progress ETA (uncompressed files only; else none)."""
        total = 0
        for name, _ in pairs:
            if name == "-" or name.lower().endswith((".gz", ".zst", ".zstd")):
                return
            try:
                total += os.path.getsize(name)
            except OSError:
                return
        self.progress.total = total or None

    def error(self, message: str, policy: str) -> None:
        print(f"reflow: {message}", file=sys.stderr)
        self.stats["errors"] += 1
        if policy == "fail":
            raise _reported(message)

    # -- text ------------------------------------------------------------

    def text_files(self, pairs: list[tuple[str, str | None]], sink) -> None:
        policy = self.args.on_error or "fail"
        i, n = self.shard
        chosen = [p for k, p in enumerate(pairs) if k % n == i]
        args = self.args

        def tasks():
            for name, _ in chosen:
                if name == "-":
                    yield (self.reflower, "<stdin>", args.encoding, args.blocks, args.explain, sys.stdin.buffer.read())
                else:
                    yield (self.reflower, name, args.encoding, args.blocks, args.explain)

        for (name, target), result in zip(chosen, run_ordered(process_file, tasks(), self.jobs)):
            if "error" in result:
                self.error(result["error"], policy)
                if policy == "passthrough" and result.get("raw") is not None:
                    sink(name, target, result["raw"])
                continue
            self.stats.update(result["stats"])
            self.markers.extend(result["markers"])
            sink(name, target, result["out"])
            self.progress.update(self.stats)

    # -- JSONL -------------------------------------------------------------

    def jsonl_stream(self, name: str, stream, write) -> None:
        args = self.args
        policy = args.on_error or "passthrough"
        output_key = args.output_key or args.text_key

        def batches():
            i, n = self.shard
            batch: list[bytes] = []
            size = 0
            first = 0
            index = -1
            for number, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                index += 1
                if index % n != i:
                    continue
                if not batch:
                    first = number
                batch.append(raw)
                size += len(raw)
                if len(batch) >= BATCH_RECORDS or size >= BATCH_BYTES:
                    yield (self.reflower, name, first, batch, args.text_key, output_key, args.blocks, args.encoding, policy)
                    batch, size = [], 0
            if batch:
                yield (self.reflower, name, first, batch, args.text_key, output_key, args.blocks, args.encoding, policy)

        for result in run_ordered(process_records, batches(), self.jobs):
            for message in result["errors"]:
                print(f"reflow: {message}", file=sys.stderr)
            self.stats.update(result["stats"])
            self.markers.extend(result["markers"])
            for line in result["out"]:
                write(line)
            self.progress.update(self.stats)
            if result["fatal"]:
                raise _reported(result["fatal"])


def _reported(message: str) -> InputError:
    """An InputError whose message has already been printed."""
    exc = InputError(message)
    exc.reported = True
    return exc


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        options = load_options(args)
        if args.jobs < 1:
            raise UsageError("-j needs at least 1")
        reflower = Reflower(options)
        pairs = expand_inputs(args.inputs, args.output)
        run = Run(args, reflower)
        run.set_total(pairs)
        _execute(run, pairs)
    except UsageError as exc:
        print(f"reflow: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        if not getattr(exc, "reported", False):
            print(f"reflow: {exc}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("reflow: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        if os.environ.get("REFLOW_DEBUG"):
            raise
        print(f"reflow: internal error: {exc!r} (REFLOW_DEBUG=1 shows the traceback; please report it)", file=sys.stderr)
        return EXIT_DATA
    seconds = time.monotonic() - started
    run.progress.close(run.stats)
    if args.markers:
        for where, marker in run.markers:
            print(f"{where}: {marker['raw']} -> {marker['direction']} page {','.join(marker['pages'])}"
                  + (f" seq {marker['seq']}" if marker["seq"] else ""), file=sys.stderr)
    if args.stats:
        try:
            with AtomicWriter(args.stats) as f:
                counts = {"records": 0, "errors": 0, "bytes_in": 0, "bytes_out": 0, **run.stats}
                counts["seconds"] = round(seconds, 3)
                f.write(json.dumps(counts, ensure_ascii=False, indent=2, sort_keys=True).encode())
        except OSError as exc:
            print(f"reflow: {args.stats}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_DATA
    if args.stats or run.progress.enabled:
        print(summary(run.stats, seconds), file=sys.stderr)
    return EXIT_OK  # errors under a fail policy stopped the run above; others were handled and counted


def _execute(run: Run, pairs: list[tuple[str, str | None]]) -> None:
    args = run.args
    single_output = args.output if args.output and not any(t for _, t in pairs) else None
    if single_output and os.path.isdir(single_output):
        raise UsageError(f"{single_output} is a folder; name a file, or end the path with /")
    sniffed = b""
    stdin_stream = None
    kinds = []
    for name, target in pairs:
        if name == "-":
            stdin_stream = sys.stdin.buffer
            sniffed = stdin_stream.peek(64)[:64] if hasattr(stdin_stream, "peek") else b""
        kinds.append(_is_jsonl(name, args.format, sniffed))

    def run_all(single) -> None:
        def sink(name, target, data):
            if target:
                with AtomicWriter(target) as f:
                    f.write(data)
            else:
                single(data)

        # Inputs in the order given; consecutive text files go together (for -j).
        for jsonl, group in groupby(zip(kinds, pairs), key=lambda kp: kp[0]):
            group_pairs = [pair for _, pair in group]
            if not jsonl:
                run.text_files(group_pairs, sink)
                continue
            for name, target in group_pairs:
                if target:
                    with open_input(name) as stream, AtomicWriter(target) as f:
                        run.jsonl_stream(name, stream, f.write)
                elif name == "-":
                    run.jsonl_stream("<stdin>", stdin_stream, single)
                else:
                    with open_input(name) as stream:
                        run.jsonl_stream(name, stream, single)

    if single_output:
        with AtomicWriter(single_output) as out:
            run_all(out.write)
    else:
        out = sys.stdout.buffer
        run_all(out.write)
        out.flush()


def _quiet_stdout() -> None:
    """After a closed pipe (reflow … | head), keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
