"""Hugging Face ``datasets``: a batched map function.

    >>> from reflow.integrations.hf import datasets_map
    >>> fn = datasets_map(text_key="text")
    >>> fn({"text": ["株洲日报记者 李逸峰", None]})["text"]
    ['株洲日报记者 李逸峰', None]

Use it as ``dataset.map(datasets_map(), batched=True, num_proc=8)``. It holds
only plain settings, so ``num_proc`` workers receive it pickled and build
their own OpenCC converter if one is needed. A record that is not a string is
passed through unchanged and counted, never failing the batch.
"""

from __future__ import annotations

from ..document import Reflower
from ..options import Options


class DatasetsMapper:
    """``batch[text_key]`` (a list of texts) reflowed into ``batch[output_key]``."""

    def __init__(self, reflower: Reflower, text_key: str = "text", output_key: str | None = None) -> None:
        self.reflower = reflower
        self.text_key = text_key
        self.output_key = output_key or text_key

    def __call__(self, batch: dict) -> dict:
        texts, _ = self.reflower.batch(batch[self.text_key])
        return {self.output_key: texts}


def datasets_map(options: Options | None = None, *, text_key: str = "text", output_key: str | None = None, **overrides) -> DatasetsMapper:
    """A function for ``datasets.Dataset.map(..., batched=True)``."""
    return DatasetsMapper(Reflower(options, **overrides), text_key, output_key)
