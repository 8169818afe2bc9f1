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
