"""datatrove: a formatter step that reflows each document's text.

    from datatrove.pipeline.readers import JsonlReader
    from reflow.integrations.datatrove import ReflowFormatter

    pipeline = [JsonlReader("data/"), ReflowFormatter(convert="t2s"), ...]

A document whose text cannot be reflowed keeps its text and is counted under
the step's ``errors`` stat; the pipeline goes on.
"""

from __future__ import annotations

try:  # datatrove >= 0.3: formatters take and return text
    from datatrove.pipeline.formatters.base import BaseFormatter
except ImportError:  # pragma: no cover - older layout
    from datatrove.pipeline.formatter.base import BaseFormatter

from ..document import Reflower
from ..options import Options


class ReflowFormatter(BaseFormatter):
    """Reflow ``doc.text`` (raw newspaper extraction) into clean text."""

    name = "📰 reflow"

    def __init__(self, options: Options | None = None, **overrides) -> None:
        super().__init__()
        self.reflower = Reflower(options, **overrides)

    def format(self, text: str) -> str:
        return self.reflower(text)

    def run(self, data, rank: int = 0, world_size: int = 1):
        # Set doc.text here rather than rely on the base class, whose run()
        # changed between datatrove versions.
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                try:
                    doc.text = self.format(doc.text)
                except Exception:  # noqa: BLE001 - one bad document must not stop the pipeline
                    self.stat_update("errors")
            yield doc
