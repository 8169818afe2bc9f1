"""Every before/after example in the docstrings runs, against the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import reflow

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(reflow.__path__, "reflow.")
    if not name.endswith("__main__")
)


def test_every_module_is_checked():
    assert {"reflow.normalize", "reflow.markers", "reflow.layout", "reflow.blocks"} <= set(MODULES)


ENGINES = {"reflow.integrations.datatrove": "datatrove", "reflow.integrations.ray": "ray"}


@pytest.mark.parametrize("name", ["reflow", *MODULES])
def test_doctests(name):
    if name in ENGINES:
        pytest.importorskip(ENGINES[name])
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
