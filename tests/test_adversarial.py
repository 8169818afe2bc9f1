"""Adversarial inputs (issue 11; benchmarks/adversarial.py times them): each,
at a small size, is read without an error, loses no character, and gives the
same blocks on both engines. Nothing is timed here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reflow import _engine, parse, reflow
from test_properties import fold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from adversarial import INPUTS  # noqa: E402

#: Small enough for the Python engine in a test run (its cost is ~1 s per MB).
SIZE_MB = 0.05


@pytest.fixture(scope="module", params=sorted(INPUTS))
def text(request):
    make, _ = INPUTS[request.param]
    return make(SIZE_MB)


def test_read_without_loss(text):
    doc = parse(text)
    assert fold("".join(b.text for b in doc.blocks)) == fold(text)
    out = reflow(text)
    assert isinstance(out, str)
    assert reflow(out) == out  # and reading its own output again changes nothing


@pytest.mark.skipif(_engine.native is None, reason="the native core is not built")
def test_engines_agree(text):
    with _engine.using("python"):
        expected = parse(text), reflow(text)
    with _engine.using("native"):
        got = parse(text), reflow(text)
    assert got[0].blocks == expected[0].blocks
    assert [b.glue for b in got[0].blocks] == [b.glue for b in expected[0].blocks]
    assert got[0].stats == expected[0].stats
    assert got[1] == expected[1]
