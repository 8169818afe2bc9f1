"""Ray Data: a callable class for ``Dataset.map_batches``.

    import ray
    from reflow.integrations.ray import RayReflow

    ds = ray.data.read_json("s3://corpus/pages/")
    ds = ds.map_batches(RayReflow, fn_constructor_kwargs={"convert": "t2s"},
                        compute=ray.data.ActorPoolStrategy(size=8))

Each actor builds one Reflower (and, if asked, one OpenCC converter) once.
Batches may be numpy dicts or pandas DataFrames. A record that is not a
string is passed through unchanged.
"""

from __future__ import annotations

from ..document import Reflower
from ..options import Options


class RayReflow:
    """Reflow ``batch[text_key]`` into ``batch[output_key]``."""

    def __init__(self, options: Options | None = None, *, text_key: str = "text", output_key: str | None = None, **overrides) -> None:
        self.reflower = Reflower(options, **overrides)
        self.text_key = text_key
        self.output_key = output_key or text_key

    def __call__(self, batch):
        texts, _ = self.reflower.batch(list(batch[self.text_key]))
        if hasattr(batch, "assign"):  # a pandas DataFrame
            return batch.assign(**{self.output_key: texts})
        import numpy

        out = dict(batch)
        out[self.output_key] = numpy.array(texts, dtype=object)
        return out
