"""reflow's benchmark suite: speed, scaling, memory and accuracy, side by side with the
tools users would otherwise reach for.

    python benchmarks/run.py            # the full suite (several minutes)
    python benchmarks/run.py --quick    # under 30 seconds; CI runs this
    python benchmarks/run.py --profile  # also profile reflow() and print what dominates

Inputs are generated reproducibly (fixed seeds) with the test suite's page
generator (tests/sim.py), plus the bundled seed page. Peers that are not installed are skipped
with a note (pip install '.[bench]' installs them). Results go to
benchmarks/out/results.md and results.json and are printed. Nothing here is a
test: the targets are printed beside the figures, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
try:
    import reflow
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    import reflow

from reflow import _engine, parse

#: Where this process imported reflow from (an installed package or the
#: checkout's src/): worker processes import the same one, with its native core.
REFLOW_PATH = str(Path(reflow.__file__).resolve().parent.parent)
from reflow.normalize import normalize

sys.path.insert(0, str(ROOT / "tests"))  # the page generator lives with the tests
from sim import article_grouping_accuracy, boundary_f1, f1, generate_page  # noqa: E402
from baselines import line_loop, regex_pass, peers as baseline_peers  # noqa: E402

SEED = ROOT / "seeds" / "000_8105d0b5ae336b9b.txt"
GOLDEN = ROOT / "tests" / "data" / "seed_000.golden.tsv"

TARGETS = {
    "reflow_mb_s": 50.0,  # reflow() at 10 MB on one core
    "vs_line_loop": 1 / 3,  # reflow() at least a third of the line loop's speed (issue 11)
    "parse_vs_line_loop": 0.2,  # parse() at least a fifth
    "normalize_vs_line_loop": 0.5,  # normalization alone at least half
    "vs_group_broken_paragraphs": 4.0,
    "vs_ftfy": 20.0,
    "per_mb_drift": 0.15,  # cost per MB from 1 to 100 MB within 15%
    "peak_memory_x": 2.0,  # peak memory of reflow() under 2x the input at 100 MB
    "j2_vs_j1": 1.8,  # -j 2 at least 1.8x -j 1 on the JSONL corpus
    "jsonl_rss_mb": 500.0,
}

# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def generated_pages(megabytes: float, seed: int = 0) -> list[str]:
    """Generated pages adding up to about *megabytes* of UTF-8."""
    rng = random.Random(seed)
    pages, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        page = generate_page(rng).text
        pages.append(page)
        size += len(page.encode("utf-8"))
    return pages


def corpus(megabytes: float, seed: int = 0) -> str:
    """One text of about *megabytes*: generated pages one after another, and the seed page."""
    seed_page = SEED.read_text(encoding="utf-8")
    pages = generated_pages(megabytes, seed)
    return "\n\n".join(pages[:1] + [seed_page] + pages[1:])


def mb(text: str) -> float:
    return len(text.encode("utf-8")) / 1_000_000


# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------

def systems(notes: list[str]) -> dict:
    """The systems to time: reflow's entry points and the peers that are installed."""
    out = {
        "reflow()": reflow.reflow,
        "parse()": parse,
        "normalization alone": lambda t: normalize(t),
    }
    if _engine.engine == "native":  # the reference beside it, in the same run
        for name, func in list(out.items()):
            out[f"{name} [python engine]"] = _on_python(func)
    else:
        notes.append("the native core is not built: reflow() runs on the Python engine only")
    # The first reading alone (Options.settle): what the settle step costs.
    out["reflow(settle=False)"] = lambda t: reflow.reflow(t, settle=False)
    out["line loop"] = line_loop
    out["regex pass"] = regex_pass
    try:
        import opencc  # noqa: F401

        out["reflow(convert='t2s')"] = lambda t: reflow.reflow(t, convert="t2s")
    except ImportError:
        notes.append("opencc not installed: reflow(convert='t2s') and OpenCC t2s skipped")
    try:
        from unstructured.cleaners.core import group_broken_paragraphs

        out["unstructured group_broken_paragraphs"] = group_broken_paragraphs
    except ImportError:
        notes.append("unstructured not installed: group_broken_paragraphs skipped")
    try:
        import ftfy

        out["ftfy.fix_text"] = ftfy.fix_text
    except ImportError:
        notes.append("ftfy not installed: skipped")
    try:
        import jionlp

        out["jionlp.clean_text"] = jionlp.clean_text
    except Exception:  # noqa: BLE001 - jionlp prints and may fail on import
        notes.append("jionlp not installed (or failed to import): skipped")
    return out


def _on_python(func):
    """*func* run on the pure-Python engine (the reference), whatever is built."""
    def run(text):
        with _engine.using("python"):
            return func(text)
    return run


def opencc_t2s():
    try:
        import opencc
    except ImportError:
        return None
    converter = opencc.OpenCC("t2s")
    return converter.convert


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------


def _timed(func, text: str, kernel: list | None = None) -> float:
    """Seconds of one call of *func* on *text*; where *kernel* is a list, the
    call's share of CPU time spent in the kernel and its minor page faults are
    appended to it (``resource.getrusage``; (nan, 0) where it is missing)."""
    gc.collect()
    before = _usage()
    start = time.perf_counter()
    func(text)
    took = time.perf_counter() - start
    if kernel is not None:
        after = _usage()
        if before is None or after is None:
            kernel.append((math.nan, 0))
        else:
            user, system = after[0] - before[0], after[1] - before[1]
            kernel.append((system / (user + system) if user + system > 0 else 0.0, after[2] - before[2]))
    return took


def _usage() -> tuple[float, float, int] | None:
    """(user seconds, system seconds, minor page faults) of this process so
    far, or None where the platform has no ``resource`` module (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime, r.ru_minflt


def speed(text: str, repeat: int, notes: list[str], traditional: str | None) -> dict:
    """Every system *repeat* times, round by round (each system once a round),
    each run paired with a run of the line loop just before it: ``x_line_loop``
    is the median of those paired ratios. The shared host's speed drifts by
    half within a run (session 13: reflow() timed at 15 and 28 MB/s in two runs
    an hour apart, while the line loop it was divided by, timed minutes later,
    ran at full speed in both); a ratio of two runs seconds apart is one the
    drift leaves alone, a ratio of medians taken minutes apart is not.

    Each system first runs once, untimed, on a tenth of its input: its
    one-time setup (the native grammars compile their automata and fill
    their caches, a peer loads its tables, the process's heap grows to the
    input's size) is not throughput, as the scaling step's workers warm up
    before they time. (Session 39: a process's first ``reflow()`` of the 10 MB
    took 0.34 s, the next ones 0.25 s; after a warm-up on 1 MB, 0.25 s.)

    Each run's kernel share and page faults are kept too (``kernel_share``,
    ``page_faults``; for the paired line-loop runs, ``paired_kernel_share`` and
    ``paired_page_faults`` in the line loop's row): a run that maps fresh
    memory pays the kernel for each page it first touches, and what that costs
    is the host's, not the code's. (Session 49, 10 MB: the paired line-loop
    runs fault nothing, reusing what the run before them freed; normalization
    alone, which builds a new 10 MB string, spends 30–47% of its time there.)"""
    funcs = systems(notes)
    t2s = opencc_t2s()
    jobs = [(name, func, text) for name, func in funcs.items()]
    if t2s and traditional:
        jobs.append(("OpenCC t2s alone", t2s, traditional))
    for name, func, data in jobs:
        try:
            func(data[: len(data) // 10])
        except Exception:  # noqa: BLE001 - the rounds below run it again and report it
            pass
    times: dict[str, list[float]] = {name: [] for name, _, _ in jobs}
    ratios: dict[str, list[float]] = {name: [] for name, _, _ in jobs}
    kernel: dict[str, list[tuple[float, int]]] = {name: [] for name, _, _ in jobs}
    paired: list[tuple[float, int]] = []  # the line-loop runs the ratios divide by
    for _ in range(repeat):
        for name, func, data in jobs:
            try:
                base = _timed(line_loop, data, paired) if name != "line loop" else None
                took = _timed(func, data, kernel[name])
            except Exception as exc:  # noqa: BLE001 - a peer failing is a finding, not a crash
                notes.append(f"{name} failed: {exc!r}")
                times.pop(name, None)
                ratios.pop(name, None)
                jobs = [j for j in jobs if j[0] != name]
                continue
            times[name].append(took)
            ratios[name].append(base / took if base is not None else 1.0)
    results = {}
    for name, runs in times.items():
        size = mb(text if name != "OpenCC t2s alone" else traditional)
        results[name] = {"median_mb_s": size / statistics.median(runs), "best_mb_s": size / min(runs),
                         "runs": len(runs), "x_line_loop": statistics.median(ratios[name]),
                         "kernel_share": statistics.median(k for k, _ in kernel[name]),
                         "page_faults": statistics.median(f for _, f in kernel[name])}
    if paired and "line loop" in results:
        results["line loop"]["paired_kernel_share"] = statistics.median(k for k, _ in paired)
        results["line loop"]["paired_page_faults"] = statistics.median(f for _, f in paired)
    return results


_WORKER = r"""
import json, resource, sys, time, gc
sys.path.insert(0, {src!r})
import reflow
def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
# One-time setup is not per-MB cost: the native grammars compile their automata on
# first use and their lazy DFAs build states as they meet them (a bounded cache):
# one call on 0.3 MB of other generated pages.
with open({warm!r}, "rb") as f:
    reflow.reflow(f.read().decode("utf-8"))
# Give the warm-up's freed memory back to the system: left resident, the input would
# reuse it and its peak would sit below `before` plus the input.
gc.collect()
try:
    import ctypes
    ctypes.CDLL("libc.so.6").malloc_trim(0)
except (OSError, AttributeError):
    pass
before = status("VmRSS:")  # the interpreter and modules, before the input exists
with open({path!r}, "rb") as f:
    data = f.read()
text = data.decode("utf-8")  # (a text-mode read leaves the decoder's buffers behind)
del data
gc.collect()
try:  # forget the peak of reading the file: measure reflow's (the input string stays counted)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
except OSError:
    pass
seconds = float("inf")
for _ in range({repeat}):  # the best of a few runs: a 1 MB run lasts 50 ms, and the host drifts
    start = time.perf_counter()
    reflow.reflow(text)
    seconds = min(seconds, time.perf_counter() - start)
peak = status("VmHWM:")  # before encoding the text to count its bytes, which takes memory too
print(json.dumps({{"bytes": len(text.encode("utf-8")), "seconds": seconds, "peak": peak, "before": before}}))
"""


def scaling(sizes: list[float], engine: str = "auto", workdir: Path | None = None, rounds: int = 1) -> list[dict]:
    """reflow() at each size in a fresh process on *engine* (REFLOW_ENGINE):
    seconds per MB and peak memory. The input is generated here and read from
    a file by the fresh process, so that its peak is reflow's and the input
    string's, not the generator's.

    With several *rounds* the sizes take turns (1, 10, 100, 1, 10, 100, ...)
    and each keeps its best time and its highest peak: every size then meets
    the host in each of its phases. Run one size after another, a slow phase
    of this shared host that fell on the 100 MB process read as cost growing
    with size (+25.6% in session 17's full run; the same code measured +3%
    and -3% in the minutes after it)."""
    import tempfile
    best: dict[float, dict] = {}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        warm = Path(tmp) / "warm_up.txt"
        warm.write_text(corpus(0.3, seed=7), encoding="utf-8")
        paths = {}
        for size in sizes:
            paths[size] = Path(tmp) / f"input_{size:g}mb.txt"
            paths[size].write_text(corpus(size, seed=1), encoding="utf-8")
        for _ in range(rounds):
            for size in sizes:
                # The best of three in each process: the best of three at 1 MB against one run at 100 MB
                # read the host's noise as cost that grows with size (+17% and +28% in session 13's runs).
                code = _WORKER.format(src=REFLOW_PATH, path=str(paths[size]), warm=str(warm), repeat=3)
                out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                     env={**os.environ, "REFLOW_ENGINE": engine})
                r = json.loads(out.stdout)
                seen = best.setdefault(size, {"bytes": r["bytes"], "seconds": math.inf, "peak": 0})
                seen["seconds"] = min(seen["seconds"], r["seconds"])
                seen["peak"] = max(seen["peak"], r["peak"] - r["before"])  # reflow's, above the interpreter
    rows = []
    for size in sizes:
        r = best[size]
        mb = r["bytes"] / 1_000_000
        rows.append({
            "mb": round(mb, 2),
            "seconds_per_mb": r["seconds"] / mb,
            "mb_s": mb / r["seconds"],
            "peak_memory_x": r["peak"] / r["bytes"],
            "rounds": rounds,
        })
    return rows


def latency(pages: list[str], engine: str | None = None) -> dict:
    """Per-page reflow() time: p50, p95, p99 and the slowest pages (on
    *engine*, "native" or "python"; default: the engine in use)."""
    timed = []
    with _engine.using(engine or _engine.engine):
        for i, page in enumerate(pages):
            start = time.perf_counter()
            reflow.reflow(page)
            timed.append((time.perf_counter() - start, i, len(page)))
    ms = sorted(t * 1000 for t, _, _ in timed)

    def pct(p):
        return ms[min(len(ms) - 1, int(p / 100 * len(ms)))]

    slowest = sorted(timed, reverse=True)[:3]
    return {
        "engine": engine or _engine.engine,
        "pages": len(pages),
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
        "slowest": [{"page": i, "chars": n, "ms": t * 1000, "ms_per_kchar": t * 1e6 / max(n, 1)} for t, i, n in slowest],
    }


def threads(pages: list[str]) -> dict:
    """reflow() over *pages* in one thread, then in two threads sharing them
    (the native core releases the GIL while it works, so threads can scale;
    the Python engine holds it): the pages in 4N runs of consecutive pages,
    each thread's task a loop over one run.

    Until session 41 each page was a task of its own: ``Executor.map``'s
    *chunksize*, which was meant to batch them, does nothing in a
    ThreadPoolExecutor (only a ProcessPoolExecutor chops its input), so the
    figure timed a future per page, with the GIL, beside each page's reflow:
    one thread at ~17 MB/s where a plain loop over the same pages runs at
    ~25, two threads at ~31 MB/s."""
    from concurrent.futures import ThreadPoolExecutor

    size = sum(len(p.encode("utf-8")) for p in pages) / 1_000_000
    out = {"engine": _engine.engine, "mb": round(size, 2)}

    def run(part: list[str]) -> None:
        for page in part:
            reflow.reflow(page)

    for n in (1, 2):
        k = 4 * n
        parts = [pages[len(pages) * i // k: len(pages) * (i + 1) // k] for i in range(k)]
        gc.collect()
        with ThreadPoolExecutor(n) as pool:
            start = time.perf_counter()
            list(pool.map(run, parts))
            out[f"t{n}_mb_s"] = size / (time.perf_counter() - start)
    return out


_SPIN = "import time; t = time.perf_counter(); x = sum(i * i for i in range(25_000_000)); print(time.perf_counter() - t)"


def machine_ceiling() -> dict:
    """What two cores give this machine at best: the same CPU-bound Python loop
    in one process, then in two processes at once (no shared memory, no
    parent). -j 2 / -j 1 and two threads / one are bounded by this figure,
    whatever reflow does; on a shared or hyperthreaded machine it is below 2."""
    def run(n: int) -> float:
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL) for _ in range(n)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start

    one = min(run(1) for _ in range(2))
    two = min(run(2) for _ in range(2))
    return {"one_s": one, "two_s": two, "x": 2 * one / two}


# --------------------------------------------------------------------------
# Accuracy
# --------------------------------------------------------------------------


def _spans(blocks: list[tuple[str, str]], kind: str) -> set[tuple[int, int]]:
    """(start, length) in the non-whitespace stream of the blocks of *kind*."""
    out, pos = set(), 0
    for k, text in blocks:
        n = sum(1 for ch in text if not ch.isspace())
        if k == kind:
            out.add((pos, n))
        pos += n
    return out


def _scorer():
    """score(text, true blocks): block-boundary F1 for reflow and the peers
    that join lines (``baselines.peers``); headline and marker F1 for reflow
    (no peer finds them)."""
    peers = baseline_peers()

    def score(text: str, truth: list[tuple[str, str]]) -> dict:
        doc = parse(text)
        pred = [(b.kind, b.text) for b in doc.blocks]
        row = {"reflow": {
            "boundary_f1": boundary_f1([t for _, t in truth], [t for _, t in pred]),
            "headline_f1": f1(_spans(truth, "headline"), _spans(pred, "headline")),
            "marker_f1": f1(_spans(truth, "marker"), _spans(pred, "marker")),
        }}
        for name, split in peers.items():
            row[name] = {"boundary_f1": boundary_f1([t for _, t in truth], split(text))}
        return row

    return score


def accuracy(notes: list[str]) -> dict:
    """Block-boundary, headline and marker F1 on the seed page's golden file."""
    golden = []
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, _, text = line.split("\t")[:3]
            golden.append((kind.split("/")[0].replace("subheading", "headline"), text))
    seed_scores = _scorer()(SEED.read_text(encoding="utf-8"), golden)
    # Subheadings count as headlines for headline F1 on the seed.
    doc = parse(SEED.read_text(encoding="utf-8"))
    pred = [("headline" if b.kind == "subheading" else b.kind, b.text) for b in doc.blocks]
    seed_scores["reflow"]["headline_f1"] = f1(_spans(golden, "headline"), _spans(pred, "headline"))
    return {"seed_page": seed_scores}


def generated_smoke(n_pages: int) -> dict:
    """The same scores, and article grouping, on pages of the test suite's
    adversarial generator (tests/sim.py). A smoke figure, not accuracy: the
    generator is not a real page, and a parser tuned to it scores well on it
    (the old generator gave 0.98 while real pages gave 0.6-0.9). It shows
    that nothing collapsed; accuracy is measured on the corpus."""
    score = _scorer()
    totals: dict = {}
    for seed in range(n_pages):
        page = generate_page(random.Random(seed))
        for system, metrics in score(page.text, page.blocks).items():
            for metric, value in metrics.items():
                totals.setdefault(system, {}).setdefault(metric, []).append(value)
    generated = {s: {m: sum(v) / len(v) for m, v in ms.items()} for s, ms in totals.items()}
    return {"pages": n_pages, "generated_pages": generated, "articles": article_grouping_accuracy(n_pages)}


# --------------------------------------------------------------------------
# JSONL corpus through the command line
# --------------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Resident memory of *pid* and its descendants, from /proc (bytes)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def run_cli(*commands: list[str]) -> tuple[float, int]:
    """Run ``reflow`` with each of *commands*' arguments, all at once; (seconds
    until the last has exited, peak RSS of the process trees together).

    The time is taken when the processes exit, not at the next memory sample:
    sampled every 0.2 s, the wait rounded each run up to the sample after it
    (up to 0.2 s on a 4 s run)."""
    procs = [subprocess.Popen([sys.executable, "-m", "reflow", *args], env={**os.environ, "PYTHONPATH": REFLOW_PATH})
             for args in commands]
    start = time.perf_counter()
    done = threading.Event()
    peak = 0

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_tree_rss(proc.pid) for proc in procs if proc.returncode is None))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    for proc in procs:
        proc.wait()
    took = time.perf_counter() - start
    done.set()
    if sampler.is_alive():
        sampler.join()
    for args, proc in zip(commands, procs):
        if proc.returncode:
            raise RuntimeError(f"reflow {' '.join(args)} exited {proc.returncode}")
    return took, peak


def _scratch() -> Path | None:
    """A memory-backed folder for the JSONL run (/dev/shm with 2 GB free), or None."""
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 << 30:
            return shm
    except OSError:
        pass
    return None


def jsonl_run(megabytes: float, workdir: Path, rounds: int = 1) -> dict:
    """A JSONL corpus of *megabytes* through ``reflow -j 1`` and ``-j 2``: identical output, memory bounded.

    *rounds* rounds, each ``-j 1``, then ``-j 2``, then ``-j 1`` on each half
    of the lines with both halves at once (the same work as two processes
    with no pool between them): the ratios are the medians of each round's,
    as the speed step pairs each system with a line-loop run. One pair of
    runs a few seconds apart moved by 6% on this shared host (-j 2 / -j 1
    1.83x and 1.72x in two runs back to back, 1.68x in a full run).

    The input and the outputs sit in memory (/dev/shm) where there is room: on
    the shared VM, writing 200 MB to its disk throttles the writer (-j 2 went
    from 1.73x to 1.37x -j 1 that way), which measures the disk, not reflow."""
    source = workdir / f"corpus_{megabytes:g}mb.jsonl"
    if not source.exists():
        with open(source, "w", encoding="utf-8") as f:
            size, i = 0, 0
            rng = random.Random(2)
            while size < megabytes * 1_000_000:
                line = json.dumps({"id": i, "text": generate_page(rng).text, "source": "generated"}, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                i += 1
    scratch = _scratch()
    import tempfile

    runs: dict[str, list[float]] = {"j1": [], "j2": [], "halves": []}
    rss1 = rss2 = 0
    with tempfile.TemporaryDirectory(dir=scratch or workdir) as tmp:
        folder = Path(tmp)
        data = folder / source.name
        if scratch is not None:
            shutil.copyfile(source, data)
        else:
            data = source
        whole = data.read_bytes()
        cut = whole.find(b"\n", len(whole) // 2) + 1 or len(whole)
        halves = [folder / "half_a.jsonl", folder / "half_b.jsonl"]
        halves[0].write_bytes(whole[:cut])
        halves[1].write_bytes(whole[cut:])
        del whole
        one, two = folder / "out_j1.jsonl", folder / "out_j2.jsonl"
        outs = [folder / "out_half_a.jsonl", folder / "out_half_b.jsonl"]
        identical = halves_identical = True
        for _ in range(rounds):
            s1, rss = run_cli([str(data), "-o", str(one), "-j", "1"])
            rss1 = max(rss1, rss)
            s2, rss = run_cli([str(data), "-o", str(two), "-j", "2"])
            rss2 = max(rss2, rss)
            s_halves, _ = run_cli(*([str(h), "-o", str(o), "-j", "1"] for h, o in zip(halves, outs)))
            for key, took in (("j1", s1), ("j2", s2), ("halves", s_halves)):
                runs[key].append(took)
            expected = one.read_bytes()
            identical = identical and two.read_bytes() == expected
            halves_identical = halves_identical and outs[0].read_bytes() + outs[1].read_bytes() == expected
    size = source.stat().st_size / 1_000_000
    return {"mb": round(size, 1), "rounds": rounds,
            "j1_mb_s": size / statistics.median(runs["j1"]), "j2_mb_s": size / statistics.median(runs["j2"]),
            "halves_mb_s": size / statistics.median(runs["halves"]),
            "j2_x": statistics.median(a / b for a, b in zip(runs["j1"], runs["j2"])),
            "halves_x": statistics.median(a / b for a, b in zip(runs["j1"], runs["halves"])),
            "j2_of_halves": statistics.median(a / b for a, b in zip(runs["halves"], runs["j2"])),
            "seconds": runs, "j1_peak_rss_mb": rss1 / 1e6, "j2_peak_rss_mb": rss2 / 1e6,
            "identical": identical, "in_memory": scratch is not None, "halves_identical": halves_identical}


def record_paths(source: Path, megabytes: float, rounds: int) -> dict | None:
    """The command line's two ways with a JSONL record, in one process:
    ``cli.jobs.process_records`` on the first *megabytes* of *source* (whole
    lines), through the native path (``native_records``: the line read,
    reflowed and written back in one native call) and through the Python path
    (the line decoded and its fields read in Python around the native
    reflow), alternating, *rounds* rounds, each after one untimed run of its
    own. The counts are left out, as the command line leaves them without
    ``--stats`` or a progress line. MB/s of each, the median of the paired
    ratios, and whether the outputs are identical; None where the native core
    has no records path."""
    from reflow import Reflower
    from reflow.cli import jobs

    with open(source, "rb") as f:
        data = f.read(int(megabytes * 1_000_000))
    data = data[: data.rfind(b"\n") + 1]
    context = jobs.Context(Reflower(), markers=False, counts=False)
    if jobs.native_records(context) is None:
        return None
    batch = jobs.RecordBatch(source.name, 1, data)
    native = jobs.native_records

    def run(way: str):
        jobs.native_records = native if way == "native" else (lambda context: None)
        try:
            start = time.perf_counter()
            out = jobs.process_records(context, batch).out
            return time.perf_counter() - start, out
        finally:
            jobs.native_records = native

    outs = {way: run(way)[1] for way in ("python", "native")}  # (untimed: one-time setup)
    times: dict[str, list[float]] = {"python": [], "native": []}
    for _ in range(rounds):
        for way in ("python", "native"):
            took, out = run(way)
            times[way].append(took)
            outs[way] = out
    size = len(data) / 1e6
    ratios = [p / n for p, n in zip(times["python"], times["native"])]
    return {"mb": round(size, 1), "records": data.count(b"\n"), "rounds": rounds,
            "native_mb_s": size / statistics.median(times["native"]), "python_mb_s": size / statistics.median(times["python"]),
            "x_python": statistics.median(ratios), "identical": outs["native"] == outs["python"]}


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _f1_table(systems: dict) -> list[str]:
    """A Markdown table of boundary, headline and marker F1 by system ("—" where not scored)."""
    rows = ["| system | boundary F1 | headline F1 | marker F1 |", "|---|---:|---:|---:|"]
    for name, r in systems.items():
        head = f"{r['headline_f1']:.3f}" if "headline_f1" in r else "—"
        mark = f"{r['marker_f1']:.3f}" if "marker_f1" in r else "—"
        rows.append(f"| {name} | {r['boundary_f1']:.3f} | {head} | {mark} |")
    return rows


def _share(x) -> str:
    """A share as a percentage, "—" where it was not measured."""
    return "—" if x is None or x != x else f"{x:.0%}"


def peer_ratio(speed_results: dict, peer: str) -> float:
    """reflow() against *peer*: their ratios to the line loop divided (each
    taken from runs seconds apart, so the host's drift cancels)."""
    return speed_results["reflow()"]["x_line_loop"] / speed_results[peer]["x_line_loop"]


def markdown(results: dict) -> str:
    t = TARGETS
    lines = [f"# reflow benchmarks ({results['mode']})", "",
             f"{results['machine']}; input for speed: {results['speed_input_mb']:.1f} MB of UTF-8 "
             f"(generated pages and the seed page), {results['repeat']} run(s) each.", ""]
    lines += ["## Speed", "", "| system | median MB/s | best MB/s | × line loop | in kernel |",
              "|---|---:|---:|---:|---:|"]
    for name, r in results["speed"].items():
        lines.append(f"| {name} | {r['median_mb_s']:.2f} | {r['best_mb_s']:.2f} | {r['x_line_loop']:.3f} "
                     f"| {_share(r.get('kernel_share'))} |")
    sp = results["speed"]
    r_ = sp["reflow()"]["median_mb_s"]
    lines += ["", "Targets (printed, not asserted). × line loop: the median of each run's ratio to a line-loop run "
              "just before it; × a peer: the two × line loop figures divided. In kernel: the median share of a "
              "run's CPU time spent in the kernel for it (chiefly page faults: first touches of memory the run "
              "mapped)."]
    loop = sp.get("line loop", {})
    if "paired_page_faults" in loop:
        lines += ["", f"The line-loop runs the ratios divide by (each just after another system's run): "
                  f"{loop['paired_page_faults']:,.0f} page faults a run, {_share(loop['paired_kernel_share'])} "
                  f"of their CPU time in the kernel; reflow()'s runs {sp['reflow()']['page_faults']:,.0f} and "
                  f"{_share(sp['reflow()']['kernel_share'])}."]
    lines += ["",
              f"- reflow() ≥ {t['reflow_mb_s']:.0f} MB/s: **{r_:.2f} MB/s**",
              f"- reflow() ≥ {t['vs_line_loop']:.2f} × line loop: **{sp['reflow()']['x_line_loop']:.3f} ×**",
              f"- parse() ≥ {t['parse_vs_line_loop']:.2f} × line loop: **{sp['parse()']['x_line_loop']:.3f} ×**",
              f"- normalization alone ≥ {t['normalize_vs_line_loop']:.2f} × line loop: "
              f"**{sp['normalization alone']['x_line_loop']:.3f} ×**"]
    if "unstructured group_broken_paragraphs" in sp:
        lines.append(f"- reflow() ≥ {t['vs_group_broken_paragraphs']:.0f} × group_broken_paragraphs: "
                     f"**{peer_ratio(sp, 'unstructured group_broken_paragraphs'):.2f} ×**")
    if "ftfy.fix_text" in sp:
        lines.append(f"- reflow() ≥ {t['vs_ftfy']:.0f} × ftfy.fix_text: **{peer_ratio(sp, 'ftfy.fix_text'):.2f} ×**")
    for engine, rows in results["scaling"].items():
        turns = rows[0].get("rounds", 1) if rows else 1
        how = f", {turns} rounds of the sizes in turn, the best of each" if turns > 1 else ""
        lines += ["", f"## Scaling: reflow() on the {engine} engine, a fresh process per size{how}", "",
                  "| MB | s per MB | MB/s | peak memory × input |", "|---:|---:|---:|---:|"]
        for row in rows:
            lines.append(f"| {row['mb']} | {row['seconds_per_mb']:.3f} | {row['mb_s']:.2f} | {row['peak_memory_x']:.2f} |")
        if len(rows) >= 2:
            a, b = rows[0], rows[-1]
            drift = b["seconds_per_mb"] / a["seconds_per_mb"] - 1
            lines += ["", f"Cost per MB from {a['mb']} to {b['mb']} MB: **{drift:+.1%}** (target within ±{t['per_mb_drift']:.0%}); "
                      f"peak memory at {b['mb']} MB **{b['peak_memory_x']:.2f} ×** input (target < {t['peak_memory_x']:.0f} ×)."]
    for lat in results["latency"]:
        lines += ["", f"## Per-page latency: reflow() on the {lat['engine']} engine ({lat['pages']} pages)", "",
                  f"p50 {lat['p50_ms']:.2f} ms, p95 {lat['p95_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms. Slowest pages:", ""]
        for s_ in lat["slowest"]:
            lines.append(f"- page {s_['page']}: {s_['chars']} characters, {s_['ms']:.2f} ms "
                         f"({s_['ms_per_kchar']:.3f} ms per 1,000 characters)")
    th = results["threads"]
    lines += ["", f"## Threads: reflow() on the {th['engine']} engine ({th['mb']} MB of pages)", "",
              f"1 thread {th['t1_mb_s']:.2f} MB/s, 2 threads {th['t2_mb_s']:.2f} MB/s: "
              f"**{th['t2_mb_s'] / th['t1_mb_s']:.2f} ×** (on {os.cpu_count()} cores)."]
    if results.get("ceiling"):
        c = results["ceiling"]
        lines += ["", f"The machine's own ceiling: one CPU-bound Python loop {c['one_s']:.2f} s, two at once in "
                      f"two processes {c['two_s']:.2f} s: two cores give **{c['x']:.2f} ×** one here, the bound "
                      "on any two-thread or two-process figure of this run."]
    acc = results["accuracy"]
    lines += ["", "## Accuracy", "",
              "Seed page (golden file). Headline and marker F1 only for reflow: no peer finds them.", "",
              *_f1_table(acc["seed_page"])]
    if results.get("smoke"):
        sm = results["smoke"]
        lines += ["", f"## Smoke: {sm['pages']} generated pages (not accuracy)", "",
                  "Pages of the test suite's adversarial layout generator (tests/sim.py). They show that nothing "
                  "collapsed; they do not measure accuracy (real pages do).", "",
                  *_f1_table(sm["generated_pages"])]
        lines += ["", f"Article grouping: **{sm['articles']['accuracy']:.3f}** of body blocks in their generated article."]
    if results.get("jsonl"):
        j = results["jsonl"]
        rounds = j.get("rounds", 1)
        per_round = (f" {rounds} rounds of the three, the figures the medians; -j 2 / -j 1 by round: "
                     + ", ".join(f"{a / b:.3f}" for a, b in zip(j["seconds"]["j1"], j["seconds"]["j2"])) + "."
                     if rounds > 1 else "")
        lines += ["", f"## JSONL corpus through the command line ({j['mb']} MB)", "",
                  f"-j 1: {j['j1_mb_s']:.2f} MB/s, peak RSS {j['j1_peak_rss_mb']:.0f} MB; "
                  f"-j 2: {j['j2_mb_s']:.2f} MB/s, peak RSS {j['j2_peak_rss_mb']:.0f} MB (all processes; target < {t['jsonl_rss_mb']:.0f} MB); "
                  f"output identical: **{j['identical']}**; -j 2 / -j 1: **{j['j2_x']:.3f} ×** "
                  f"(target ≥ {t['j2_vs_j1']:.1f} ×, on {os.cpu_count()} cores)"
                  + ("; input and outputs in memory (/dev/shm): the VM disk throttles a writer of 200 MB." if j.get("in_memory") else
                     "; input and outputs on disk."),
                  "",
                  f"Two `-j 1` processes on the two halves of its lines, at once: {j['halves_mb_s']:.2f} MB/s, "
                  f"**{j['halves_x']:.3f} ×** `-j 1` (outputs together identical to `-j 1`'s: "
                  f"**{j['halves_identical']}**): what two cores give this work with no pool between the processes, "
                  f"each paying its own start — `-j 2` is {j['j2_of_halves']:.3f} of it." + per_round]
    if results.get("records"):
        r = results["records"]
        lines += ["", f"JSONL records in one process (`process_records` on the first {r['mb']} MB, {r['records']} records, "
                  f"the two paths alternating, {r['rounds']} round(s)): native path {r['native_mb_s']:.2f} MB/s, "
                  f"Python path {r['python_mb_s']:.2f} MB/s: **{r['x_python']:.2f} ×**; output identical: **{r['identical']}**."]
    if results["notes"]:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--accuracy" in argv:  # the accuracy gate on the corpus (benchmarks/accuracy.py takes the other options)
        sys.path.insert(0, str(HERE))
        return __import__("accuracy").main([a for a in argv if a != "--accuracy"])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small inputs, one run each (under 30 s)")
    p.add_argument("--out", default=str(HERE / "out"), help="folder for results.md and results.json")
    p.add_argument("--jsonl-mb", type=float, default=None, help="size of the JSONL corpus run (default 200, quick 2)")
    p.add_argument("--profile", action="store_true", help="profile reflow() on the speed input and print the top functions")
    args = p.parse_args(argv)
    quick = args.quick
    notes: list[str] = []
    speed_mb = 1 if quick else 10
    repeat = 1 if quick else 3
    sizes = [0.5, 1] if quick else [1, 10, 100]
    text = corpus(speed_mb)
    traditional = None
    try:
        import opencc

        traditional = opencc.OpenCC("s2t").convert(text)
    except ImportError:
        pass
    results = {
        "mode": "quick" if quick else "full",
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "speed_input_mb": mb(text),
        "repeat": repeat,
        "notes": notes,
        "targets": TARGETS,
    }
    print(f"speed on {mb(text):.1f} MB ...", file=sys.stderr)
    results["speed"] = speed(text, repeat, notes, traditional)
    engines = ["native", "python"] if _engine.engine == "native" else ["python"]
    print("scaling ...", file=sys.stderr)
    # The Python engine runs at ~1 MB/s: its scaling stops at 10 MB, in one round.
    results["scaling"] = {
        e: scaling(sizes, e, rounds=1 if quick else 3) if e == "native" else scaling([x for x in sizes if x <= 10], e)
        for e in engines
    }
    print("latency ...", file=sys.stderr)
    pages = generated_pages(0.3 if quick else 3, seed=3)
    results["latency"] = [latency(pages, e) for e in engines]
    print("threads ...", file=sys.stderr)
    results["threads"] = threads(generated_pages(1 if quick else 10, seed=4))
    if not quick:
        print("the machine's own two-core ceiling ...", file=sys.stderr)
        results["ceiling"] = machine_ceiling()
    print("accuracy ...", file=sys.stderr)
    results["accuracy"] = accuracy(notes)
    print("smoke on generated pages ...", file=sys.stderr)
    results["smoke"] = generated_smoke(40 if quick else 300)
    jsonl_mb = args.jsonl_mb if args.jsonl_mb is not None else (2 if quick else 200)
    if jsonl_mb:
        print(f"JSONL {jsonl_mb:g} MB through the command line ...", file=sys.stderr)
        work = Path(args.out) / "data"
        work.mkdir(parents=True, exist_ok=True)
        results["jsonl"] = jsonl_run(jsonl_mb, work, 1 if quick else 3)
        print("JSONL records: the native path and the Python path ...", file=sys.stderr)
        results["records"] = record_paths(work / f"corpus_{jsonl_mb:g}mb.jsonl", min(jsonl_mb, 20), 1 if quick else 4)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(reflow.reflow, text)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = markdown(results)
    (out / "results.md").write_text(report, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
