"""What the column adapters (datasets, Ray) share: one render path, counts, a
warning for records passed through."""

from __future__ import annotations

import logging
from collections import Counter

from ..document import Reflower
from ..render import render_batch

log = logging.getLogger("reflow")


def reflow_column(reflower: Reflower, texts, stats: Counter) -> tuple[list, list]:
    """The shared body of the column adapters: results, per-record errors; the
    counts are added to *stats* and records passed through are logged."""
    errors: list = []
    out, counts = render_batch(reflower, list(texts), errors)
    stats.update(counts)
    if counts["errors"]:
        first = next(e for e in errors if e)
        log.warning("reflow: %d of %d records passed through unchanged (first: %s)", counts["errors"], len(out), first)
    return out, errors
