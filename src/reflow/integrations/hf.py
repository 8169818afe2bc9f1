"""Hugging Face ``datasets``: a batched map function.

    >>> from reflow.integrations.hf import datasets_map
    >>> fn = datasets_map(text_key="text")
    >>> fn({"text": ["株洲日报记者 李逸峰", None]})["text"]
    ['株洲日报记者 李逸峰', None]
    >>> fn.stats["records"], fn.stats["errors"]
    (1, 1)

Use it as ``dataset.map(datasets_map(), batched=True, num_proc=8)``. It holds
only plain settings, so ``num_proc`` workers receive it pickled and build
their own OpenCC converter if one is needed.

Nothing is lost, nothing hidden: a record that is not a string is passed
through unchanged, counted in ``stats`` (in the process that mapped it: with
``num_proc`` the workers' counts stay in the workers) and logged as a warning;
give ``error_key="reflow_error"`` to get, in every record, why it was passed
through (None when it was not), which survives any number of workers. A
configuration error (``convert`` without OpenCC) fails the map at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Unpack

from ..document import Reflower
from ..options import Options, Overrides
from ._common import reflow_column


class DatasetsMapper:
    """``batch[text_key]`` (a list of texts) reflowed into ``batch[output_key]``."""

    def __init__(self, reflower: Reflower, text_key: str = "text", output_key: str | None = None,
                 error_key: str | None = None) -> None:
        self.reflower = reflower
        self.text_key = text_key
        self.output_key = output_key or text_key
        self.error_key = error_key
        self.stats: Counter = Counter()

    def __call__(self, batch: dict) -> dict:
        if self.text_key not in batch:
            raise KeyError(f"reflow: the dataset has no column {self.text_key!r} (text_key); "
                           f"its columns: {', '.join(map(str, batch))}")
        texts, errors = reflow_column(self.reflower, batch[self.text_key], self.stats)
        out = {self.output_key: texts}
        if self.error_key:
            out[self.error_key] = errors
        return out


def datasets_map(options: Options | Mapping[str, Any] | None = None, *, text_key: str = "text",
                 output_key: str | None = None, error_key: str | None = None,
                 **overrides: Unpack[Overrides]) -> DatasetsMapper:
    """A function for ``datasets.Dataset.map(..., batched=True)``."""
    return DatasetsMapper(Reflower(options, **overrides), text_key, output_key, error_key)
