"""The command line under faults: signals mid-run, truncated and corrupt input
in every compression, every documented error, and the promise that an output
file is complete or absent whatever goes wrong while it is written.

Every run goes through a real subprocess. The only waits bounded in time are
the ones the promises state (exit within 2 s of a signal); the others are
generous upper bounds on polling, never measurements.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEED
from reflow import reflow

zstandard = pytest.importorskip("zstandard")

PAGE = SEED.read_text(encoding="utf-8")
EXPECTED = reflow(PAGE) + "\n"
CMD = [sys.executable, "-m", "reflow"]


def run(*args, stdin: bytes | None = None, env=None, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run([*CMD, *map(str, args)], input=stdin, capture_output=True,
                            env={**os.environ, **(env or {})}, **kw)
    check_clean(result.stderr)
    return result


def check_clean(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "internal error" not in text, text


def leftovers(folder: Path) -> list[str]:
    """Files in *folder* (recursively) that a failed run must not leave."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_dir())


def compress(kind: str, data: bytes) -> bytes:
    if kind == "gz":
        return gzip.compress(data)
    if kind == "zst":
        return zstandard.ZstdCompressor().compress(data)
    return data


def jsonl_bytes(n: int, text: str = PAGE) -> bytes:
    return "".join(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n" for i in range(n)).encode()


def without(module: str, tmp_path: Path) -> dict:
    """An environment in which *module* cannot be imported (as on a machine
    without the extra): a sitecustomize that blocks it."""
    site = tmp_path / f"no_{module}"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(f"import sys\nsys.modules[{module!r}] = None\n", encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(site), *(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)])}


# -- signals -------------------------------------------------------------------------


def children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def reaped(proc: subprocess.Popen):
    """Kill the process group of *proc* (started in a session of its own) if it
    still runs when the block ends: a failed assertion leaves nothing behind."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_for(condition, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory):
    """A JSONL file and a folder of text files, each taking seconds to reflow
    even on the native engine (about 40 MB and 25 MB)."""
    root = tmp_path_factory.mktemp("big")
    (root / "big.jsonl").write_bytes(jsonl_bytes(4000))
    folder = root / "pages"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:02}.txt").write_text(PAGE * 40, encoding="utf-8")
    return root


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("how", ["SIGINT to the process group (Ctrl-C)", "SIGTERM to reflow"])
@pytest.mark.parametrize("kind", ["jsonl", "folder"])
def test_a_signal_mid_run_stops_at_once_and_leaves_nothing(big_inputs, tmp_path, jobs, how, kind):
    out = tmp_path / "out"
    out.mkdir()
    source = big_inputs / ("big.jsonl" if kind == "jsonl" else "pages")
    target = out / "big.jsonl" if kind == "jsonl" else out / "mirror"
    proc = subprocess.Popen([*CMD, str(source), "-o", str(target), "-j", str(jobs), "--progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    with reaped(proc):
        # Mid-run: an output is being written (a temporary file exists), and at
        # -j 2 the worker runs (-j N: this process and N - 1 workers).
        wait_for(lambda: any(p.name.endswith(".tmp") for p in out.rglob("*")) or proc.poll() is not None)
        assert proc.poll() is None, "the run ended before the signal"
        if jobs > 1:
            wait_for(lambda: len(children(proc.pid)) >= jobs - 1)
        workers = children(proc.pid)
        if how.startswith("SIGINT"):
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=2)  # the promise: gone within 2 s
    stderr = proc.stderr.read()
    check_clean(stderr)
    assert code == (130 if how.startswith("SIGINT") else 143)
    assert leftovers(out) == []  # no output, no temporary file, no folder made
    assert not [pid for pid in workers if alive(pid)]  # no worker left running
    message = "reflow: interrupted" if how.startswith("SIGINT") else "reflow: terminated"
    assert f"\n{message}\n".encode() in b"\n" + stderr  # on its own line, not over the progress line


# A signal whose handler runs while a finalizer (__del__) runs has its exception
# swallowed by Python ("Exception ignored in ..."): the run printed a traceback
# and went on to the end. Seen as a flaky timeout of the test above on the
# Python engine, whose lazy pattern compiles run the regex module's
# finalizers. The script lands the signal inside a __del__ every time.
SIGNAL_IN_A_FINALIZER = """
import signal, sys
import reflow.cli.jobs as jobs
from reflow.cli.main import main

class Finalizer:
    def __del__(self):
        signal.raise_signal(getattr(signal, sys.argv[1]))  # its handler runs here, inside __del__

real = jobs.decode
def decode(*args, **kwargs):
    Finalizer()  # made and collected at once
    return real(*args, **kwargs)

jobs.decode = decode

real_records = jobs.native_records
def native_records(context):  # (JSONL records on the native path are not decoded in Python)
    fast = real_records(context)
    if fast is None:
        return None
    def call(raw):
        Finalizer()
        return fast(raw)
    return call

jobs.native_records = native_records
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("name, code, message", [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "terminated")])
@pytest.mark.parametrize("kind", ["jsonl", "text"])
def test_a_signal_that_lands_in_a_finalizer_still_stops_the_run(tmp_path, name, code, message, kind):
    source = tmp_path / ("in.jsonl" if kind == "jsonl" else "in.txt")
    source.write_bytes(jsonl_bytes(3) if kind == "jsonl" else PAGE.encode())
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-c", SIGNAL_IN_A_FINALIZER, name, str(source), "-o", str(out / source.name)],
                          capture_output=True, timeout=120)
    check_clean(proc.stderr)
    assert "Exception ignored" not in proc.stderr.decode(), proc.stderr.decode()
    assert proc.returncode == code, proc.stderr.decode()
    assert proc.stderr.decode().endswith(f"reflow: {message}\n")
    assert leftovers(out) == []


def test_a_stop_that_lands_inside_the_resend_hook_is_sent_again(monkeypatch):
    # On a loaded machine an earlier resend can fire while the hook waits for its
    # timer thread to start: the handler then raised inside the hook, where Python
    # printed "Exception ignored in sys.unraisablehook ... Terminated: 15" and
    # dropped the stop (CI, session 36, the test above run beside other work).
    import importlib
    import threading
    import types

    cli = importlib.import_module("reflow.cli.main")  # (the module: reflow.cli.main is also its function)

    started = []

    def start(timer):
        started.append(timer.args[1])
        if len(started) == 1:
            raise cli.Terminated(signal.SIGTERM)  # the SIGTERM handler ran in here

    monkeypatch.setattr(threading.Timer, "start", start)
    hook = cli._StopAgain(default=lambda unraisable: pytest.fail(f"not a stop: {unraisable!r}"))
    hook(types.SimpleNamespace(exc_value=KeyboardInterrupt()))
    assert started == [signal.SIGINT, signal.SIGTERM]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_ctrl_c_while_the_workers_are_forked_is_not_lost(big_inputs, tmp_path):
    # A Ctrl-C that landed during the pool's fork ran Python's handler inside
    # the fork's hooks, which print and swallow it: the run went on to exit 0
    # and a worker printed a traceback (30 times in 30 before the fix). The
    # signal goes to the group the moment the first worker exists.
    for attempt in range(5):
        out = tmp_path / f"out{attempt}.jsonl"
        proc = subprocess.Popen([*CMD, str(big_inputs / "big.jsonl"), "-o", str(out), "-j", "2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        with reaped(proc):
            first_child = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
            deadline = time.monotonic() + 60
            while not first_child.read_text().split() and proc.poll() is None:
                assert time.monotonic() < deadline, "no worker was ever forked"
            os.killpg(proc.pid, signal.SIGINT)
            code = proc.wait(timeout=10)
        stderr = proc.stderr.read()
        check_clean(stderr)
        assert code == 130, stderr.decode("utf-8", "replace")
        assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_worker_killed_from_outside_is_an_error_not_a_hang(big_inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*CMD, str(big_inputs / "big.jsonl"), "-o", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: children(proc.pid) or proc.poll() is not None)
        os.kill(min(children(proc.pid)), signal.SIGKILL)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read()
    check_clean(stderr)
    assert code == 1 and b"worker process died" in stderr
    assert not out.exists() and list(tmp_path.glob(".out.jsonl.*")) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_parent(big_inputs, tmp_path):
    # SIGKILL cannot be handled: the workers must notice on their own.
    proc = subprocess.Popen([*CMD, str(big_inputs / "big.jsonl"), "-o", str(tmp_path / "out.jsonl"), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_for(lambda: children(proc.pid) or proc.poll() is not None)
        workers = children(proc.pid)
        assert workers
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 2
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# -- truncated and corrupt input ------------------------------------------------------


@pytest.mark.parametrize("kind", ["gz", "zst"])
@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("fault", ["truncated", "corrupt"])
def test_truncated_or_corrupt_compressed_input(tmp_path, kind, fmt, fault):
    data = (PAGE * 20).encode() if fmt == "txt" else jsonl_bytes(20)
    packed = compress(kind, data)
    if fault == "truncated":
        packed = packed[: len(packed) // 2]
    else:  # the header survives, the body is garbage
        packed = packed[:20] + bytes(b ^ 0x5A for b in packed[20:60]) + packed[60:]
    path = tmp_path / f"in.{fmt}.{kind}"
    path.write_bytes(packed)
    out = tmp_path / f"out.{fmt}"
    said = b"truncated" if fault == "truncated" else b"corrupt"
    for policy in ([], ["--on-error", "fail"], ["--on-error", "skip"], ["--on-error", "passthrough"]):
        result = run(path, "-o", out, *policy)
        assert str(path).encode() + b": " in result.stderr and said in result.stderr
        if fmt == "jsonl" or policy[-1:] in ([], ["fail"]):
            # A JSONL stream that breaks off has lost records no policy can pass through.
            assert result.returncode == 1, result.stderr
            assert not out.exists() and leftovers(tmp_path) == [path.name]
        else:  # a text file is one document: skipped or passed over, as asked, and counted
            assert result.returncode == 0 and out.read_bytes() == b""


def test_a_truncated_zst_file_is_never_read_as_empty(tmp_path):
    # zstd's own stream reader returned nothing for this, with exit 0 and a 0-byte output.
    pages = "".join(PAGE.replace("株洲", f"株洲{i}") for i in range(40)).encode()
    path = tmp_path / "t.txt.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(pages)[:2000])
    result = run(path, "-o", tmp_path / "o.txt")
    assert result.returncode == 1 and b"t.txt.zst: the file is truncated" in result.stderr
    assert not (tmp_path / "o.txt").exists()


@pytest.mark.parametrize("kind", ["", ".gz", ".zst"])
def test_a_truncated_jsonl_record_is_counted_and_passed_through(tmp_path, kind):
    # Cut inside the last record: the file itself is whole (plain, or recompressed whole).
    data = jsonl_bytes(3, "2月 3日")
    cut = data[:-9]
    path = tmp_path / f"in.jsonl{kind}"
    path.write_bytes(compress(kind.lstrip("."), cut))
    result = run(path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [b'{"id": 0, "text": "2\xe6\x9c\x883\xe6\x97\xa5"}', b'{"id": 1, "text": "2\xe6\x9c\x883\xe6\x97\xa5"}']
    assert lines[2] == cut.splitlines()[2]  # passed through as it was
    assert f"{path}: line 3: ".encode() in result.stderr  # cut inside a character: not valid UTF-8
    failed = run(path, "--on-error", "fail", "-o", tmp_path / "out.jsonl")
    assert failed.returncode == 1 and not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("kind", ["", ".gz", ".zst"])
def test_a_text_file_cut_inside_a_character(tmp_path, kind):
    data = PAGE.encode()[:-1] if PAGE.encode()[-1] >= 0x80 else (PAGE + "日").encode()[:-1]
    path = tmp_path / f"page.txt{kind}"
    path.write_bytes(compress(kind.lstrip("."), data))
    result = run(path, "-o", tmp_path / "out.txt")
    assert result.returncode == 1 and f"{path}: line".encode() in result.stderr and b"not valid utf-8" in result.stderr
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("kind", ["", ".gz", ".zst"])
def test_binary_garbage_in_every_compression(tmp_path, kind):
    path = tmp_path / f"blob.txt{kind}"
    path.write_bytes(compress(kind.lstrip("."), bytes(range(256)) * 4))
    result = run(path)
    assert result.returncode == 1 and str(path).encode() in result.stderr and b"binary" in result.stderr


# -- every documented error --------------------------------------------------------------


def _setup(tmp_path: Path) -> dict:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_bytes(jsonl_bytes(3, "2月 3日"))
    (tmp_path / "bad.toml").write_text("convert = \n", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text('colour = "blue"\n', encoding="utf-8")
    (tmp_path / "typed.toml").write_text('[reflow]\nmax-column-cells = "88"\n', encoding="utf-8")
    (tmp_path / "same").mkdir()
    (tmp_path / "same" / "sub").mkdir()
    (tmp_path / "same" / "page.txt").write_text("2月 3日", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "page.txt").write_text("4 日", encoding="utf-8")
    gz = tmp_path / "cut.jsonl.gz"
    gz.write_bytes(gzip.compress(jsonl_bytes(50))[:-200])
    return {"page": page, "a_file": a_file, "jsonl": jsonl, "gz": gz}


ERRORS = [
    # (name, arguments, exit code, what the message says; {page} etc. are paths)
    ("a missing file", ["{tmp}/missing.txt"], 1, ["{tmp}/missing.txt", "No such file"]),
    ("a binary file", ["{a_file}", "{tmp}/blob.png"], 1, ["blob.png", "binary"]),
    ("invalid UTF-8", ["{tmp}/bad.txt"], 1, ["{tmp}/bad.txt: line 1: not valid utf-8"]),
    ("a truncated .jsonl.gz", ["{gz}", "-o", "{tmp}/new/sub/out.jsonl"], 1, ["{gz}", "truncated"]),
    ("an output under a file", ["{page}", "-o", "{a_file}/out.txt"], 1, ["{a_file}/out.txt"]),
    ("a malformed record under --on-error fail", ["{tmp}/broken.jsonl", "--on-error", "fail"], 1, ["{tmp}/broken.jsonl: line 2: malformed JSON"]),
    ("an unknown encoding", ["{page}", "--encoding", "nonsense"], 2, ["--encoding nonsense"]),
    ("a config that is not TOML", ["{page}", "--config", "{tmp}/bad.toml"], 2, ["{tmp}/bad.toml", "not valid TOML"]),
    ("a config with an unknown option", ["{page}", "--config", "{tmp}/unknown.toml"], 2, ["{tmp}/unknown.toml", "unknown option 'colour'"]),
    ("a config value of the wrong type", ["{page}", "--config", "{tmp}/typed.toml"], 2, ["{tmp}/typed.toml", "max_column_cells"]),
    ("a missing config", ["{page}", "--config", "{tmp}/none.toml"], 2, ["{tmp}/none.toml"]),
    ("a negative option", ["{page}", "--max-column-cells", "-5"], 2, ["max_column_cells"]),
    ("a folder without -o", ["{tmp}/same"], 2, ["{tmp}/same is a folder"]),
    ("the input as output", ["{page}", "-o", "{page}"], 2, ["refusing to overwrite the input {page}"]),
    ("two inputs onto one output", ["{tmp}/same/page.txt", "{tmp}/other/page.txt", "-o", "{tmp}/dst/"], 2, ["{tmp}/dst/page.txt"]),
    ("a wrong --text-key", ["{jsonl}", "--text-key", "txt"], 2, ["{jsonl}", "no record has the field 'txt'"]),
    ("--explain on JSONL", ["{jsonl}", "--explain"], 2, ["--explain", "{jsonl} is JSONL"]),
    ("--explain with --blocks", ["{page}", "--explain", "--blocks"], 2, ["--explain and --blocks"]),
    ("--stats into a folder", ["{page}", "--stats", "{tmp}/same"], 2, ["--stats {tmp}/same is a folder"]),
    ("a bad shard", ["{page}", "--shard", "3/2"], 2, ["--shard"]),
    ("a negative -j", ["{page}", "-j", "-1"], 2, ["-j -1", "0: one for each CPU"]),
    ("an unknown flag", ["{page}", "--no-such-flag"], 2, ["unrecognized"]),
    ("a -o folder for one file that is a file", ["{tmp}/same", "-o", "{a_file}"], 2, ["{a_file} is a file"]),
]


@pytest.mark.parametrize("name,args,code,says", ERRORS, ids=[e[0] for e in ERRORS])
def test_every_documented_error(tmp_path, name, args, code, says):
    paths = {k: str(v) for k, v in _setup(tmp_path).items()}
    paths["tmp"] = str(tmp_path)
    (tmp_path / "blob.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "bad.txt").write_bytes(b"ok\xff\n")
    (tmp_path / "broken.jsonl").write_text('{"text": "a"}\n{broken\n', encoding="utf-8")
    before = leftovers(tmp_path)
    result = run(*(a.format(**paths) for a in args))
    assert result.returncode == code, result.stderr
    stderr = result.stderr.decode()
    for part in says:
        assert part.format(**paths) in stderr, stderr
    assert stderr.startswith("reflow: ") or stderr.startswith("usage: ")
    if code == 2 and name != "an unknown flag":
        assert result.stdout == b""  # a usage error is found before anything is written
    assert leftovers(tmp_path) == before  # nothing written, nothing left behind


@pytest.mark.parametrize("args", [["--convert", "t2s"], ["--config", "{tmp}/t2s.toml"]])
def test_convert_without_opencc_fails_once_with_exit_2(tmp_path, args):
    page = tmp_path / "page.txt"
    page.write_text("學習", encoding="utf-8")
    (tmp_path / "t2s.toml").write_text('convert = "t2s"\n', encoding="utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_bytes(jsonl_bytes(5, "學習"))
    for source in (page, jsonl):
        result = run(source, *(a.format(tmp=tmp_path) for a in args), "-o", tmp_path / "out", env=without("opencc", tmp_path))
        assert result.returncode == 2
        assert result.stderr.decode().splitlines() == ["reflow: convert='t2s' needs OpenCC: pip install 'reflow[opencc]'"]
        assert not (tmp_path / "out").exists()


def test_zst_without_zstandard_is_a_usage_error(tmp_path):
    path = tmp_path / "page.txt.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(PAGE.encode()))
    result = run(path, env=without("zstandard", tmp_path))
    assert result.returncode == 2 and b"pip install 'reflow[zstd]'" in result.stderr


# -- complete or absent -------------------------------------------------------------------


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("name", ["out.txt", "out.txt.gz", "out.txt.zst", "mirror/"])
def test_an_output_that_cannot_be_written_whole_is_absent(tmp_path, name):
    # The file system refuses more than 20 kB (as a full disk would), mid-write.
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(PAGE.replace("株洲", f"株洲{i}") * 4, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    inputs = [src] if name.endswith("/") else sorted(src.iterdir())
    result = subprocess.run([*CMD, *map(str, inputs), "-o", str(out / name)], capture_output=True,
                            preexec_fn=_limit_file_size(1_000 if name.endswith((".gz", ".zst")) else 20_000))
    check_clean(result.stderr)
    assert result.returncode == 1
    assert b"cannot write " + str(out).encode() in result.stderr and b"File too large" in result.stderr
    assert leftovers(out) == []


def test_a_folder_run_that_fails_on_one_file_leaves_no_partial_mirror(tmp_path):
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a" / "1.txt").write_text(PAGE, encoding="utf-8")
    (src / "b.txt").write_bytes(b"ok\xff")
    (src / "c.txt").write_text("2月 3日", encoding="utf-8")
    dst = tmp_path / "dst"
    result = run(src, "-o", dst)
    assert result.returncode == 1 and f"{src / 'b.txt'}: line 1".encode() in result.stderr
    assert not dst.exists()
    # An existing mirror is left as it was, not half replaced.
    dst.mkdir()
    (dst / "c.txt").write_text("old", encoding="utf-8")
    assert run(src, "-o", dst).returncode == 1
    assert leftovers(dst) == ["c.txt"] and (dst / "c.txt").read_text(encoding="utf-8") == "old"
    # With a policy that goes on, the others are written.
    result = run(src, "-o", dst, "--on-error", "skip")
    assert result.returncode == 0
    assert leftovers(dst) == ["a", "a/1.txt", "c.txt"] and (dst / "c.txt").read_text(encoding="utf-8") == "2月3日\n"


def test_a_lone_surrogate_in_a_record_aborts_nothing(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "2\\u6708 3\\u65e5"}\n{"text":"\\ud800 x"}\n{"text": "4 \\u65e5"}\n')
    for policy in ([], ["--on-error", "skip"], ["--on-error", "passthrough"], ["--on-error", "fail"]):
        out = tmp_path / "out.jsonl"
        result = run(path, "-o", out, *policy)
        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["text"] for r in rows] == ["2月3日", "\ud800 x", "4日"]


def test_an_output_that_is_a_pipe_is_written_into_not_replaced(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run("-", "-o", fifo, stdin="2月 3日".encode(), timeout=60)
    reader.join(60)
    assert result.returncode == 0
    assert got == ["2月3日\n".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a file renamed over it
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_no_standard_input_at_all(tmp_path):
    result = subprocess.run([*CMD], stdin=None, capture_output=True, close_fds=True,
                            preexec_fn=lambda: os.close(0))
    check_clean(result.stderr)
    assert result.returncode == 2 and b"no standard input" in result.stderr
