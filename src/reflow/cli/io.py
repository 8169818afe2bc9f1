"""Inputs and outputs of a run: what is read, where each result goes, and
the promise that every output file is complete or absent.

- Inputs are files, folders (walked: text ``.txt`` and JSONL ``.jsonl`` /
  ``.ndjson`` files, plain, ``.gz`` or ``.zst``, and with ``--ocr-lines``
  ``.json`` pages of OCR lines; any other file is reported as skipped, by
  name) and standard input (``-``). A ``.json`` file named on the command
  line is JSONL, unless ``--ocr-lines`` says it is a page of OCR lines.
- Outputs go to standard output, one file (``-o out.txt``), or a folder that
  mirrors the inputs (``-o DIR``). Every output file is written to a
  temporary file beside it and renamed when it is finished. A folder mirror
  is renamed into place only when every file of it was written: a run that
  fails leaves the folder as it was (no partial mirror), and removes the
  folders it created.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..files import AtomicWriter, OutputError, marked_encoding, remove_temporaries
from .args import Settings, UsageError

TEXT_SUFFIXES = (".txt", ".txt.gz", ".txt.zst", ".txt.zstd")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".jsonl.zst", ".jsonl.zstd", ".ndjson.gz", ".ndjson.zst", ".ndjson.zstd")
#: Named on the command line (not in a folder), these are read as JSONL too.
NAMED_JSONL_SUFFIXES = JSONL_SUFFIXES + (".json", ".json.gz", ".json.zst")
#: With --ocr-lines, a page of OCR lines is one JSON document: these are text inputs then.
OCR_SUFFIXES = (".json", ".json.gz", ".json.zst", ".json.zstd")


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its path ('-': standard input), JSONL or text, and the
    output file it mirrors to (None: the run's single output)."""

    name: str
    jsonl: bool
    target: str | None = None


@dataclass(slots=True)
class Plan:
    sources: list[Source]
    output: str | None  #: the single output file; None: standard output or a mirror
    mirror: bool
    skipped: list[str] = field(default_factory=list)  #: files in folders that are neither text nor JSONL


def _kind_in_folder(path: Path, ocr_lines: bool = False) -> bool | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return True
    if name.endswith(TEXT_SUFFIXES) or (ocr_lines and name.endswith(OCR_SUFFIXES)):
        return False
    return None


def _target(settings: Settings, jsonl: bool, path: Path) -> str:
    """Where a mirrored input's output goes: the same relative path; a page of
    OCR lines (``--ocr-lines``, ``page.json``) becomes text, ``page.txt``
    (``--blocks`` output stays JSON)."""
    name = path.name
    if settings.ocr_lines and not jsonl and not settings.blocks:
        for suffix in OCR_SUFFIXES:
            if name.lower().endswith(suffix):  # page.json -> page.txt, page.json.gz -> page.txt.gz
                return str(path.with_name(name[:-len(suffix)] + ".txt" + suffix[len(".json"):]))
    return str(path)


def opens_jsonl(head: bytes) -> bool:
    """Does standard input's first chunk open a JSONL record: ``{`` first but
    white space, a byte order mark aside? (A UTF-16 file's records are then
    refused with the conversion to make, where they were read as prose.)

    >>> opens_jsonl(b' {"text": 1}'), opens_jsonl(b'\\xef\\xbb\\xbf{"a"'), opens_jsonl('{"a"'.encode("utf-16"))
    (True, True, True)
    >>> opens_jsonl("本报讯".encode("utf-16")), opens_jsonl(b"")
    (False, False)
    """
    marked = marked_encoding(head)
    if marked:
        return head[:64].decode(marked, errors="ignore").lstrip()[:1] == "{"
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{"


def make_plan(settings: Settings, stdin_head: Callable[[], bytes]) -> Plan:
    """Expand folders, decide each input's format and output, and refuse what
    cannot work (a folder without -o, an output that is an input, two inputs
    mirrored onto one output)."""
    output = settings.output
    has_folder = any(name != "-" and os.path.isdir(name) for name in settings.inputs)
    mirror = bool(output) and (has_folder or os.path.isdir(output) or output.endswith(("/", os.sep)))
    sources: list[Source] = []
    skipped: list[str] = []
    for name in settings.inputs:
        if name != "-" and os.path.isdir(name):
            if not output:
                raise UsageError(f"{name} is a folder: give -o DIR to mirror it")
            for path in sorted(Path(name).rglob("*")):
                if not path.is_file():
                    continue
                jsonl = _kind_in_folder(path, settings.ocr_lines)
                if jsonl is None:
                    skipped.append(str(path))
                    continue
                sources.append(Source(str(path), jsonl, _target(settings, jsonl, Path(output) / path.relative_to(name))))
            continue
        if name == "-":
            jsonl = settings.format == "jsonl" or (settings.format == "auto" and opens_jsonl(stdin_head()))
        else:
            # (with --ocr-lines a .json file is one page's lines: a text input)
            named = JSONL_SUFFIXES if settings.ocr_lines else NAMED_JSONL_SUFFIXES
            jsonl = settings.format == "jsonl" or (settings.format == "auto" and name.lower().endswith(named))
        if mirror and name != "-":
            sources.append(Source(name, jsonl, _target(settings, jsonl, Path(output) / Path(name).name)))
        else:
            sources.append(Source(name, jsonl))
    if mirror and output and os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"{output} is a file: a folder input is mirrored into a folder")
    single = None if mirror else output
    if single and os.path.isdir(single):
        raise UsageError(f"{single} is a folder; name a file, or end the path with /")
    if settings.explain:
        for s in sources:
            if s.jsonl:
                raise UsageError(f"--explain reads text, and {'standard input' if s.name == '-' else s.name} is JSONL "
                                 "(explain a record with reflow.explain(), or give --format text)")
    seen: dict[str, str] = {}
    for s in sources:
        target = s.target or single
        if not target:
            continue
        if s.name != "-" and os.path.exists(target) and os.path.exists(s.name) and os.path.samefile(s.name, target):
            raise UsageError(f"refusing to overwrite the input {s.name}")
        if s.target:
            key = os.path.normpath(s.target)
            if key in seen:
                raise UsageError(f"{seen[key]} and {s.name} would both be written to {s.target}")
            seen[key] = s.name
    return Plan(sources, single, mirror, skipped)


class Outputs:
    """Where results are written; complete or absent, whatever goes wrong."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._single: AtomicWriter | None = None
        self._stream: BinaryIO | None = None
        self._staged: list[AtomicWriter] = []
        self._made: list[Path] = []  # folders this run created, outermost first

    def __enter__(self) -> "Outputs":
        if self.plan.output:
            self._make_parents(Path(self.plan.output).parent)  # (removed again if the run fails)
            self._single = AtomicWriter(self.plan.output)
            self._stream = self._single.__enter__()
        else:  # standard output; in a mirror, for standard input ('-')
            self._stream = sys.stdout.buffer
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()

    @contextmanager
    def writer(self, source: Source) -> Iterator[Callable[[bytes], object]]:
        """A write function for *source*'s output. A mirrored file is staged:
        renamed into place by :meth:`commit`, with all the others."""
        if not source.target:
            yield self._guarded(self._stream, self.plan.output)
            return
        self._make_parents(Path(source.target).parent)
        staged = AtomicWriter(source.target, commit=False)
        # Listed before its file is made (as _make_parents lists a folder): a
        # signal between the two must not leave a file that abort() does not know.
        self._staged.append(staged)
        stream = staged.__enter__()
        try:
            yield self._guarded(stream, source.target)
        except BaseException:
            staged.__exit__(*sys.exc_info())
            raise
        staged.__exit__(None, None, None)

    @staticmethod
    def _guarded(stream: BinaryIO, path: str | None) -> Callable[[bytes], object]:
        """*stream*.write, a failure (disk full, file too large) named by the
        output it was for. Standard output's errors (a closed pipe) pass as they are."""
        if path is None:
            return stream.write

        def write(data: bytes) -> object:
            try:
                return stream.write(data)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None

        return write

    def _make_parents(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
        for path in reversed(missing):
            # Listed before it is made: a signal (SIGTERM, Ctrl-C) that lands
            # between the two must not leave a folder that abort() does not know.
            self._made.append(path)
            try:
                path.mkdir()
            except FileExistsError:
                self._made.pop()  # somebody else's: never ours to remove
                continue
            except OSError as exc:
                self._made.pop()
                raise OutputError(f"cannot create {path}: {exc.strerror or exc}") from None

    def commit(self) -> None:
        if self._single is not None:
            single, self._single = self._single, None
            single.__exit__(None, None, None)
        elif self._stream is not None:
            self._stream.flush()
        staged, self._staged = self._staged, []
        for w in staged:
            w.commit()
        self._made = []

    def abort(self) -> None:
        if self._single is not None:
            single, self._single = self._single, None
            single.__exit__(RuntimeError, None, None)
        for w in self._staged:
            w.abort()
        self._staged = []
        remove_temporaries()  # (any left: a folder of ours is removed only when empty)
        for path in reversed(self._made):
            try:
                path.rmdir()
            except OSError:
                pass
        self._made = []
