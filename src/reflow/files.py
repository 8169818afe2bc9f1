"""Files for the command line: compression by extension, decoding, atomic writes.

Nothing here is needed by the library itself; the command line uses it so that
bad input gets a clear message naming the file, and an output file is either
complete or absent — written to a temporary file beside it, then renamed.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path
from typing import BinaryIO


class InputError(Exception):
    """Input that cannot be read as text; the message names the file (and line)."""


def compression(path: str | Path) -> str | None:
    """"gzip" or "zstd" by the file's extension, else None.

    >>> compression("a.jsonl.gz"), compression("b.txt.zst"), compression("c.txt")
    ('gzip', 'zstd', None)
    """
    name = str(path).lower()
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith((".zst", ".zstd")):
        return "zstd"
    return None


def _zstd():
    try:
        import zstandard
    except ImportError:
        raise InputError("reading or writing .zst files needs zstandard: pip install 'reflow[zstd]'") from None
    return zstandard


def open_input(path: str) -> BinaryIO:
    """Open *path* for reading bytes, decompressing by extension."""
    kind = compression(path)
    try:
        if kind == "gzip":
            return gzip.open(path, "rb")
        if kind == "zstd":
            return _zstd().ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def read_bytes(path: str) -> bytes:
    """The whole (decompressed) content of *path*, or InputError."""
    try:
        with open_input(path) as f:
            return f.read()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None


def decode(data: bytes, name: str, encoding: str = "utf-8", line_offset: int = 0) -> str:
    """Decode *data*, refusing binary content and invalid encodings with a message
    that names the file and line.

    >>> decode("株洲".encode(), "a.txt")
    '株洲'
    >>> decode(b"ab\\xff", "a.txt")
    Traceback (most recent call last):
    reflow.files.InputError: a.txt: line 1: not valid utf-8 (byte 0xff at offset 2)
    """
    if b"\x00" in data[:65536] and not encoding.lower().startswith(("utf-16", "utf16", "utf-32", "utf32")):
        raise InputError(f"{name}: looks like a binary file (it has NUL bytes); reflow reads text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = line_offset + data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}: line {line}: not valid {encoding} (byte {data[exc.start]:#04x} at offset {exc.start})"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    return text.removeprefix("\ufeff")


class AtomicWriter:
    """Write a file completely or not at all: into a temporary file in the same
    folder, compressed by the target's extension, renamed over the target on
    success and removed on failure.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with AtomicWriter(os.path.join(folder, "out.txt")) as out:
    ...     _ = out.write(b"ok")
    >>> open(os.path.join(folder, "out.txt"), "rb").read()
    b'ok'
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._tmp: str | None = None
        self._raw: BinaryIO | None = None
        self.stream: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._raw = os.fdopen(fd, "wb")
        kind = compression(self.path)
        if kind == "gzip":
            self.stream = gzip.GzipFile(fileobj=self._raw, mode="wb")
        elif kind == "zstd":
            self.stream = _zstd().ZstdCompressor().stream_writer(self._raw, closefd=False)
        else:
            self.stream = self._raw
        return self.stream

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.stream is not self._raw:
                self.stream.close()
            self._raw.close()
        finally:
            if exc_type is None:
                os.replace(self._tmp, self.path)
            elif self._tmp and os.path.exists(self._tmp):
                os.unlink(self._tmp)
