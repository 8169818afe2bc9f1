"""The native core, for the tests that compare it with the Python reference or
need it, and why those tests cannot run where it is missing.

The suite runs from a source tree too (a checkout without ``maturin develop``):
there the extension is absent and these tests skip, saying what to build. CI
builds it, asserts that it is the engine in use, and runs every one of them.

>>> missing() == "" or missing().startswith("the native core is not built")
True
"""

from __future__ import annotations

import pytest

try:
    from reflow import _native
except ImportError as exc:  # a source tree without the extension
    _native = None
    _NOT_BUILT = f"the native core is not built ({exc}); pip install . or maturin develop --release builds it"
else:
    _NOT_BUILT = ""


def missing(*names: str) -> str:
    """Why tests of the native core's *names* (its functions and test hooks:
    ``read``, ``_layout`` …) cannot run here, or '' where the extension is
    built and has them all (an older build may lack a hook added since)."""
    if _native is None:
        return _NOT_BUILT
    absent = [name for name in names if not hasattr(_native, name)]
    if absent:
        return f"reflow._native has no {', '.join(absent)}: an extension built before it; rebuild it (maturin develop --release)"
    return ""


def needs(*names: str) -> pytest.MarkDecorator:
    """A skip mark for tests of the native core's *names* (see :func:`missing`)."""
    why = missing(*names)
    return pytest.mark.skipif(bool(why), reason=why or "built")
