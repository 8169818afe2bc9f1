"""The pipeline adapters, against the real engines (installed by the test extra)."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from conftest import SEED
from reflow import Reflower, reflow

PAGE = SEED.read_text(encoding="utf-8")


def test_importing_reflow_imports_no_engine():
    code = (
        "import sys, reflow, reflow.cli, reflow.integrations;"
        "reflow.reflow('株洲日报记者 李逸峰');"
        "bad = [m for m in ('ray', 'datasets', 'datatrove', 'opencc', 'pyarrow', 'pandas', 'zstandard') if m in sys.modules];"
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
