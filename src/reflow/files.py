"""Files for the command line: compression by extension, decoding, atomic writes.

Nothing here is needed by the library itself; the command line uses it so that
bad input gets a clear message naming the file, and an output file is either
complete or absent — written to a temporary file beside it, then renamed.

A compressed input that ends early (a truncated download) or is corrupt is an
error naming the file, in gzip and zstd alike: never read as shorter, or empty.
"""

from __future__ import annotations

import gzip
import io
import os
import signal
import stat
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class InputError(Exception):
    """Input that cannot be read as text; the message names the file (and line)."""


class OutputError(Exception):
    """An output that cannot be written; the message names the file."""


#: Temporary files being written now (removed by :func:`remove_temporaries`
#: should the process be stopped between creating one and renaming it).
_LIVE: set[str] = set()


#: The signals that stop a run (Ctrl-C, SIGTERM), held back by signals_held.
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (in this thread) for steps that must
    happen together or not at all — a temporary file made and listed for
    removal, workers forked — and deliver them when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def remove_temporaries() -> None:
    """Remove every temporary output file this process has not yet renamed."""
    for path in list(_LIVE):
        try:
            os.unlink(path)
        except OSError:
            pass
        _LIVE.discard(path)


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


class _ZstdReader(io.RawIOBase):
    """A zstd stream, decompressed: any number of frames, one after the other
    (as ``zstd`` and ``pzstd`` write them); EOFError if the last frame is cut off.

    (zstandard's own stream reader reads a cut-off file as shorter, or empty,
    without a word, and cannot be read line by line.)
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._zstd = _zstd()
        self._obj = self._zstd.ZstdDecompressor().decompressobj()
        self._pending = b""
        self._started = False  # data seen in the current frame
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and not self._done:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                self._done = True
                if self._started:
                    raise EOFError("compressed data ended before the end of the zstd frame (the file is truncated)")
                break
            while chunk:
                self._started = True
                self._pending += self._obj.decompress(chunk)
                if self._obj.eof:
                    chunk = self._obj.unused_data
                    self._obj = self._zstd.ZstdDecompressor().decompressobj()
                    self._started = False
                else:
                    chunk = b""
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_input(path: str) -> BinaryIO:
    """Open *path* for reading bytes, decompressing by extension. Reading it
    may raise EOFError (truncated) or a decompression error: see :func:`read_errors`."""
    kind = compression(path)
    try:
        if kind == "gzip":
            return gzip.open(path, "rb")
        if kind == "zstd":
            return io.BufferedReader(_ZstdReader(open(path, "rb")), 1 << 16)
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def read_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that reading a (compressed) input can raise for bad data."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, gzip.BadGzipFile)
    try:
        import zstandard
    except ImportError:
        return errors
    return errors + (zstandard.ZstdError,)


def describe_read_error(path: str, exc: BaseException) -> str:
    """A message for a failure while reading *path* (named in it)."""
    if isinstance(exc, EOFError):
        return f"{path}: the file is truncated ({compression(path) or 'compressed'} data ends early)"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile)) or type(exc).__name__ == "ZstdError":
        return f"{path}: corrupt {compression(path) or 'compressed'} data ({exc})"
    return f"{path}: {getattr(exc, 'strerror', None) or exc}"


def read_bytes(path: str) -> bytes:
    """The whole (decompressed) content of *path*, or InputError."""
    with open_input(path) as f:
        try:
            return f.read()
        except read_errors() as exc:
            raise InputError(describe_read_error(path, exc)) from None


def read_lines(path: str, stream: BinaryIO) -> Iterator[bytes]:
    """The lines of *stream* (opened from *path*); a read error is an
    InputError naming the file."""
    try:
        yield from stream
    except read_errors() as exc:
        raise InputError(describe_read_error(path, exc)) from None


def read_chunks(path: str, stream: BinaryIO, size: int, first: int | None = None) -> Iterator[bytes]:
    """*stream* (opened from *path*) in pieces of whole lines: each read of
    *size* bytes cut after its last newline, the rest carried into the next
    piece (a line longer than *size* is one piece of its own; the last piece
    may lack its newline); a read error is an InputError naming the file.
    With *first*, the reads start at *first* bytes and double up to *size*:
    a short input still comes in several pieces.

    >>> import io
    >>> list(read_chunks("a.jsonl", io.BytesIO(b"ab\\ncd\\nef"), 4))
    [b'ab\\n', b'cd\\n', b'ef']
    >>> list(read_chunks("a.jsonl", io.BytesIO(b"abcdefgh\\nij\\n"), 3))
    [b'abcdefgh\\n', b'ij\\n']
    >>> [len(piece) for piece in read_chunks("a.jsonl", io.BytesIO(b"a\\n" * 20), 16, first=4)]
    [4, 8, 16, 12]
    """
    held: list[bytes] = []  # the start of a line longer than one read (joined once, not per read)
    step = min(first, size) if first else size
    try:
        while chunk := stream.read(step):
            step = min(2 * step, size)
            cut = chunk.rfind(b"\n") + 1
            if not cut:
                held.append(chunk)
                continue
            if held:
                held.append(chunk[:cut])
                yield b"".join(held)
                held = []
            else:
                yield chunk[:cut]
            if cut < len(chunk):
                held.append(chunk[cut:])
    except read_errors() as exc:
        raise InputError(describe_read_error(path, exc)) from None
    if held:
        yield b"".join(held)


#: What a Chinese text that is not UTF-8 is most likely encoded in (GBK's
#: superset, and Taiwan's and Hong Kong's): tried, on an error only, to name
#: the encoding a file reads in.
LIKELY_ENCODINGS = ("gb18030", "big5")


def likely_encoding(data: bytes) -> str | None:
    """The encoding of :data:`LIKELY_ENCODINGS` in which *data* (its first
    64 KB) reads as Chinese: it decodes cleanly (a character cut at the
    sample's end aside), and more of its neighbouring characters make words
    (:func:`reflow.chars.is_word`) than in the other; None where no word is
    made. Archives of Chinese papers are often GBK or Big5, and a UTF-8 error
    alone leaves the user guessing.

    >>> likely_encoding("本报讯 记者在现场进行采访".encode("gbk")), likely_encoding("本報訊 記者在現場進行採訪".encode("big5"))
    ('gb18030', 'big5')
    >>> likely_encoding(b"ab\\xff") is None
    True
    """
    from .chars import is_word

    sample = data[:65536]
    best, score = None, 0
    for encoding in LIKELY_ENCODINGS:
        text = sample.decode(encoding, errors="replace")
        if text.count("\ufffd") > 1:
            continue
        words = sum(1 for a, b in zip(text, text[1:]) if is_word(a + b))
        if words > score:
            best, score = encoding, words
    return best


#: :func:`likely_encoding` by input name, worked out at its first error: the
#: records of a GBK JSONL file read as UTF-8 each fail, and each would
#: otherwise be read again for the hint (1 KB records: three times the cost
#: of reflowing them). A few hundred names at most.
_HINTS: dict[str, str | None] = {}


def _likely_encoding_of(name: str, data: bytes) -> str | None:
    if name not in _HINTS:
        if len(_HINTS) >= 256:
            _HINTS.clear()
        _HINTS[name] = likely_encoding(data)
    return _HINTS[name]


#: The byte order marks of UTF-32 and UTF-16 (UTF-32's first: its little-endian
#: mark begins with UTF-16's), and the codec that reads each.
BYTE_ORDER_MARKS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def marked_encoding(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte order mark at the start of *data*
    declares, or None. No UTF-8 text starts with one (the bytes FE and FF are
    never UTF-8), so a file read as UTF-8 by default that starts with one is
    read in what it declares: a mark is no guess. (Windows saves "Unicode"
    text as UTF-16 with its mark; OCR exports from there are often such.)

    >>> marked_encoding("株洲".encode("utf-16")), marked_encoding("株洲".encode("utf-32"))
    ('utf-16', 'utf-32')
    >>> marked_encoding("株洲".encode("utf-8-sig")) is None
    True
    """
    return next((codec for mark, codec in BYTE_ORDER_MARKS if data.startswith(mark)), None)


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def decode(data: bytes, name: str, encoding: str = "utf-8", line_offset: int = 0, whole: bool = True) -> str:
    """Decode *data*, refusing binary content and invalid encodings with a message
    that names the file and line, and the encoding it reads in where UTF-8 was
    assumed and it reads as Chinese in another (:func:`likely_encoding`).

    A *whole* text (a file, standard input) read as UTF-8 that starts with a
    UTF-16 or UTF-32 byte order mark is read in that encoding
    (:func:`marked_encoding`); a UTF-8 one loses its mark. A JSONL record
    (``whole=False``) is one line of a file that must be UTF-8 to be cut into
    lines: such a mark there is refused with the conversion to make.

    >>> decode("株洲\\n日报".encode("utf-16"), "u.txt")
    '株洲\\n日报'
    >>> decode("{}".encode("utf-16"), "u.jsonl", whole=False)
    Traceback (most recent call last):
    reflow.files.InputError: u.jsonl: line 1: starts with a UTF-16 byte order mark; JSON Lines are read as UTF-8: convert the file first (iconv -f UTF-16 -t UTF-8)

    >>> decode("株洲".encode(), "a.txt")
    '株洲'
    >>> decode(b"ab\\xff", "a.txt")
    Traceback (most recent call last):
    reflow.files.InputError: a.txt: line 1: not valid utf-8 (byte 0xff at offset 2)
    >>> decode("株洲日报记者\\n".encode("gbk"), "b.txt")
    Traceback (most recent call last):
    reflow.files.InputError: b.txt: line 1: not valid utf-8 (byte 0xd6 at offset 0); it reads as gb18030: --encoding gb18030
    """
    marked = marked_encoding(data) if line_offset == 0 and _is_utf8(encoding) else None
    if marked and not whole:
        raise InputError(f"{name}: line 1: starts with a {marked.upper()} byte order mark; JSON Lines are read as "
                         f"UTF-8: convert the file first (iconv -f {marked.upper()} -t UTF-8)")
    encoding = marked or encoding
    if b"\x00" in data[:65536] and not encoding.lower().startswith(("utf-16", "utf16", "utf-32", "utf32")):
        raise InputError(f"{name}: looks like a binary file (it has NUL bytes); reflow reads text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = line_offset + data[: exc.start].count(b"\n") + 1
        message = f"{name}: line {line}: not valid {encoding} (byte {data[exc.start]:#04x} at offset {exc.start})"
        if _is_utf8(encoding):
            likely = _likely_encoding_of(name, data)
            if likely is not None:
                message += f"; it reads as {likely}: --encoding {likely}"
        raise InputError(message) from None
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

    A target that is a device or a pipe (``/dev/stdout``, a FIFO) is written
    straight into: it is a stream, and replacing it with a file would be wrong.

    The file gets the permissions an ordinary new file gets (0666 less the
    umask), or those of the file it replaces: not mkstemp's 0600.

    With ``commit=False`` the finished temporary file is kept until
    :meth:`commit` or :meth:`abort` (a folder of outputs is renamed into place
    only when every one of them was written).
    """

    def __init__(self, path: str | Path, commit: bool = True) -> None:
        self.path = Path(path)
        self._tmp: str | None = None
        self._raw: BinaryIO | None = None
        self.stream: BinaryIO | None = None
        self._commit = commit

    def __enter__(self) -> BinaryIO:
        if _is_stream(self.path):
            # A device or a pipe (-o /dev/stdout, a FIFO): written straight
            # into, never replaced by a regular file.
            try:
                self._raw = open(self.path, "wb")
            except OSError as exc:
                raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
            self._commit = False
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # Made and listed together: a signal between the two would
                # leave a file that remove_temporaries() does not know.
                with signals_held():
                    fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
                    _LIVE.add(self._tmp)
            except OSError as exc:
                raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
            try:
                os.fchmod(fd, _mode_for(self.path))
            except (OSError, AttributeError):  # pragma: no cover - no modes (or no os.fchmod)
                pass
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
        except BaseException as error:
            self.abort()
            if exc_type is None:
                if isinstance(error, OSError):
                    raise OutputError(f"cannot write {self.path}: {error.strerror or error}") from None
                raise
        else:
            if exc_type is not None:
                self.abort()
            elif self._commit:
                self.commit()

    def commit(self) -> None:
        """Rename the finished temporary file over the target."""
        if self._tmp:
            try:
                os.replace(self._tmp, self.path)
            except OSError as exc:
                self.abort()
                raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
            _LIVE.discard(self._tmp)
            self._tmp = None

    def abort(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        if self._tmp:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            _LIVE.discard(self._tmp)
            self._tmp = None


def _is_stream(path: Path) -> bool:
    """*path* exists and is not a regular file (a device, a FIFO, a socket)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


_UMASK: int | None = None


def _mode_for(path: Path) -> int:
    """The permission bits for a new file at *path*: those of the file it
    replaces, else 0666 less the umask."""
    global _UMASK
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK
