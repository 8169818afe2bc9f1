"""Types of reflow._native, the extension built from rust/reflow-py (see its lib.rs).

Use it through reflow._engine, which chooses the engine (REFLOW_ENGINE).
"""

#: The rule names, by rule number (the numbers apply_rules takes).
RULE_NAMES: tuple[str, ...]
#: The columns of the line table, in buffer order.
LINE_COLUMNS: tuple[str, ...]

class NativeError(RuntimeError):
    """The native core panicked (caught): a bug in reflow."""

def fold_characters(text: str, fold_legacy: bool, fold_fullwidth_alnum: bool) -> tuple[str, int, int]:
    """(folded text, characters the legacy fold changed, characters the full-width fold changed)."""

def apply_rules(text: str, rules: bytes, count: bool, trace: bool) -> tuple[str, list[tuple[int, int, str | None]]]:
    """(text after the rules, [(rule number, changed characters, text after the rule or None)] per changing rule)."""

def line_table(text: str) -> tuple[bytes, int]:
    """(native-endian int64 buffer: the LINE_COLUMNS one after another, number of rows)."""

def _panic_for_tests(message: str, attached: bool = False) -> None: ...

# The pipeline (rust/reflow-py/src/pipeline.rs; see reflow._engine.parse and reflow_text).

#: Block kinds by number (read's kinds), roles from 1 (read's roles; 0 is None).
KINDS: tuple[str, ...]
ROLES: tuple[str, ...]
#: The layout's rule names (layout.REASONS), the joining ones, the later passes' names.
LAYOUT_RULES: tuple[str, ...]
JOIN_RULES: tuple[str, ...]
LATER_PASSES: tuple[str, ...]
#: The Options fields of the options tuple, in order; the columns of read's numbers.
OPTION_FIELDS: tuple[str, ...]
BLOCK_COLUMNS: tuple[str, ...]
#: The fields read_blocks sets on a Block and (with build_markers) on a JumpMarker, in order.
BLOCK_FIELDS: tuple[str, ...]
MARKER_FIELDS: tuple[str, ...]
NO_LINE_START: str
PARTICLES: str

_Marker = tuple[str, str, int | None, str, tuple[str, ...]]

def read(text: str, options: tuple) -> tuple[
    bytes, list[str], bytes, bytes, bytes, dict[int, str], dict[int, _Marker], list[tuple[str, int]]
]:
    """(kinds, texts, numbers (int64: BLOCK_COLUMNS one after another), roles, glue, datelines, markers, stats)."""

def read_blocks(
    text: str, options: tuple, block: type, marker: type, build_markers: bool = False
) -> tuple[list, list[tuple[str, int]]]:
    """(the Blocks of read, built as block objects; stats). Markers built here with *build_markers*, else marker(*fields)."""

def reflow_text(
    text: str, options: tuple, markers: bool = True, stats: bool = True
) -> tuple[str, list[tuple[str, int]], list[_Marker]]:
    """(the text reflow() prints, stats (empty with *stats* false), jump markers (empty with *markers* false))."""

def reflow_record(
    raw: bytes, text_key: str, output_key: str, options: tuple, markers: bool = True, stats: bool = True
) -> tuple[bytes, list[tuple[str, int]], list[_Marker]] | None:
    """(the output line of a JSONL line, as the command line writes it; stats; jump markers), or None where
    the line is left to the Python path (cli.jobs.native_records)."""

def _sections(text: str, size: int) -> list[tuple[int, int]]: ...
def _jsonl_locate(raw: bytes, text_key: str, output_key: str) -> tuple[str, str, int, int] | None:
    """(text, 'replace', start, end) or (text, 'append', close, depth): see pipeline.rs."""
def _jsonl_string(text: str) -> bytes: ...
