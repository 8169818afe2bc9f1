"""The pipeline adapters, against the real engines (installed by the test extra)."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import json
import pickle
import subprocess
import sys

import pytest

from conftest import SEED
from reflow import Options, Reflower, parse, reflow

PAGE = SEED.read_text(encoding="utf-8")


def test_importing_reflow_imports_no_engine():
    code = (
        "import sys, reflow, reflow.cli, reflow.integrations;"
        "reflow.reflow('株洲日报记者 李逸峰');"
        "bad = [m for m in ('ray', 'datasets', 'datatrove', 'opencc', 'pyarrow', 'pandas', 'zstandard') if sys.modules.get(m) is not None];"
        "sys.exit(repr(bad) if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_reflower_pickles_and_batches_add_up():
    r = pickle.loads(pickle.dumps(Reflower(keep_markers=True)))
    texts, first = r.batch([PAGE, 42])
    _, second = r.batch([PAGE])
    assert texts[0] == reflow(PAGE, keep_markers=True) and texts[1] == 42
    total = first + second
    assert total["records"] == 2 and total["errors"] == 1
    assert total["block:marker"] == 2 * first["block:marker"] == 6


def test_datasets_map_batched_with_workers():
    datasets = pytest.importorskip("datasets")
    from reflow.integrations.hf import datasets_map

    ds = datasets.Dataset.from_dict({"text": [PAGE, "2月 3日晚上，在学林街道", PAGE], "id": [1, 2, 3]})
    out = ds.map(datasets_map(output_key="clean"), batched=True, batch_size=2, num_proc=2)
    assert out["clean"][0] == reflow(PAGE)
    assert out["clean"][1] == reflow("2月 3日晚上，在学林街道")
    assert out["text"][0] == PAGE and out["id"] == [1, 2, 3]


def test_datatrove_formatter_step():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from reflow.integrations.datatrove import ReflowFormatter

    step = ReflowFormatter(keep_markers=True)
    docs = [Document(text=PAGE, id="a"), Document(text=None, id="bad"), Document(text="2月 3日", id="b")]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["a", "bad", "b"]
    assert out[0].text == reflow(PAGE, keep_markers=True)
    assert out[1].text is None  # passed through, counted
    assert out[2].text == "2月3日"
    assert step.stats["errors"].total == 1


def test_ray_data_map_batches_smoke():
    ray = pytest.importorskip("ray")
    from reflow.integrations.ray import RayReflow

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        ds = ray.data.from_items([{"text": PAGE, "id": 1}, {"text": "2月 3日", "id": 2}])
        rows = ds.map_batches(
            RayReflow,
            fn_constructor_kwargs={"output_key": "clean"},
            compute=ray.data.ActorPoolStrategy(size=1),
            batch_size=2,
        ).take_all()
    finally:
        ray.shutdown()
    by_id = {row["id"]: row for row in rows}
    assert by_id[1]["clean"] == reflow(PAGE)
    assert by_id[2]["clean"] == "2月3日"


# -- nothing lost, nothing hidden (issue 12, items 3, 13, 14) -------------------------


@pytest.fixture
def without_opencc(monkeypatch):
    """OpenCC absent, as on a machine without the extra (a None entry in
    sys.modules makes ``import opencc`` raise ImportError)."""
    from reflow import convert

    monkeypatch.setitem(sys.modules, "opencc", None)
    monkeypatch.setattr(convert, "_CONVERTERS", {})


def test_batch_raises_a_configuration_error_instead_of_counting_it(without_opencc):
    from reflow.convert import MissingExtra

    with pytest.raises(MissingExtra, match=r"reflow\[opencc\]"):
        Reflower(convert="t2s").batch(["測試"])


def test_adapters_fail_loudly_on_a_configuration_error(without_opencc):
    from reflow.convert import MissingExtra
    from reflow.integrations.hf import datasets_map
    from reflow.integrations.ray import RayReflow

    with pytest.raises(MissingExtra):
        datasets_map(convert="t2s")({"text": ["測試"]})
    with pytest.raises(MissingExtra):
        RayReflow(convert="t2s")({"text": ["測試"]})
    if importlib.util.find_spec("datatrove"):
        from datatrove.data import Document

        from reflow.integrations.datatrove import ReflowFormatter

        with pytest.raises(MissingExtra):
            list(ReflowFormatter(convert="t2s").run(iter([Document(text="測試", id="a")])))


def test_adapters_keep_their_counts_and_can_say_why_a_record_passed(caplog):
    from reflow.integrations.hf import datasets_map
    from reflow.integrations.ray import RayReflow

    for adapter in (datasets_map(error_key="why"), RayReflow(error_key="why")):
        with caplog.at_level("WARNING", logger="reflow"):
            out = adapter({"text": ["2月 3日", None]})
        assert list(out["text"]) == ["2月3日", None]
        assert out["why"][0] is None and "not NoneType" in out["why"][1]
        assert adapter.stats["records"] == 1 and adapter.stats["errors"] == 1
        assert "1 of 2 records passed through" in caplog.text
        caplog.clear()


def test_a_wrong_column_is_an_error_not_a_silent_copy():
    from reflow.integrations.hf import datasets_map

    with pytest.raises(KeyError, match="no column 'txt'"):
        datasets_map(text_key="txt")({"text": ["2月 3日"]})


def test_batch_refuses_a_single_string():
    with pytest.raises(TypeError, match="not a single str"):
        Reflower().batch("abc")


def test_options_may_be_a_dict():
    assert reflow("2月 3日\n\n下转A2版①", {"keep_markers": True}) == reflow("2月 3日\n\n下转A2版①", keep_markers=True)
    assert "下转A2版①" in reflow("2月 3日\n\n下转A2版①", {"keep_markers": True})
    with pytest.raises(TypeError, match="unknown option"):
        reflow("x", {"colour": "blue"})
    with pytest.raises(TypeError, match="not list"):
        reflow("x", ["keep_markers"])


@pytest.mark.parametrize("kw,error", [
    ({"max_column_cells": "88"}, TypeError),
    ({"max_column_cells": -5}, ValueError),
    ({"max_headline_chars": 0}, ValueError),
    ({"column_window": 2.5}, TypeError),
    ({"keep_markers": "yes"}, TypeError),
    ({"column_density": "0.3"}, TypeError),
    ({"cjk_latin_spacing": "pangu"}, ValueError),
    ({"convert": 1}, TypeError),
])
def test_options_are_checked_when_made(kw, error):
    with pytest.raises(error, match=next(iter(kw))):
        Options(**kw)


def test_option_types_are_declared():
    import typing

    from reflow.options import Overrides, SPACING_CHOICES

    hints = typing.get_type_hints(Options)
    assert typing.get_origin(hints["cjk_latin_spacing"]) is typing.Literal
    assert typing.get_args(hints["cjk_latin_spacing"]) == SPACING_CHOICES == ("keep", "remove", "add")
    assert set(typing.get_type_hints(Overrides)) == {f.name for f in dataclasses.fields(Options)}
    for func in (reflow, Reflower.__init__):
        assert "Unpack[Overrides]" in str(inspect.signature(func).parameters["overrides"].annotation)


def test_reprs_are_short():
    doc = parse(PAGE)
    assert len(repr(doc)) < 200 and f"{len(doc.blocks)} blocks" in repr(doc)
    assert repr(Reflower()) == "Reflower()"
    assert repr(Reflower(convert="t2s", keep_markers=True)) == "Reflower(keep_markers=True, convert='t2s')"


@pytest.mark.parametrize("overrides", [{"articles": True}, {"articles": True, "keep_markers": True}, {}, {"keep_furniture": False}])
def test_one_render_path(overrides):
    r = Reflower(**overrides)
    text = PAGE + "\n\n" + PAGE
    assert r.batch([text])[0] == [r(text)] == [reflow(text, **overrides)]
    assert r.reflow_with_stats(text)[0] == r(text)
    from reflow.integrations.hf import datasets_map

    assert datasets_map(**overrides)({"text": [text]})["text"] == [r(text)]


def test_one_render_path_through_the_command_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": PAGE}) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reflow", str(path), "--articles"], capture_output=True)
    assert json.loads(result.stdout)["text"] == reflow(PAGE, articles=True)


def test_the_datatrove_extra_installs_what_the_readme_example_needs():
    import re
    import tomllib

    pytest.importorskip("datatrove")
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    root = SEED.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("# datatrove"):readme.index("# Ray Data")]
    assert "JsonlReader" in example and "JsonlWriter" in example
    extra = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["datatrove"]
    names = {re.split(r"[<>=\[ ;]", req, maxsplit=1)[0].lower() for req in extra}
    for step in (JsonlReader, JsonlWriter):
        for needed in getattr(step, "_requires_dependencies", []):
            name = needed if isinstance(needed, str) else needed[1]
            assert name.lower() in names, f"{step.__name__} needs {name}, which the datatrove extra does not install"


def test_the_readme_datatrove_pipeline_runs(tmp_path):
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from reflow.integrations.datatrove import ReflowFormatter

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.jsonl").write_text(json.dumps({"text": PAGE, "id": "a"}) + "\n", encoding="utf-8")
    pipeline = [JsonlReader(str(raw)), ReflowFormatter(), JsonlWriter(str(tmp_path / "clean"), compression=None)]
    data = None
    for step in pipeline:
        data = step(data, rank=0, world_size=1)
    for _ in data or ():
        pass
    (out,) = (tmp_path / "clean").glob("*.jsonl")
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == reflow(PAGE)
