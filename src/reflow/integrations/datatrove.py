"""datatrove: a formatter step that reflows each document's text.

    from datatrove.pipeline.readers import JsonlReader
    from reflow.integrations.datatrove import ReflowFormatter

    pipeline = [JsonlReader("data/"), ReflowFormatter(convert="t2s"), ...]

A document whose text cannot be reflowed (not a string) keeps its text and
is counted under the step's ``errors`` stat; the pipeline goes on. A
configuration error (``convert`` without OpenCC) stops the pipeline at once:
it would fail every document the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

try:  # datatrove >= 0.3: formatters take and return text
    from datatrove.pipeline.formatters.base import BaseFormatter
except ImportError:  # pragma: no cover - older layout
    from datatrove.pipeline.formatter.base import BaseFormatter

from ..document import Reflower
from ..options import Options, Overrides
from ..render import render_batch


class ReflowFormatter(BaseFormatter):
    """Reflow ``doc.text`` (raw newspaper extraction) into clean text."""

    name = "📰 reflow"

    def __init__(self, options: Options | Mapping[str, Any] | None = None, **overrides: Unpack[Overrides]) -> None:
        super().__init__()
        self.reflower = Reflower(options, **overrides)

    def format(self, text: str) -> str:
        return self.reflower(text)

    def run(self, data, rank: int = 0, world_size: int = 1):
        # Set doc.text here rather than rely on the base class, whose run()
        # changed between datatrove versions. One render path: render_batch,
        # which passes a bad record through and raises a configuration error.
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                (text,), counts = render_batch(self.reflower, [doc.text])
            if counts["errors"]:
                self.stat_update("errors")
            else:
                doc.text = text
            yield doc
