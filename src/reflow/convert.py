"""Traditional/Simplified conversion with OpenCC (the ``opencc`` extra).

Converters are created lazily, once per process and configuration, and kept
in this module — never on an Options or Reflower object, so that those stay
picklable and a worker process builds its own converter on first use.
Conversion runs after reflow, on finished block text: it never sees column
breaks, and its dictionary matching sees whole words.
"""

from __future__ import annotations

_CONVERTERS: dict[str, object] = {}


class MissingExtra(RuntimeError):
    """An optional dependency is not installed."""


def converter(config: str):
    """The OpenCC converter for *config* ("t2s", "s2t", …), created on first use."""
    config = config.removesuffix(".json")
    conv = _CONVERTERS.get(config)
    if conv is None:
        try:
            import opencc
        except ImportError as exc:  # pragma: no cover - exercised without the extra
            raise MissingExtra(
                f"convert={config!r} needs OpenCC: pip install 'reflow[opencc]'"
            ) from exc
        conv = opencc.OpenCC(config)
        _CONVERTERS[config] = conv
    return conv


def convert_text(text: str, config: str) -> str:
    """Convert *text* with the OpenCC configuration *config*."""
    return converter(config).convert(text)


def convert_block(kind: str, text: str, dateline: str | None, config: str) -> tuple[str, str | None]:
    """OpenCC (*config*) on a finished block: its text and its dateline; a
    jump marker stays as it is (its page label is the paper's). What both
    engines do last, after the reading.

    >>> convert_block("marker", "下轉第2版", None, "t2s")
    ('下轉第2版', None)
    """
    if kind == "marker":
        return text, dateline
    return convert_text(text, config), (convert_text(dateline, config) if dateline else dateline)
