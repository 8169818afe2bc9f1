"""Shared helpers: the data-file readers the table-driven tests use."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_8105d0b5ae336b9b.txt"


def read_cases(name: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Read a case file: (title, input text, [(kind, text), ...]) per case."""
    cases = []
    title, mode, inp, exp = None, None, [], []
    for raw in (DATA / name).read_text(encoding="utf-8").split("\n") + ["=== end"]:
        if raw.startswith("=== "):
            if title is not None:
                while inp and not inp[-1].strip():
                    inp.pop()
                text = "\n".join(inp).replace("<form feed>\n", "\f") + "\n"
                cases.append((title, text, exp))
            title, mode, inp, exp = raw[4:].strip(), "input", [], []
        elif title is None or raw.startswith("# "):
            continue  # before the first case, or a note on a case
        elif raw.startswith("--- expected"):
            mode = "expected"
        elif mode == "input":
            inp.append(raw)
        elif raw.strip():
            kind, _, text = raw.partition(": ")
            exp.append((kind.strip(), text))
    return cases


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file; '#' lines and blank lines are skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def unescape(text: str) -> str:
    """A table cell's escapes (\\t, \\uXXXX) as the characters they stand for."""
    import regex

    return regex.sub(r"\\(t|u[0-9a-fA-F]{4})", lambda m: "\t" if m.group(1) == "t" else chr(int(m.group(1)[1:], 16)), text)


def options_from_spec(spec: str):
    """Options from a table cell: ``key=value,key=value`` (True/False as booleans)."""
    from reflow import Options

    overrides = {}
    for item in filter(None, spec.split(",")):
        key, _, value = item.partition("=")
        overrides[key] = {"True": True, "False": False}.get(value, value)
    return Options(**overrides)
