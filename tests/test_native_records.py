"""The command line's native JSONL path against its Python path.

``cli.jobs.process_records`` hands each record's line to
``reflow._native.reflow_record`` (rust/reflow-core/src/jsonl.rs) where
``cli.jobs.native_records`` finds it applies; the native path reads the JSON,
reflows the text field and writes the line back, or returns None and leaves
the record to the Python path (``cli.records.Record``), the specification.
Either way a batch must give the same bytes, counts, markers and problems:
these tests run every batch both ways and compare all of it, on records made
to be awkward (escapes, surrogates, duplicated and missing fields, nesting,
numbers ``json`` reads in its own way, invalid JSON of many kinds) and on
hypothesis-generated ones, and check that the native path did take the
ordinary records (a comparison it never entered would prove nothing).
Skipped, with the reason, where the native core is not built.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED
from reflow import Options, Reflower, _engine
from reflow.cli import jobs
from reflow.cli.jobs import Context, RecordBatch, native_records, process_records

from native_core import needs

pytestmark = needs("reflow_record")

EXAMPLES = dict(
    derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "dev",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)

PAGE = SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def native_engine():
    """The native engine, also in the suite's REFLOW_ENGINE=python run (these
    tests compare the command line's two ways of using it)."""
    with _engine.using("native"):
        yield


def both(context: Context, data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, int]:
    """The batch through the Python path and through the native one: the
    results as dicts (they must be equal), and how many records the native
    path took."""
    taken = 0
    fast = native_records(context)
    assert fast is not None, "the native path does not apply to this context"

    def counting(c: Context):
        def call(raw: bytes):
            nonlocal taken
            done = fast(raw)
            taken += done is not None
            return done

        return call

    monkeypatch.setattr(jobs, "native_records", lambda c: None)
    slow = process_records(context, RecordBatch("x.jsonl", 1, data))
    monkeypatch.setattr(jobs, "native_records", counting)
    quick = process_records(context, RecordBatch("x.jsonl", 1, data))

    def fields(r):
        return {
            "out": r.out,
            "stats": list(r.stats.items()),
            "markers": r.markers,
            "problems": [(p.line, p.message, p.missing_key) for p in r.problems],
            "fatal": r.fatal,
            "keyed": r.keyed,
        }

    assert fields(quick) == fields(slow)
    return fields(quick), taken


CONTEXTS = {
    "defaults": dict(),
    "no counts, no markers": dict(counts=False, markers=False),
    "output key added": dict(output_key="clean"),
    "output key replaced": dict(output_key="id"),
    "skip": dict(policy="skip"),
    "passthrough": dict(policy="passthrough"),
    "keep markers": dict(reflower=Reflower(Options(keep_markers=True))),
}


def context(name: str) -> Context:
    settings_ = dict(CONTEXTS[name])
    reflower = settings_.pop("reflower", Reflower())
    return Context(reflower, **settings_)


def line(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


#: Records the native path must read as ``json`` does, or leave alone.
AWKWARD = [
    line({"id": 1, "text": PAGE[:2500]}),
    line({"text": "下转A2版①\n人 民 军 队\n2月 3日", "id": 2}),
    b'{"text": "\\u4eba\\u6c11 \\ud83d\\ude00 \\ud800 x \\udc00", "n": 1.10, "m": -0.0e+5}\r\n',
    b'  {"a": [1, {"b": [null, true, false]}], "text" : "x\\ty\\/\\"\\\\ \\b\\f\\r" }  \n',
    b'{"text": "first", "text": "second"}\n',
    b'{"text": 1, "text": "a string last"}\n',
    b'{"text": "a string first", "text": 1}\n',
    b'{"te\\u0078t": "an escaped key"}\n',
    b'{"id": 3, "clean": "old", "text": "\xe4\xba\xba \xe6\xb0\x91", "clean": "older"}\n',
    b'{"id": 4}\n',
    b'{}\n',
    b'[1, 2]\n',
    b'"text"\n',
    b'{"text": "a", "n": NaN, "m": Infinity, "k": -Infinity}\n',
    b'{"text": "a", "n": 01}\n',
    b'{"text": "a", "n": 1.}\n',
    b'{"text": "a", "n": 1e5, "m": 1E-5, "k": 2e}\n',
    b'{"text": "a", "big": ' + b"9" * 5000 + b"}\n",
    b'{"text": "a", "deep": ' + b"[" * 150 + b"]" * 150 + b"}\n",
    b'{"text": "a",}\n',
    b'{"text": "a"} trailing\n',
    b'{"text": "a\\q"}\n',
    b'{"text": "tab\tinside"}\n',
    b'{"text": "bad \xff byte"}\n',
    b'\xef\xbb\xbf{"text": "after a byte order mark"}\n',
    b'{"text": "nul \x00 inside"}\n',
    b'{"text": "no end"\n',
    b'{"text": "\\u2028 and \\u0085 and \\u000c and \\u0000"}\n',
    b'{"text": "cr only"}\r\r\n',
    line({"text": "del \x7f, bom \ufeff, the last \U0010ffff, nbsp \xa0, 'quotes'"}),
    b'{"text": "last line, no line end"}',
]


@pytest.mark.parametrize("name", list(CONTEXTS))
def test_awkward_records_come_out_the_same_both_ways(name, monkeypatch):
    data = b"\n".join([b""] + AWKWARD[:-1] + [b""]) + AWKWARD[-1]  # (blank lines too)
    ctx = context(name)
    got, taken = both(ctx, data, monkeypatch)
    # The ordinary records went the native way (the comparison is not vacuous):
    # the eleven it takes (four valid ones it leaves: an escaped key, NaN,
    # deep nesting, a byte order mark), or under --on-error fail the six
    # before the first record that fails (the seventh), where the batch stops.
    assert taken == (6 if ctx.policy == "fail" else 11), taken
    assert got["fatal"] if ctx.policy == "fail" else len(got["problems"]) == 16


def test_the_native_path_takes_what_it_reads_exactly_and_leaves_the_rest():
    fast = native_records(Context(Reflower()))
    assert fast(line({"text": "株洲日报"})) is not None
    assert fast(b'{"text": "first", "text": "second"}\n') is not None
    assert fast(b'{"text": 1, "text": "a string last"}\n') is not None
    for raw in [
        b'{"text": "a string first", "text": 1}\n',
        b'{"te\\u0078t": "an escaped key"}\n',
        b'{"id": 4}\n',
        b'{"text": "a", "n": NaN}\n',
        b'\xef\xbb\xbf{"text": "a"}\n',
        b'{"text": "a"} trailing\n',
    ]:
        assert fast(raw) is None, raw


def test_the_native_path_applies_only_where_records_are_read_as_they_are():
    assert native_records(Context(Reflower())) is not None
    for settings_ in [
        dict(blocks=True),
        dict(ocr_lines=True),
        dict(layout_text=True),
        dict(encoding="gb18030"),
        dict(encoding="utf-8-sig"),
        dict(text_key="\udcff"),
    ]:
        assert native_records(Context(Reflower(), **settings_)) is None, settings_
    assert native_records(Context(Reflower(Options(articles=True)))) is None
    assert native_records(Context(Reflower(), encoding="UTF8")) is not None
    assert native_records(Context(Reflower(), text_key="doc.text", output_key="doc.clean")) is not None


_TEXT = st.text(st.characters() | st.sampled_from(list("　 \n\r\t\x7f\ufeff\\\"/。，下转A2版①人民")), max_size=300)
_SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT
_VALUE = st.recursive(_SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=8)


@st.composite
def records(draw, text: bool = False) -> bytes:
    """A JSONL line: an object with a text field (mostly; always with
    *text*), other fields around it, keys repeated at times, written with or
    without spaces and escapes, with \\n or \\r\\n."""
    members = draw(st.lists(st.tuples(st.sampled_from(["id", "meta", "text", "clean", "x"]) | _TEXT, _VALUE), max_size=5))
    if text or draw(st.booleans()):
        members.insert(draw(st.integers(0, len(members))), ("text", draw(_TEXT)))
    ascii_ = draw(st.booleans())
    sep = draw(st.sampled_from([(", ", ": "), (",", ":"), (" ,\t", " : ")]))
    body = sep[0].join(json.dumps(k, ensure_ascii=ascii_) + sep[1] + json.dumps(v, ensure_ascii=ascii_) for k, v in members)
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ("{" + body + "}" + ending).encode("utf-8", "surrogatepass")


@settings(max_examples=60, **EXAMPLES)
@given(lines=st.lists(records(), min_size=1, max_size=6), name=st.sampled_from(list(CONTEXTS)))
def test_generated_records_come_out_the_same_both_ways(lines, name, monkeypatch):
    both(context(name), b"".join(lines), monkeypatch)


def test_many_random_records_come_out_the_same_and_mostly_natively(monkeypatch):
    """300 records of pieces of the seed page and random characters, most of
    them ordinary: both ways the same, and the native path took the ordinary
    ones (every record with a string text field and plain keys)."""
    import random

    rng = random.Random(11)
    pool = list("　 \n\r\t\x7f\\\"/。，下转A2版①人民军队abc123") + [chr(rng.randrange(0x20, 0x3000)) for _ in range(50)]

    def text() -> str:
        if rng.random() < 0.5:
            start = rng.randrange(len(PAGE))
            return PAGE[start : start + rng.randrange(1, 800)]
        return "".join(rng.choice(pool) for _ in range(rng.randrange(0, 120)))

    lines, plain = [], 0
    for i in range(300):
        obj = {"id": i, "meta": {"source": text()[:20], "n": [rng.random(), None, True]}}
        if rng.random() < 0.9:
            obj["text"] = text()
            plain += 1
        if rng.random() < 0.3:
            obj["clean"] = text()
        items = list(obj.items())
        rng.shuffle(items)
        raw = json.dumps(dict(items), ensure_ascii=rng.random() < 0.3)
        lines.append((raw + rng.choice(["\n", "\r\n"])).encode("utf-8"))
    # (Under --on-error fail the batch would stop at the first record without a text field.)
    for settings_ in (dict(policy="passthrough"), dict(policy="skip", output_key="clean"),
                      dict(policy="skip", counts=False, markers=False)):
        _, taken = both(Context(Reflower(), **settings_), b"".join(lines), monkeypatch)
        assert taken == plain, (settings_, taken, plain)


# --------------------------------------------------------------------------
# The JSON reading and writing alone, many more lines than reflowing allows
# --------------------------------------------------------------------------


def python_reading(raw: bytes, text_key: str, output_key: str):
    """What the Python path reads of *raw*: the text field's value and where
    the output field goes, as ``_jsonl_locate`` reports it (byte offsets), or
    None where it refuses the record (or takes it only by a way the native
    path leaves to it)."""
    from reflow.cli.records import Record
    from reflow.files import InputError, decode

    try:
        line = decode(raw, "x.jsonl", "utf-8").rstrip("\r\n")
        record = Record(line)
        text = record.get(text_key)
    except (InputError, ValueError, RecursionError):  # (JSONDecodeError and RecordError are ValueErrors)
        return None
    if not isinstance(text, str):
        return None
    at = lambda i: len(line[:i].encode("utf-8", "surrogatepass"))  # noqa: E731
    parts = output_key.split(".")
    try:
        members, close, depth = record._find(parts)
    except ValueError:  # (a part of the path that is not an object: set() refuses the record)
        return None
    if depth == len(parts) - 1 and parts[-1] in members:
        start, end, _ = members[parts[-1]]
        return text, "replace", at(start), at(end)
    return text, "append", at(close), depth


_PIECES = [b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b"/", b"u", b"b", b"n", b"0", b"1", b"9", b"e", b"E",
           b"+", b"-", b".", b" ", b"\t", b"\r", b"\n", b"N", b"I", b"t", b"f", b"x", b"\x00", b"\x1f", b"\x7f",
           b"\x80", b"\xff", "é".encode(), "人".encode(), b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\\u", b"\\ud800",
           b"\\udc00", b"\\u00e9", b"text", b'"text"', b'"text":', b"true", b"null", b"1e5", b"-0.5"]


_CLEAN = st.text(st.characters(codec="utf-8") | st.sampled_from(list("\x00\x1f\x7f\\\"/\u2028人é")), max_size=30)


_TOKENS = [b"01", b"-0", b"1.", b".5", b"1e", b"1e+", b"1E5", b"-", b"--1", b"0x1", b"1_000", b"Infinity", b"NaN",
           b"-Infinity", b"nul", b"True", b"+1", b"1.5e-3", b"00", b"-01", b"0e0", b"2E-0", b"[1,]", b"{,}", b"[]", b"{}",
           b'"a"', b"'a'", b"[[[]]]", b'{"a":}', b'{"a" 1}', b"1 2", b"\"", b'"\\x"', b'"\\u12"']


@st.composite
def mutated(draw) -> bytes:
    """A valid record's line (one text field, a string; no lone surrogates)
    with a byte or a few put in, taken out or replaced: about half of them
    still records."""
    members = [("text", draw(_CLEAN))] + draw(st.lists(st.tuples(st.sampled_from(["id", "meta", "clean", "x"]), _VALUE), max_size=3))
    members = draw(st.permutations(members))
    if draw(st.booleans()):  # the text one level down, for --text-key doc.text
        members = [("doc", dict(members))] + draw(st.lists(st.tuples(st.sampled_from(["id", "doc", "x"]), _VALUE), max_size=2))
    ascii_ = draw(st.booleans())
    body = ", ".join(json.dumps(k, ensure_ascii=ascii_) + ": " + json.dumps(v, ensure_ascii=ascii_) for k, v in members)
    base = bytearray(("{" + body + "}\n").encode("utf-8", "surrogatepass"))
    if draw(st.booleans()):  # a value as json's scanner may or may not read it
        token = draw(st.sampled_from(_TOKENS))
        base[1:1] = b'"n": ' + token + b", "
    rng = draw(st.randoms(use_true_random=True))  # (places spread over the line, not drawn to its start)
    for _ in range(rng.choice([1, 1, 2])):
        k = rng.randrange(len(base) + 1)
        piece = rng.choice(_PIECES)
        how = rng.choice(["insert", "replace", "delete"])
        if how == "insert":
            base[k:k] = piece
        elif how == "replace":
            base[k:k + len(piece)] = piece
        else:
            del base[k:k + rng.randrange(1, 5)]
    return bytes(base)


@settings(max_examples=1500, **EXAMPLES)
@given(raw=mutated(), text_key=st.sampled_from(["text", "doc.text"]),
       output_key=st.sampled_from(["text", "clean", "id", "doc.text", "doc.clean", "doc.meta.x", "x.y"]))
def test_the_native_reading_never_takes_what_the_python_path_reads_otherwise(raw, text_key, output_key):
    from reflow import _native

    native = _native._jsonl_locate(raw, text_key, output_key)
    if native is not None:
        assert native == python_reading(raw, text_key, output_key), raw


def test_the_mutated_lines_reach_both_readings():
    """The lines the test above draws are taken by the native reading often,
    and refused by the Python path often (else the test would prove little)."""
    from hypothesis import find

    from reflow import _native

    find(mutated(), lambda raw: _native._jsonl_locate(raw, "text", "text") is not None, settings=settings(database=None))
    find(mutated(), lambda raw: python_reading(raw, "text", "text") is None and raw.strip().startswith(b"{"),
         settings=settings(database=None))


@settings(max_examples=500, **EXAMPLES)
@given(text=st.text(st.characters() | st.sampled_from(list("\x00\x1f\x7f\ud800\udfff\U0010ffff\u2028\"\\"))))
def test_strings_are_written_as_records_dumps_writes_them(text):
    from reflow import _native
    from reflow.cli.records import dumps

    assert _native._jsonl_string(text) == dumps(text).encode("utf-8")


NESTED = [
    line({"id": 1, "doc": {"text": PAGE[:1500], "lang": "zh"}}),
    line({"doc": {"meta": {}, "text": "人 民 军 队\n2月 3日"}, "id": 2}),
    line({"doc": {"text": "下转A2版①", "clean": "old"}, "clean": "top"}),
    b'{"doc": {"text": "x"}, "doc": {"text": "the last doc"}}\n',
    b'{"doc": {"text": "a"}, "doc": 1}\n',
    b'{"doc": "not an object"}\n',
    b'{"doc": {}}\n',
    b'{"text": "top-level only"}\n',
    b'{"doc": {"text": "a", "out": 1}, "out": 2}\n',
    b'{"doc": {"text": "\\u4eba \\u6c11", "te\\u0078t": "escaped twin"}}\n',
]


@pytest.mark.parametrize("output_key", ["doc.text", "doc.clean", "doc.meta.clean", "out.x.y", "clean", "doc.out.x"])
@pytest.mark.parametrize("policy", ["skip", "passthrough"])
def test_dotted_keys_come_out_the_same_both_ways(output_key, policy, monkeypatch):
    ctx = Context(Reflower(), text_key="doc.text", output_key=output_key, policy=policy)
    got, taken = both(ctx, b"".join(NESTED), monkeypatch)
    # Five records hold doc.text as a string with plain keys on the way; the
    # output path runs through objects but for "doc.out.x" and "out.x.y" on
    # the ninth (whose doc.out and out are numbers).
    assert taken == (4 if output_key in ("doc.out.x", "out.x.y") else 5), taken


def test_adversarial_records_come_out_the_same_both_ways(monkeypatch):
    """The adversarial inputs (benchmarks/adversarial.py, as tests/test_adversarial.py
    reads them) as text fields, and lines built to strain a JSON reader:
    deep nesting (past the native path's bound and past Python's recursion
    limit), a long number, many members, a long run of escapes."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from adversarial import INPUTS

    # (ASCII JSON: some inputs hold lone surrogates, which only an escape can carry)
    lines = [(json.dumps({"id": name, "text": make(0.02)}) + "\n").encode() for name, (make, _) in sorted(INPUTS.items())]
    lines += [
        b'{"text": "a", "deep": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
        b'{"text": "a", "deep": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}\n",
        b'{"text": "a", "n": ' + b"1" * 20000 + b"}\n",
        b"{" + b", ".join(b'"k%d": %d' % (i, i) for i in range(20000)) + b', "text": "many members"}\n',
        b'{"text": "' + b"\\n\\u4eba" * 20000 + b'"}\n',
    ]
    _, taken = both(Context(Reflower(), policy="skip"), b"".join(lines), monkeypatch)
    assert taken >= len(INPUTS) + 2, taken
