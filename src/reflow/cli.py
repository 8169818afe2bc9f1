"""The ``reflow`` command: reflow files or standard input to standard output."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .document import Reflower

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class InputError(Exception):
    """Input that cannot be read as text: the message names the file."""


def read_text(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode *data*, refusing binary files and invalid encodings with a clear message."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); reflow reads text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}: line {line}: not valid {encoding} (byte {data[exc.start]:#04x} at offset {exc.start})") from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    return text.removeprefix("\ufeff")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reflow",
        description="Reflow raw text extracted from Chinese newspaper pages into clean text, one block per line.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="text files; '-' or nothing reads standard input")
    p.add_argument("--keep-markers", action="store_true", help="keep jump markers (下转A2版①) in the output")
    p.add_argument("--explain", action="store_true", help="print, per input line, the decision and the rule that took it")
    p.add_argument("--version", action="version", version=f"reflow {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    reflower = Reflower(keep_markers=args.keep_markers)
    inputs = args.inputs or ["-"]
    out = sys.stdout
    try:
        for name in inputs:
            try:
                data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
            except OSError as exc:
                raise InputError(f"{name}: {exc.strerror or exc}") from None
            text = read_text(data, "<stdin>" if name == "-" else name)
            if args.explain:
                for step in reflower.explain(text):
                    out.write(f"{step}\n")
                continue
            result = reflower(text)
            if result:
                out.write(result + "\n")
    except InputError as exc:
        print(f"reflow: {exc}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK
