"""What rust/gen_tables.py and rust/gen_patterns.py share: writing Rust arrays
of code points, and the write-or-check step each script ends with.

Both scripts turn Python's definitions (reflow.chars, reflow.patterns,
reflow.markers) into a generated Rust source file; ``--check`` says whether
the committed file is what the script makes now, without writing it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path


def hex_cp(cp: int) -> str:
    """A code point as the generated files write it: 0x4E2D."""
    return f"0x{cp:04X}"


def code_points(name: str, doc: str, cps: Sequence[int], per_line: int = 8) -> list[str]:
    """``pub static NAME: [u32; N]`` with a doc comment, *per_line* values a line."""
    out = [f"/// {line}" for line in doc.splitlines()]
    out.append(f"pub static {name}: [u32; {len(cps)}] = [")
    for i in range(0, len(cps), per_line):
        out.append("    " + " ".join(f"{hex_cp(c)}," for c in cps[i:i + per_line]))
    out += ["];", ""]
    return out


def words(name: str, doc: str, items: Iterable[str]) -> list[str]:
    """``pub static NAME: &[&[u32]]``: each string as its code points."""
    out = [f"/// {line}" for line in doc.splitlines()]
    out.append(f"pub static {name}: &[&[u32]] = &[")
    out += ["    &[" + ", ".join(hex_cp(ord(c)) for c in w) + "]," for w in items]
    out += ["];", ""]
    return out


def pairs(name: str, doc: str, items: Sequence[tuple[int, int]], per_line: int = 4) -> list[str]:
    """``pub static NAME: [(u32, u32); N]``: ranges or (from, to) pairs."""
    out = [f"/// {line}" for line in doc.splitlines()]
    out.append(f"pub static {name}: [(u32, u32); {len(items)}] = [")
    for i in range(0, len(items), per_line):
        out.append("    " + " ".join(f"({hex_cp(a)}, {hex_cp(b)})," for a, b in items[i:i + per_line]))
    out.append("];")
    return out


def write_or_check(out: Path, text: str, script: str, argv: list[str]) -> int:
    """Write *text* to *out*, or with ``--check`` in *argv* only say (exit
    status 1) when *out* is not *text*: the committed file is stale."""
    if "--check" in argv:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            print(f"{out} is stale: run python rust/{script}", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0
