"""REFLOW_ENGINE behaves as the README and reflow/_engine.py say, each case in
a fresh interpreter (the engine is chosen once, at import)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import SEED

from native_core import needs

needs_native = needs()

#: Makes `from . import _native` fail, as in a source tree without the extension.
NO_EXTENSION = "import sys; sys.modules['reflow._native'] = None\n"


def python(code: str, engine: str | None = None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "REFLOW_ENGINE"}
    if engine is not None:
        env["REFLOW_ENGINE"] = engine
    return subprocess.run([sys.executable, *args, "-c", code] if code else [sys.executable, *args],
                          env=env, capture_output=True, text=True, timeout=300)


def engine_in(engine: str | None, prelude: str = "") -> str:
    result = python(prelude + "import reflow; print(reflow.engine)", engine)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_python_runs_the_python_engine():
    assert engine_in("python") == "python"
    assert engine_in(" PYTHON ") == "python"
    result = python(
        "from reflow.normalize import Normalizer; from reflow import Options, reflow\n"
        "assert Normalizer(Options())._native is None\n"
        "print(reflow('株洲日报讯 2月 3日'))", "python")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "株洲日报讯 2月3日"


def test_auto_falls_back_to_python_without_the_extension():
    assert engine_in("auto", NO_EXTENSION) == "python"
    assert engine_in(None, NO_EXTENSION) == "python"  # auto is the default
    assert engine_in("", NO_EXTENSION) == "python"


def test_native_without_the_extension_says_what_to_install():
    result = python(NO_EXTENSION + "import reflow", "native")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("reflow._engine.NativeUnavailable: REFLOW_ENGINE=native, but reflow's native core (reflow._native) is not built: ")
    assert "Rust toolchain" in last and "pip install ." in last and "REFLOW_ENGINE=python" in last
    result = python(NO_EXTENSION + "import reflow._engine as e; print(issubclass(e.NativeUnavailable, ImportError))", "python")
    assert result.stdout.strip() == "True"


def test_a_bad_value_is_a_value_error():
    result = python("import reflow", "turbo")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "ValueError: REFLOW_ENGINE must be one of auto, native, python, not 'turbo'"
    )


@needs_native
def test_auto_and_native_run_the_native_core():
    assert engine_in(None) == "native"
    assert engine_in("auto") == "native"
    assert engine_in("native") == "native"


@needs_native
@pytest.mark.parametrize("flags", [[], ["--blocks"], ["--keep-markers", "--cjk-latin-spacing", "add"]])
def test_both_engines_give_the_same_output(flags):
    outputs = []
    for engine in ("python", "native"):
        result = python("", engine, "-m", "reflow", str(SEED), *flags)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


#: The grammars reflow._lazy compiles on first use (the Python engine's; ~50 ms at import).
LAZY = ("patterns.BYLINE", "patterns.DATELINE", "patterns.RUNNING_HEAD", "patterns.PHOTO_CREDIT",
        "markers.MARKER_PATTERN", "markers._TAIL", "markers._HEAD", "markers._ONE_PAGE", "normalize._HEADLINE_SPACE")


@pytest.mark.parametrize("engine", ["python", pytest.param("native", marks=needs_native)])
def test_import_compiles_no_grammar(engine):
    """``import reflow`` leaves the grammars uncompiled; the native engine's
    reflow() never compiles them; the Python engine's compiles what it uses."""
    code = (
        "import reflow\nfrom reflow import patterns, markers, normalize\n"
        f"lazy = [{', '.join(LAZY)}]\n"
        "print(sum(p.is_compiled for p in lazy))\n"
        f"reflow.reflow(open({str(SEED)!r}, encoding='utf-8').read())\n"
        "print(sum(p.is_compiled for p in lazy))\n"
    )
    result = python(code, engine)
    assert result.returncode == 0, result.stderr
    at_import, after = map(int, result.stdout.split())
    assert at_import == 0
    assert (after == 0) if engine == "native" else (after >= 4)
