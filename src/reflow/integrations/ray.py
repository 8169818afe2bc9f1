"""Ray Data: a callable class for ``Dataset.map_batches``.

    import ray
    from reflow.integrations.ray import RayReflow

    ds = ray.data.read_json("s3://corpus/pages/")
    ds = ds.map_batches(RayReflow, fn_constructor_kwargs={"convert": "t2s"},
                        compute=ray.data.ActorPoolStrategy(size=8))

Each actor builds one Reflower (and, if asked, one OpenCC converter) once.
Batches may be numpy dicts or pandas DataFrames. A record that is not a
string is passed through unchanged, counted in the actor's ``stats`` and
logged; ``error_key="reflow_error"`` adds a column saying why (None where
nothing went wrong). A configuration error (``convert`` without OpenCC)
fails the job at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Unpack

from ..document import Reflower
from ..options import Options, Overrides
from ._common import reflow_column


class RayReflow:
    """Reflow ``batch[text_key]`` into ``batch[output_key]``."""

    def __init__(self, options: Options | Mapping[str, Any] | None = None, *, text_key: str = "text",
                 output_key: str | None = None, error_key: str | None = None,
                 **overrides: Unpack[Overrides]) -> None:
        self.reflower = Reflower(options, **overrides)
        self.text_key = text_key
        self.output_key = output_key or text_key
        self.error_key = error_key
        self.stats: Counter = Counter()

    def __call__(self, batch):
        if self.text_key not in batch:
            raise KeyError(f"reflow: the dataset has no column {self.text_key!r} (text_key)")
        texts, errors = reflow_column(self.reflower, batch[self.text_key], self.stats)
        columns = {self.output_key: texts}
        if self.error_key:
            columns[self.error_key] = errors
        if hasattr(batch, "assign"):  # a pandas DataFrame
            return batch.assign(**columns)
        import numpy

        out = dict(batch)
        for key, values in columns.items():
            out[key] = numpy.array(values, dtype=object)
        return out
