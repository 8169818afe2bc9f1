"""reflow: raw text extracted from Chinese newspaper pages, back to clean, structured text.

>>> from reflow import reflow, parse
>>> page = "需求，该区发动园区内防控物资生产、流通\\n企业，与全国相关防控物资供应商紧密对\\n\\n接，多渠道采购防疫物资。已为园区企业采\\n购首批口罩 18 万只。\\n\\n下转A2版①"
>>> print(reflow(page))
需求，该区发动园区内防控物资生产、流通企业，与全国相关防控物资供应商紧密对接，多渠道采购防疫物资。已为园区企业采购首批口罩18万只。
>>> parse(page).markers[0].page
'A2'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ._engine import engine  # "native" or "python": the engine in use (REFLOW_ENGINE; see _engine.py)
from .articles import Article, stitch
from .model import Block, Kind, Step
from .document import Document, Reflower
from .markers import JumpMarker, parse_marker
from .options import Options, Overrides
from .report import report

__all__ = [
    "reflow", "parse", "explain", "stitch",
    "Options", "Document", "Block", "Kind", "JumpMarker", "Article", "Reflower", "Step", "parse_marker", "report",
    "engine",
]
__version__ = "0.2.0"


def parse(text: str, options: Options | Mapping[str, Any] | None = None, **overrides: Unpack[Overrides]) -> Document:
    """Parse *text* into a Document of typed blocks (headline, paragraph, byline, marker…).

    *options* is an :class:`Options`, or a dict of option names and values;
    keyword overrides (``keep_markers=True``) are applied on top."""
    return Reflower(options, **overrides).parse(text)


def reflow(text: str, options: Options | Mapping[str, Any] | None = None, **overrides: Unpack[Overrides]) -> str:
    """Reflow *text*: one block per line, markers left out unless ``keep_markers=True``."""
    return Reflower(options, **overrides)(text)


def explain(text: str, options: Options | Mapping[str, Any] | None = None, **overrides: Unpack[Overrides]) -> list[Step]:
    """Per input line, the decision taken and the rule that took it; then what text rules changed."""
    return Reflower(options, **overrides).explain(text)
