"""Each layout rule on small cases, including the hard ones and cases that must not join.

The cases live in data/layout_cases.txt: input and expected blocks side by side.
"""

from __future__ import annotations

import pytest

from conftest import read_cases
from reflow import parse

CASES = read_cases("layout_cases.txt")


@pytest.mark.parametrize("title,text,expected", CASES, ids=[c[0] for c in CASES])
def test_layout_case(title, text, expected):
    got = [(b.kind, b.text) for b in parse(text).blocks]
    assert got == expected


def test_case_file_is_read():
    # A broken reader would pass every case vacuously.
    assert len(CASES) >= 20
    assert all(expected for _, _, expected in CASES)
