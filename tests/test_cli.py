"""The command line, through a real subprocess: every flag and every error path."""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import io
import json
import os
import stat
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import SEED
from reflow import Options, Reflower, parse, reflow

PAGE = SEED.read_text(encoding="utf-8")
EXPECTED = reflow(PAGE) + "\n"

needs_opencc = pytest.mark.skipif(importlib.util.find_spec("opencc") is None, reason="needs the opencc extra")


def run(*args, stdin: bytes | None = None, cwd=None, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "reflow", *map(str, args)],
        input=stdin, capture_output=True, cwd=cwd, env={**os.environ, **(env or {})},
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def records(tmp_path, rows, name="in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# -- inputs and outputs --------------------------------------------------------


def test_file_to_stdout(page):
    result = run(page)
    assert result.returncode == 0
    assert result.stdout.decode() == EXPECTED


def test_stdin_by_default_and_by_dash():
    assert run(stdin=PAGE.encode()).stdout.decode() == EXPECTED
    assert run("-", stdin=PAGE.encode()).stdout.decode() == EXPECTED


def test_output_file(page, tmp_path):
    out = tmp_path / "out.txt"
    assert run(page, "-o", out).returncode == 0
    assert out.read_text(encoding="utf-8") == EXPECTED


def test_folder_is_mirrored(tmp_path):
    src = tmp_path / "src"
    (src / "2020" / "02").mkdir(parents=True)
    (src / "2020" / "02" / "a.txt").write_text(PAGE, encoding="utf-8")
    (src / "b.txt").write_text("2月 3日", encoding="utf-8")
    (src / "notes.md").write_text("not a page", encoding="utf-8")
    dst = tmp_path / "dst"
    assert run(src, "-o", dst).returncode == 0
    assert (dst / "2020" / "02" / "a.txt").read_text(encoding="utf-8") == EXPECTED
    assert (dst / "b.txt").read_text(encoding="utf-8") == "2月3日\n"
    assert not (dst / "notes.md").exists()


def test_gzip_and_zstd_by_extension(tmp_path):
    gz = tmp_path / "page.txt.gz"
    gz.write_bytes(gzip.compress(PAGE.encode()))
    out = tmp_path / "out.txt.gz"
    assert run(gz, "-o", out).returncode == 0
    assert gzip.decompress(out.read_bytes()).decode() == EXPECTED
    zstandard = pytest.importorskip("zstandard")
    zst = tmp_path / "page.txt.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(PAGE.encode()))
    out = tmp_path / "out.txt.zst"
    assert run(zst, "-o", out).returncode == 0
    assert zstandard.ZstdDecompressor().stream_reader(out.read_bytes()).read().decode() == EXPECTED


def test_encoding_for_gb18030_and_big5(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes("株洲日报记者 李逸峰\n2月 3日".encode("gb18030"))
    assert run(path, "--encoding", "gb18030").stdout.decode() == "株洲日报记者 李逸峰\n2月3日\n"
    path = tmp_path / "big5.txt"
    path.write_bytes("本報記者 李逸峰".encode("big5"))
    assert run(path, "--encoding", "big5").stdout.decode() == "本報記者 李逸峰\n"


def test_form_feeds_keep_pages(tmp_path):
    path = tmp_path / "pdftotext.txt"
    path.write_text("第一页的最后一段文字。\f第二页的第一段文字。\n", encoding="utf-8")
    out = run(path).stdout.decode()
    assert out == "第一页的最后一段文字。\n\f第二页的第一段文字。\n"
    blocks = json.loads(run(path, "--blocks").stdout)["blocks"]
    assert [b.get("page", 0) for b in blocks] == [0, 1]


def test_crlf_and_empty_input(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(PAGE.replace("\n", "\r\n").encode())
    assert run(path).stdout.decode() == EXPECTED
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(empty)
    assert result.returncode == 0 and result.stdout == b""


# -- JSONL -----------------------------------------------------------------------


def test_jsonl_text_key_output_key_and_passthrough_fields(tmp_path):
    path = records(tmp_path, [{"id": 1, "doc": {"text": "2月 3日", "lang": "zh"}}, {"id": 2, "doc": {"text": PAGE}}])
    result = run(path, "--text-key", "doc.text", "--output-key", "doc.clean")
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert rows[0] == {"id": 1, "doc": {"text": "2月 3日", "lang": "zh", "clean": "2月3日"}}
    assert rows[1]["doc"]["clean"] == reflow(PAGE)


def test_jsonl_format_auto_detected_on_stdin():
    line = json.dumps({"text": "2月 3日"}).encode() + b"\n"
    assert json.loads(run(stdin=line).stdout) == {"text": "2月3日"}
    assert json.loads(run("--format", "jsonl", stdin=line).stdout) == {"text": "2月3日"}
    # --format text reads the same bytes as a page of text
    assert run("--format", "text", stdin=b"2\xe6\x9c\x88 3\xe6\x97\xa5").stdout.decode() == "2月3日\n"


def test_blocks_as_json(page, tmp_path):
    doc = json.loads(run(page, "--blocks").stdout)
    assert doc["source"] == str(page)
    assert doc["blocks"] == [b.to_dict() for b in parse(PAGE).blocks]
    path = records(tmp_path, [{"text": PAGE}])
    row = json.loads(run(path, "--blocks").stdout)
    assert row["text"][0]["kind"] == "marker" and row["text"][0]["marker"]["page"] == "A2"


def test_jobs_keep_output_order(tmp_path):
    rows = [{"id": i, "text": PAGE if i % 3 else f"第{i}条 2月 3日"} for i in range(1200)]
    path = records(tmp_path, rows)
    one = run(path, "-j", "1").stdout
    two = run(path, "-j", "2").stdout
    assert one == two
    assert [json.loads(line)["id"] for line in two.splitlines()] == list(range(1200))


def test_jobs_zero_is_one_for_each_usable_cpu(tmp_path, monkeypatch):
    from reflow.cli import args as cli_args

    monkeypatch.setattr(cli_args.os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    assert cli_args.parse_settings(cli_args.build_parser().parse_args(["x.txt", "-j", "0"])).jobs == 3
    assert cli_args.parse_settings(cli_args.build_parser().parse_args(["x.txt", "-j", "2"])).jobs == 2
    rows = [{"id": i, "text": PAGE if i % 3 else f"第{i}条 2月 3日"} for i in range(300)]
    path = records(tmp_path, rows)
    assert run(path, "-j", "0").stdout == run(path).stdout


def test_jobs_over_files(tmp_path):
    files = []
    for i in range(5):
        p = tmp_path / f"{i}.txt"
        p.write_text(PAGE if i % 2 else f"第{i}页 2月 3日", encoding="utf-8")
        files.append(p)
    assert run(*files, "-j", "2").stdout == run(*files).stdout


def test_shard(tmp_path):
    path = records(tmp_path, [{"id": i, "text": str(i)} for i in range(10)])
    got = [[json.loads(line)["id"] for line in run(path, "--shard", f"{i}/3").stdout.splitlines()] for i in range(3)]
    assert got == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]


# -- reporting ---------------------------------------------------------------------


def test_stats_file_and_summary(page, tmp_path):
    stats = tmp_path / "stats.json"
    result = run(page, "--stats", stats)
    counts = json.loads(stats.read_text())
    assert counts["records"] == 1 and counts["block:marker"] == 3 and counts["errors"] == 0
    assert counts["join:column_break"] > 0 and counts["block:headline"] > 0
    assert "seconds" in counts
    assert result.stderr.decode().startswith("reflow: 1 records")


def test_progress_when_asked(page):
    result = run(page, "--progress")
    assert "records" in result.stderr.decode() and "MB/s" in result.stderr.decode()
    assert run(page).stderr == b""  # not a terminal: silent


def test_markers_summary(page):
    result = run(page, "--markers")
    lines = result.stderr.decode().splitlines()
    assert lines == [
        f"{page}: 下转A2版① -> continued_on page A2 seq 1",
        f"{page}: 下转A2版② -> continued_on page A2 seq 2",
        f"{page}: 下转A2版③ -> continued_on page A2 seq 3",
    ]


def test_markers_summary_of_jsonl_on_workers_is_the_one_process_summary(tmp_path):
    """Workers collect the markers only under --markers; with it, -j 2 reports
    what one process does, record by record."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_lines(6, PAGE))
    one = run(str(src), "--markers", "-j", "1", "-o", str(tmp_path / "a.jsonl"))
    two = run(str(src), "--markers", "-j", "2", "-o", str(tmp_path / "b.jsonl"))
    lines = one.stderr.decode().splitlines()
    assert len(lines) == 18 and lines[0] == f"{src}: line 1: 下转A2版① -> continued_on page A2 seq 1"
    assert two.stderr == one.stderr
    quiet = run(str(src), "-j", "2", "-o", str(tmp_path / "c.jsonl"))
    assert quiet.stderr == b""
    assert (tmp_path / "c.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()


def test_explain(page):
    lines = run(page, "--explain").stdout.decode().splitlines()
    assert any("column_break" in line and "联盟疫情防控" in line for line in lines)
    assert any("marker" in line and "下转A2版①" in line for line in lines)


# -- options as flags and from TOML -------------------------------------------------


@needs_opencc
def test_option_flags(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("學習貫徹 該 PCT 專利\n\n下转A2版①\n", encoding="utf-8")
    assert run(path, "--convert", "t2s").stdout.decode() == "学习贯彻该 PCT 专利\n"
    assert run(path, "--cjk-latin-spacing", "remove").stdout.decode() == "學習貫徹該PCT專利\n"
    assert run(path, "--keep-markers").stdout.decode() == "學習貫徹該 PCT 專利\n下转A2版①\n"
    assert run(path, "--no-normalize").stdout.decode() == "學習貫徹 該 PCT 專利\n"


@needs_opencc
def test_config_file_and_flags_override_it(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("學習 PCT\n\n下转A2版①\n", encoding="utf-8")
    config = tmp_path / "reflow.toml"
    config.write_text('[reflow]\nconvert = "t2s"\nkeep-markers = true\n', encoding="utf-8")
    assert run(path, "--config", config).stdout.decode() == "学习 PCT\n下转A2版①\n"
    assert run(path, "--config", config, "--no-keep-markers").stdout.decode() == "学习 PCT\n"


# -- errors ---------------------------------------------------------------------------


def test_invalid_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("第一行\n第二行".encode() + b"\xff\n")
    result = run(path)
    assert result.returncode == 1
    assert result.stderr.decode().strip() == f"reflow: {path}: line 2: not valid utf-8 (byte 0xff at offset 19)"


@pytest.mark.parametrize("encoding", ["gbk", "big5"])
def test_a_gbk_or_big5_file_read_as_utf8_names_its_encoding(tmp_path, encoding):
    """The error says which encoding the file reads in, and that one works."""
    path = tmp_path / "page.txt"
    text = "本報訊 記者在現場進行採訪\n下轉A2版\n" if encoding == "big5" else "本报讯 记者在现场进行采访\n下转A2版\n"
    path.write_bytes(text.encode(encoding))
    result = run(path)
    named = "gb18030" if encoding == "gbk" else "big5"
    assert result.returncode == 1
    assert result.stderr.decode().strip().endswith(f"; it reads as {named}: --encoding {named}")
    assert run(path, "--encoding", named).stdout.decode() == text.split("\n")[0] + "\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le-marked", "utf-16-be-marked", "utf-32"])
def test_a_text_with_a_utf16_or_utf32_byte_order_mark_is_read_in_it(tmp_path, codec):
    """Windows saves "Unicode" text as UTF-16 with its mark: read as UTF-8 by
    default, it was refused as binary (its NUL bytes). The mark declares the
    encoding (no UTF-8 text starts with one), on a file and on standard input."""
    text = "株洲日报记者 李逸峰\n2月 3日\n"
    if codec.endswith("-marked"):
        order = codec.removesuffix("-marked")
        data = ("\ufeff" + text).encode(order)
    else:
        data = text.encode(codec)
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    for result in (run(path), run("-", stdin=data)):
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode() == "株洲日报记者 李逸峰\n2月3日\n"
    # UTF-16 without its mark is no text reflow reads unasked: refused as before.
    path.write_bytes(text.encode("utf-16-le"))
    assert run(path).returncode == 1


def test_a_jsonl_file_with_a_utf16_mark_says_to_convert_it(tmp_path):
    """JSON Lines are cut into records as UTF-8 bytes, so a UTF-16 file cannot be
    read record by record: its first line says what to do, the lines pass through."""
    path = tmp_path / "in.jsonl"
    data = '{"text": "2月 3日"}\n{"text": "4 日"}\n'.encode("utf-16")
    path.write_bytes(data)
    result = run(path)
    assert result.returncode == 0
    assert result.stdout == data + b"\n"  # (its last line, the NUL byte after the last \n, gets a line end)
    first = result.stderr.decode().splitlines()[0]
    assert first == (f"reflow: {path}: line 1: starts with a UTF-16 byte order mark; JSON Lines are read as UTF-8: "
                     "convert the file first (iconv -f UTF-16 -t UTF-8)")
    # On standard input, --format auto sees the records behind the mark (not prose to reflow) ...
    result = run("-", stdin=data)
    assert result.stdout == data + b"\n"
    assert result.stderr.decode().splitlines()[0].startswith("reflow: <stdin>: line 1: starts with a UTF-16 byte order mark")
    # ... as it does behind UTF-8's, which JSON Lines may carry: those records are read.
    result = run("-", stdin=b"\xef\xbb\xbf" + '{"text": "2月 3日"}\n'.encode())
    assert (result.returncode, result.stdout.decode(), result.stderr) == (0, '{"text": "2月3日"}\n', b"")


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run(path)
    assert result.returncode == 1 and b"binary" in result.stderr


def test_unreadable_path(tmp_path):
    result = run(tmp_path / "missing.txt")
    assert result.returncode == 1 and b"No such file" in result.stderr


def test_no_partial_output_on_failure(page, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfd")
    out = tmp_path / "out.txt"
    result = run(page, bad, "-o", out)
    assert result.returncode == 1
    assert not out.exists()
    assert not list(tmp_path.glob(".out.txt.*"))  # no temporary file left behind


def test_on_error_for_text_files(page, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\xff")
    skipped = run(page, bad, "--on-error", "skip")
    assert skipped.returncode == 0 and skipped.stdout.decode() == EXPECTED
    assert b"not valid utf-8" in skipped.stderr
    passed = run(page, bad, "--on-error", "passthrough")
    assert passed.returncode == 0 and passed.stdout == EXPECTED.encode() + b"ok\xff"


def test_malformed_jsonl_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "2月 3日"}\n{broken\n{"other": 1}\n{"text": "4 日"}\n', encoding="utf-8")
    default = run(path)  # JSONL default: passthrough, counted
    assert default.returncode == 0
    assert default.stdout.decode().splitlines() == ['{"text": "2月3日"}', "{broken", '{"other": 1}', '{"text": "4日"}']
    assert f"{path}: line 2: malformed JSON".encode() in default.stderr
    assert f"{path}: line 3: no field 'text'".encode() in default.stderr
    skip = run(path, "--on-error", "skip")
    assert skip.stdout.decode().splitlines() == ['{"text": "2月3日"}', '{"text": "4日"}']
    fail = run(path, "--on-error", "fail", "-o", tmp_path / "out.jsonl")
    assert fail.returncode == 1 and not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--shard", "3/2"], b"--shard"),
        (["--shard", "x"], b"--shard"),
        (["-j", "-1"], b"-j -1"),
        (["--convert", "klingon"], b"invalid choice"),
        (["--no-such-flag"], b"unrecognized"),
    ],
)
def test_usage_errors_exit_2(page, args, message):
    result = run(page, *args)
    assert result.returncode == 2 and message in result.stderr


def test_folder_without_output_and_overwriting_the_input(tmp_path, page):
    assert run(tmp_path).returncode == 2
    result = run(page, "-o", page)
    assert result.returncode == 2 and b"refusing to overwrite the input" in result.stderr
    assert page.read_text(encoding="utf-8") == PAGE


def test_bad_config(tmp_path, page):
    config = tmp_path / "bad.toml"
    config.write_text("convert = \n", encoding="utf-8")
    assert run(page, "--config", config).returncode == 2
    config.write_text('colour = "blue"\n', encoding="utf-8")
    result = run(page, "--config", config)
    assert result.returncode == 2 and b"unknown option 'colour'" in result.stderr


def test_broken_pipe_is_quiet(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(PAGE * 50, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "reflow", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait() == 0
    assert proc.stderr.read() == b""


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("reflow ")
    assert b"--keep-markers" in run("--help").stdout


def test_every_option_flag_says_what_it_does():
    # The help of an Options flag is the first sentence of help(reflow.Options) on it (and its
    # default), so the two cannot drift apart; argparse prints nothing for a flag without one.
    from argparse import ArgumentParser
    from dataclasses import fields

    from reflow import Options
    from reflow.cli.args import add_option_flags

    parser = ArgumentParser()
    add_option_flags(parser)
    helps = {a.dest.removeprefix("opt_"): a.help for a in parser._actions if a.dest.startswith("opt_")}
    assert set(helps) == {f.name for f in fields(Options)}
    assert all(h and len(h) > 20 for h in helps.values()), helps
    assert helps["keep_markers"] == "Render jump markers (下转A2版①) in reflow() output, one per line. (default: off)"
    text = run("--help").stdout.decode()
    assert "Full-width Latin letters and digits to ASCII" in text and "(default: keep)" in text


def test_text_and_jsonl_inputs_keep_their_order(tmp_path, page):
    jsonl = records(tmp_path, [{"text": "2月 3日"}])
    other = tmp_path / "other.txt"
    other.write_text("4 日", encoding="utf-8")
    out = run(other, jsonl, page).stdout.decode()
    assert out == "4日\n" + '{"text": "2月3日"}\n' + EXPECTED


def test_a_very_long_single_line(tmp_path):
    # pdftotext -raw and some OCR tools emit a whole page, or a whole book, as one line.
    # (50 MB runs in a few seconds by hand; 5 MB keeps the suite quick.)
    path = tmp_path / "one-line.txt"
    unit = "疫情防控工作开展如火如荼, 各种海量信息 2月 3日。"
    path.write_text(unit * (5_000_000 // len(unit.encode())), encoding="utf-8")
    result = run(path)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.count("\n") == 1 and out.startswith("疫情防控工作开展如火如荼，各种海量信息2月3日。")


# -- issue 12: nothing lost, nothing hidden ---------------------------------------------


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz", "jsonl.zst", "ndjson.zst"])
def test_compressed_jsonl_in_and_out(tmp_path, kind):
    data = "".join(json.dumps({"id": i, "text": PAGE if i % 2 else "2月 3日"}, ensure_ascii=False) + "\n" for i in range(7)).encode()
    if kind.endswith(".gz"):
        data = gzip.compress(data)
    elif kind.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        data = zstandard.ZstdCompressor().compress(data)
    path = tmp_path / f"c.{kind}"
    path.write_bytes(data)
    out = tmp_path / "x.jsonl"
    result = run(path, "-o", out)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(7))
    assert rows[1]["text"] == reflow(PAGE) and rows[0]["text"] == "2月3日"


def test_zst_with_several_frames(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    c = zstandard.ZstdCompressor()
    path = tmp_path / "two.txt.zst"
    path.write_bytes(c.compress("2月 3日\n\n".encode()) + c.compress("4 日".encode()))
    assert run(path).stdout.decode() == "2月3日\n4日\n"


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_output_files_get_the_umask_not_0600(page, tmp_path, umask, mode):
    out = tmp_path / "out.txt"
    stats = tmp_path / "stats.json"
    result = subprocess.run([sys.executable, "-m", "reflow", str(page), "-o", str(out), "--stats", str(stats)],
                            capture_output=True, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert stat.S_IMODE(stats.stat().st_mode) == mode


def test_a_replaced_output_keeps_its_permissions(page, tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert run(page, "-o", out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text(encoding="utf-8") == EXPECTED


def test_explain_keeps_markers_and_stats(page, tmp_path):
    plain, explained = tmp_path / "plain.json", tmp_path / "explained.json"
    a = run(page, "--markers", "--stats", plain)
    b = run(page, "--markers", "--stats", explained, "--explain")
    assert a.returncode == b.returncode == 0
    counts = json.loads(explained.read_text())
    assert counts["records"] == 1 and counts["block:marker"] == 3 and counts["join:column_break"] > 0
    for key in ("seconds", "bytes_out"):
        counts.pop(key)
    expected = json.loads(plain.read_text())
    for key in ("seconds", "bytes_out"):
        expected.pop(key)
    assert counts == expected
    markers = [line for line in b.stderr.decode().splitlines() if "->" in line]
    assert markers == [line for line in a.stderr.decode().splitlines() if "->" in line] and len(markers) == 3
    assert "下转A2版①" in b.stdout.decode() and b.stdout.decode() != a.stdout.decode()


def test_a_text_key_missing_from_some_records_only(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 0}\n{"id": 1, "text": "2月 3日"}\n{"id": 2}\n', encoding="utf-8")
    result = run(path)
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == ['{"id": 0}', '{"id": 1, "text": "2月3日"}', '{"id": 2}']
    assert result.stderr.decode().splitlines() == [
        f"reflow: {path}: line 1: no field 'text' (its fields: 'id')",
        f"reflow: {path}: line 3: no field 'text' (its fields: 'id')",
    ]


def test_a_wrong_text_key_writes_nothing(tmp_path):
    path = records(tmp_path, [{"txt": "2月 3日"}] * 3)
    out = tmp_path / "out.jsonl"
    result = run(path, "--text-key", "text", "-o", out)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.decode().count("\n") == 1  # once, not once per record
    assert run(path, "--text-key", "text").stdout == b""  # on standard output too


def test_jsonl_passthrough_fields_are_byte_identical(tmp_path):
    lines = [
        '{"n":1e400,"x":1.10,"text":"2月 3日","é":"\\u00e9","deep":{"a":[1,2.50,{"b":null}]}}',
        '{ "text" : "4 日" ,  "z": -0.0, "big": 123456789012345678901234567890 }',
        '{"meta": {"text": "2月 3日", "keep": 1.0}, "id": "x"}',
        '{"text": "2月 3日", "text": "4 日"}',
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run(path).stdout.decode().splitlines()
    assert out[0] == '{"n":1e400,"x":1.10,"text":"2月3日","é":"\\u00e9","deep":{"a":[1,2.50,{"b":null}]}}'
    assert out[1] == '{ "text" : "4日" ,  "z": -0.0, "big": 123456789012345678901234567890 }'
    assert out[2] == lines[2]  # no top-level text: passed through as it was
    assert out[3] == '{"text": "2月 3日", "text": "4日"}'  # the field JSON readers take (the last)
    nested = run(path, "--text-key", "meta.text", "--output-key", "meta.clean", "--on-error", "skip").stdout.decode()
    assert nested == '{"meta": {"text": "2月 3日", "keep": 1.0, "clean": "2月3日"}, "id": "x"}\n'
    added = run(path, "--output-key", "clean").stdout.decode().splitlines()
    assert added[0] == lines[0][:-1] + ', "clean": "2月3日"}'
    for line in added:
        json.loads(line)


def test_a_folder_with_jsonl_and_other_files(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("2月 3日", encoding="utf-8")
    (src / "sub" / "b.jsonl").write_text('{"text": "4 日"}\n', encoding="utf-8")
    (src / "sub" / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "5 \\u65e5"}\n'))
    (src / "notes.md").write_text("# not a page", encoding="utf-8")
    (src / "scan.pdf").write_bytes(b"%PDF")
    dst = tmp_path / "dst"
    result = run(src, "-o", dst)
    assert result.returncode == 0
    assert (dst / "a.txt").read_text(encoding="utf-8") == "2月3日\n"
    assert (dst / "sub" / "b.jsonl").read_text(encoding="utf-8") == '{"text": "4日"}\n'
    assert gzip.decompress((dst / "sub" / "c.jsonl.gz").read_bytes()).decode() == '{"text": "5日"}\n'
    assert not (dst / "notes.md").exists() and not (dst / "scan.pdf").exists()
    assert result.stderr.decode() == (
        f"reflow: skipped 2 file(s) that are neither text (.txt) nor JSONL (.jsonl, .ndjson): {src / 'notes.md'}, {src / 'scan.pdf'}\n"
    )


def test_jsonl_batches_keep_every_worker_busy(tmp_path):
    from reflow.cli.jobs import batches

    from reflow.cli.jobs import BATCH_BYTES, FIRST_BATCH_BYTES

    data = jsonl_lines(400, PAGE)  # about 10 MB
    assert 8e6 < len(data) < 12e6
    found = list(batches("x.jsonl", io.BytesIO(data)))
    assert sum(len(list(b.records())) for b in found) == 400
    # A few MB make several batches (~1 MB each: jobs.BATCH_BYTES says why not
    # smaller): -j 4 has two for each of its processes from the start.
    assert len(found) >= 8
    size = [b.size for b in found]
    assert sum(size) == len(data)
    # The first batch is small, and each after it up to twice the one before,
    # BATCH_BYTES at most (a batch ends at a line end: within a line of it).
    line = max(len(x) for x in data.splitlines(keepends=True))
    assert size[0] <= FIRST_BATCH_BYTES
    assert max(size) <= BATCH_BYTES + line and max(size) > BATCH_BYTES // 2
    assert all(b <= 2 * a + 3 * line for a, b in zip(size, size[1:]))  # (a read cut at a line end, the rest carried)


def test_a_problem_after_blank_lines_names_its_own_line(tmp_path):
    # Blank lines are left out but still counted: the message names line 4, not 2.
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "a"}\n\n  \n{"text": 5}\n')
    result = run(path, "--on-error", "skip")
    assert result.stderr.decode().splitlines()[0] == f"reflow: {path}: line 4: field 'text' is not a string"


@pytest.mark.parametrize("size", [1, 7, 40, 1 << 20])
@pytest.mark.parametrize("shard", [(0, 1), (1, 3)])
def test_jsonl_batches_hold_every_line_once_in_order(size, shard):
    from reflow.cli.jobs import batches

    # Blank and whitespace-only lines, CRLF, a line longer than a batch, no final newline.
    lines = [b'{"id": 0}\n', b"\n", b'{"id": 1, "text": "' + b"x" * 100 + b'"}\r\n', b"  \n", b'{"id": 2}\n',
             b'{"id": 3}\n', b"\t\n", b'{"id": 4}']
    data = b"".join(lines)
    got = [(number, raw) for b in batches("x.jsonl", io.BytesIO(data), shard, size) for number, raw in b.records()]
    records = [(number, raw) for number, raw in enumerate(lines, 1) if raw.strip()]
    assert got == [r for k, r in enumerate(records) if k % shard[1] == shard[0]]
    assert sum(b.size for b in batches("x.jsonl", io.BytesIO(data), shard, size)) == len(data)


def jsonl_lines(n: int, text: str) -> bytes:
    return "".join(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n" for i in range(n)).encode()


def test_at_most_4n_jobs_in_flight():
    from reflow.cli.jobs import Context, TextJob, run_ordered

    taken = []

    def jobs():
        for i in range(40):
            taken.append(i)
            yield TextJob("-", f"{i}日".encode())

    seen = 0
    for result in run_ordered(jobs(), Context(Reflower()), 2):
        seen += 1
        assert len(taken) - seen <= 4 * 2
        assert result.out.decode() == f"{seen - 1}日\n"
    assert seen == 40


def test_j_n_is_this_process_and_n_minus_1_workers(monkeypatch):
    """-j 2 on two cores: the parent and one worker share the jobs (with two
    workers beside it, the parent's reading and writing came on top of theirs),
    and the results keep the jobs' order whoever ran them."""
    import reflow.cli.jobs as jobs_module
    from reflow.cli.jobs import Context, TextJob, TextResult, run_ordered

    def who(context, job):  # (the workers are forked: they run this too)
        time.sleep(0.02)
        return TextResult(job.name, str(os.getpid()).encode())

    monkeypatch.setattr(jobs_module, "process_text", who)
    results = list(run_ordered((TextJob(str(i), b"") for i in range(60)), Context(Reflower()), 2))
    assert [r.name for r in results] == [str(i) for i in range(60)]
    ran = Counter(r.out.decode() for r in results)
    assert len(ran) == 2 and str(os.getpid()) in ran, ran
    assert min(ran.values()) >= 10, ran  # both take a share


def _who_ran(monkeypatch, large: int, large_s: float, small_s: float) -> tuple[dict, str]:
    """Twelve jobs at -j 2, the one at *large* large, each taking the seconds given: which
    process ran each (by its pid), in job order; and the parent's pid."""
    import reflow.cli.jobs as jobs_module
    from reflow.cli.jobs import Context, TextJob, TextResult, run_ordered

    def who(context, job):  # (the workers are forked: they run this too)
        time.sleep(large_s if len(job.data) > 1000 else small_s)
        return TextResult(job.name, str(os.getpid()).encode())

    monkeypatch.setattr(jobs_module, "process_text", who)
    jobs = [TextJob(str(i), b"x" * (100_000 if i == large else 10)) for i in range(12)]
    ran = {r.name: r.out.decode() for r in run_ordered(jobs, Context(Reflower()), 2)}
    assert list(ran) == [str(i) for i in range(12)]
    return ran, str(os.getpid())


def test_a_large_job_run_here_sends_the_ones_after_it_ahead(monkeypatch):
    """The parent runs a job itself once two wait for each worker; before a large one it sends
    the jobs after it ahead, as many as make up its size, so that the workers do not sit idle
    while it runs: here the third job, large, runs in the parent (the first two still wait,
    each a fifth of a second long) and all the small ones after it go to the worker."""
    ran, here = _who_ran(monkeypatch, large=2, large_s=0.6, small_s=0.2)
    assert ran["2"] == here
    assert all(ran[str(i)] != here for i in range(12) if i != 2), ran


def test_a_large_job_at_the_worker_does_not_stall_the_others(monkeypatch):
    """The first job, large, goes to the worker; the results wait for it, but the jobs behind it
    go on being run (here, by the parent: the worker has two waiting) past the 4N bound, as long
    as they hold less input than it: all ten small ones after the second are done here before
    the large one is (1.5 s against ten of 0.05 s)."""
    ran, here = _who_ran(monkeypatch, large=0, large_s=1.5, small_s=0.05)
    assert ran["0"] != here and ran["1"] != here
    assert all(ran[str(i)] == here for i in range(2, 12)), ran


def test_job_size_of_a_file_not_yet_read(tmp_path):
    from reflow.cli.jobs import RecordBatch, TextJob, job_size

    page = tmp_path / "p.txt"
    page.write_bytes(b"x" * 1234)
    assert job_size(TextJob(str(page))) == 1234
    assert job_size(TextJob(str(tmp_path / "missing.txt"))) == 0  # (its worker reports it)
    assert job_size(TextJob("-", b"abc")) == 3
    assert job_size(RecordBatch("x.jsonl", 1, b"{}\n{}\n")) == 6


def test_jsonl_batches_leave_the_rule_counts_out_unless_a_report_prints_them():
    """Without --stats or a progress line nothing prints the rules' and kinds' counts, and the
    native core is not asked to build them: the same output lines, the same records and bytes."""
    from reflow.cli.jobs import Context, RecordBatch, process_records

    data = jsonl_lines(5, PAGE[:3000])
    full = process_records(Context(Reflower()), RecordBatch("x.jsonl", 1, data))
    lean = process_records(Context(Reflower(), counts=False), RecordBatch("x.jsonl", 1, data))
    assert lean.out == full.out
    assert any(key.startswith("join:") for key in full.stats)
    assert not any(":" in key for key in lean.stats)
    assert {k: full.stats[k] for k in lean.stats} == dict(lean.stats)
    assert lean.stats["records"] == 5 and lean.stats["bytes_out"] == len(lean.out)


def test_text_files_leave_the_rule_counts_out_unless_a_report_prints_them(tmp_path):
    """The same for text files: the same output, records and bytes; the rules'
    and kinds' counts only where --stats or a progress line prints them."""
    from reflow.cli.jobs import Context, TextJob, process_text

    page = tmp_path / "page.txt"
    page.write_text(PAGE[:3000], encoding="utf-8")
    full = process_text(Context(Reflower()), TextJob(str(page)))
    lean = process_text(Context(Reflower(), counts=False), TextJob(str(page)))
    assert lean.out == full.out and lean.markers == full.markers
    assert any(key.startswith("join:") for key in full.stats)
    assert not any(":" in key for key in lean.stats)
    assert {k: full.stats[k] for k in lean.stats} == dict(lean.stats)
    assert lean.stats["records"] == 1 and lean.stats["bytes_out"] == len(lean.out)


def test_stats_file_counts_the_rules_of_jsonl_records(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_lines(3, PAGE[:3000]))
    run(str(src), "-o", str(tmp_path / "out.jsonl"), "--stats", str(tmp_path / "stats.json"))
    counts = json.loads((tmp_path / "stats.json").read_text())
    assert counts["records"] == 3 and any(key.startswith("join:") for key in counts)


def test_progress_shows_at_once_and_its_eta_follows_the_rate():
    from reflow.cli.reports import Console, Progress

    class Clock:
        now = 100.0

        def __call__(self):
            return self.now

    class Screen(io.StringIO):
        def isatty(self):
            return False

    clock, screen = Clock(), Screen()
    progress = Progress(Console(screen), True, total=100_000_000, clock=clock)
    progress.show(force=True)
    assert screen.getvalue().startswith("\rreflow: 0 records | 0.0 MB")  # before any result
    clock.now += 5
    progress.advance(10, 13_000_000)  # 13% in 5 s: 87% takes about 33 s more
    line = progress.line(clock.now)
    assert "| 13% | ETA 33s" in line, line
    clock.now += 5
    progress.advance(10, 13_000_000)
    assert "| 26% | ETA 28s" in progress.line(clock.now)  # 26% in 10 s
    early = Progress(Console(Screen()), True, total=100_000_000, clock=clock)
    clock.now += 0.5
    early.advance(1, 1_000_000)
    assert "ETA" not in early.line(clock.now)  # 1% after half a second: no estimate yet


def test_progress_line_before_the_first_result_and_messages_on_their_own_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{broken\n{"text": "2月 3日"}\n', encoding="utf-8")
    result = run(path, "--progress")
    stderr = result.stderr.decode()
    assert stderr.startswith("\rreflow: 0 records")
    assert f"\nreflow: {path}: line 1: malformed JSON" in stderr
    for line in stderr.split("\n"):
        assert line.count("reflow:") <= 1 or line.startswith("\r"), line


def test_every_option_is_a_flag_and_a_toml_key_and_flags_win(tmp_path):
    from reflow.cli.args import build_parser, parse_settings, to_flags, to_toml

    parser = build_parser()
    help_text = parser.format_help()
    from reflow.options import field_kind

    def other(f):  # a valid value that is not the default
        kind = field_kind(f.name)
        if kind is bool:
            return not f.default
        if kind is int:
            return f.default + 1
        if kind is float:
            return f.default / 2
        return {"cjk_latin_spacing": "add", "convert": "t2s"}[f.name]

    changed = Options(**{f.name: other(f) for f in dataclasses.fields(Options)})
    for f in dataclasses.fields(Options):
        assert "--" + f.name.replace("_", "-") in help_text
        assert getattr(changed, f.name) != f.default, f.name  # every field is exercised below
    assert parse_settings(parser.parse_args(to_flags(changed))).options == changed
    config = tmp_path / "all.toml"
    config.write_text(to_toml(changed), encoding="utf-8")
    assert parse_settings(parser.parse_args(["--config", str(config)])).options == changed
    back = parse_settings(parser.parse_args(["--config", str(config), "--no-keep-markers", "--max-column-cells", "70"]))
    assert back.options == dataclasses.replace(changed, keep_markers=False, max_column_cells=70)


def test_opencc_cases_are_skipped_without_opencc(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['opencc'] = None\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__)),
         "-k", "test_option_flags or test_config_file_and_flags_override_it", "-rs"],
        capture_output=True, text=True, env=env, cwd=Path(__file__).parent,
    )
    assert "2 skipped" in result.stdout and "failed" not in result.stdout, result.stdout[-2000:]


def test_a_wrong_text_key_under_on_error_fail_says_so(tmp_path):
    path = records(tmp_path, [{"txt": "2月 3日"}] * 3)
    result = run(path, "--on-error", "fail")
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode() == f"reflow: {path}: line 1: no field 'text' (its fields: 'txt')\n"


def test_standard_input_beside_a_mirrored_folder_goes_to_standard_output(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("2月 3日", encoding="utf-8")
    result = run(src, "-", "-o", tmp_path / "dst", stdin="4 日".encode())
    assert result.returncode == 0 and result.stdout.decode() == "4日\n"
    assert (tmp_path / "dst" / "a.txt").read_text(encoding="utf-8") == "2月3日\n"


def test_a_record_with_a_nul_byte_names_its_line_once(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "a\x00b"}\n{"text": "2\xe6\x9c\x88 3\xe6\x97\xa5"}\n')
    result = run(path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [b'{"text": "a\x00b"}', '{"text": "2月3日"}'.encode()]
    assert result.stderr.decode() == f"reflow: {path}: line 1: looks like a binary file (it has NUL bytes); reflow reads text\n"


def test_a_named_json_file_is_read_as_jsonl_and_compressed_jsonl_is_written(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    path = tmp_path / "export.json"
    path.write_text('{"text": "2月 3日"}\n{"text": "4 日"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl.zst"
    assert run(path, "-o", out).returncode == 0
    data = zstandard.ZstdDecompressor().stream_reader(out.read_bytes()).read().decode()
    assert data == '{"text": "2月3日"}\n{"text": "4日"}\n'


def test_a_lone_surrogate_is_written_escaped(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1, "text": "\\ud800 2\\u6708 3\\u65e5"}\n')
    out = run(path).stdout
    assert out == '{"id": 1, "text": "\\ud800 2月3日"}\n'.encode()


def test_the_key_check_holds_back_only_so_much(tmp_path, monkeypatch, capsys):
    cli_main = importlib.import_module("reflow.cli.main")

    monkeypatch.setattr(cli_main, "HOLD_RECORDS", 5)
    path = records(tmp_path, [{"txt": "2月 3日"}] * 8 + [{"text": "4 日"}])
    monkeypatch.setattr(importlib.import_module("reflow.cli.jobs"), "BATCH_BYTES", 2 * 21)  # two records a batch
    out = tmp_path / "out.jsonl"
    assert cli_main.main([str(path), "-o", str(out)]) == 2
    assert not out.exists()
    assert f"{path}: none of the first 6 records has the field 'text' (--text-key)" in capsys.readouterr().err
    monkeypatch.setattr(cli_main, "HOLD_RECORDS", 50)
    assert cli_main.main([str(path), "-o", str(out)]) == 0  # the key turned up in time
    assert out.read_text(encoding="utf-8").splitlines()[-1] == '{"text": "4日"}'


def test_jsonl_lines_keep_their_line_endings(tmp_path):
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"text": "2\xe6\x9c\x88 3\xe6\x97\xa5"}\r\n{broken\r\n{"text": "4 \xe6\x97\xa5"}')
    out = run(path).stdout
    assert out == '{"text": "2月3日"}\r\n{broken\r\n{"text": "4日"}\n'.encode()


# -- --ocr-lines: an OCR engine's lines with boxes, put in reading order first ---


def ocr_page() -> list:
    """Two columns as RapidOCR returns them ([corners, text, score], by height across the page)."""
    def box(x0, y0, x1, y1):
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
    return [
        [box(0, 0, 90, 12), "左栏的第一行文字很", 0.9], [box(110, 0, 200, 12), "右栏的第一行文字也", 0.9],
        [box(0, 16, 90, 28), "长，一直写到第二行", 0.9], [box(110, 16, 200, 28), "很长，写到了第二行", 0.9],
        [box(0, 32, 40, 44), "才结束。", 0.9], [box(110, 32, 150, 44), "才结束。", 0.9],
    ]


OCR_TEXT = "左栏的第一行文字很长，一直写到第二行才结束。\n右栏的第一行文字也很长，写到了第二行才结束。\n"


def test_ocr_lines_from_a_json_file_stdin_and_a_folder(tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps(ocr_page(), ensure_ascii=False), encoding="utf-8")
    assert run("--ocr-lines", page).stdout.decode() == OCR_TEXT
    assert run("--ocr-lines", stdin=page.read_bytes()).stdout.decode() == OCR_TEXT
    result = run("--ocr-lines", tmp_path, "-o", tmp_path.parent / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path.parent / "out" / "page.txt").read_text(encoding="utf-8") == OCR_TEXT  # text now: .txt


def test_ocr_lines_of_several_pages_are_pages(tmp_path):
    pages = tmp_path / "doc.json"
    pages.write_text(json.dumps([ocr_page(), None, ocr_page()], ensure_ascii=False), encoding="utf-8")
    result = run("--ocr-lines", "--blocks", pages)
    assert result.returncode == 0, result.stderr
    blocks = json.loads(result.stdout)["blocks"]
    assert [b["text"] for b in blocks] == OCR_TEXT.split("\n")[:2] * 2
    assert [b.get("page", 0) for b in blocks] == [0, 0, 2, 2]  # a form feed between pages; None is a page with no lines


def test_ocr_lines_in_a_jsonl_field(tmp_path):
    path = records(tmp_path, [{"id": 1, "ocr": ocr_page()}, {"id": 2, "ocr": "no lines here"}])
    result = run("--ocr-lines", "--text-key", "ocr", "--output-key", "text", "--on-error", "skip", path)
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in out] == [1]
    assert out[0]["text"] == OCR_TEXT.rstrip("\n")
    assert "line 2: field 'ocr': --ocr-lines:" in result.stderr.decode()


@pytest.mark.parametrize("content, says", [
    ("[1, 2", "--ocr-lines: not JSON"),
    ('{"lines": []}', "--ocr-lines: ordered_text takes a page's OCR lines"),
    ('[["文字"]]', "--ocr-lines: OCR line 0"),
])
def test_ocr_lines_that_are_not_lines_are_a_clear_error(tmp_path, content, says):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("--ocr-lines", path)
    assert result.returncode == 1
    assert says in result.stderr.decode()
    assert result.stdout == b""


def test_without_ocr_lines_a_json_file_is_jsonl(tmp_path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps(ocr_page(), ensure_ascii=False), encoding="utf-8")
    result = run(path)  # a JSONL record must be an object: passed through, as JSONL is
    assert "a JSONL record must be an object" in result.stderr.decode()


def test_ocr_lines_report_reads_the_ordered_text(tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps(ocr_page(), ensure_ascii=False), encoding="utf-8")
    result = run("--ocr-lines", page, "--report", tmp_path / "page.html")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "左栏的第一行文字很" in html and "[[0, 0], [90, 0]" not in html  # the lines' text, not the JSON


def test_a_mirrored_page_of_ocr_lines_is_named_as_text():
    from pathlib import Path

    from reflow.cli.args import build_parser, parse_settings
    from reflow.cli.io import _target

    settings = parse_settings(build_parser().parse_args(["--ocr-lines", "in", "-o", "out"]))
    assert _target(settings, False, Path("out/page.json")) == str(Path("out/page.txt"))
    assert _target(settings, False, Path("out/page.JSON.gz")) == str(Path("out/page.txt.gz"))
    # A text input whose name merely holds .json keeps its name.
    assert _target(settings, False, Path("out/notes.json.txt")) == str(Path("out/notes.json.txt"))
    plain = parse_settings(build_parser().parse_args(["in", "-o", "out"]))
    assert _target(plain, False, Path("out/page.json")) == str(Path("out/page.json"))


# -- --pdftotext-layout: a page's columns side by side on each line, put in order first ---

LAYOUT = "左栏的第一行文字很      右栏的第一行文字也\n长，一直写到第二行      很长，写到了第二行\n才结束。                才结束。\n"


def test_pdftotext_layout_from_a_file_stdin_and_jsonl(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(LAYOUT, encoding="utf-8")
    assert run("--pdftotext-layout", page).stdout.decode() == OCR_TEXT
    assert run("--pdftotext-layout", stdin=LAYOUT.encode()).stdout.decode() == OCR_TEXT
    path = records(tmp_path, [{"id": 1, "text": LAYOUT}])
    out = [json.loads(line) for line in run("--pdftotext-layout", path).stdout.decode().splitlines()]
    assert out == [{"id": 1, "text": OCR_TEXT.rstrip("\n")}]
    # Without the flag the lines are read as they come: each paragraph holds both columns' text.
    assert run(page).stdout.decode() != OCR_TEXT


def test_pdftotext_layout_and_ocr_lines_are_two_kinds_of_input(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(LAYOUT, encoding="utf-8")
    result = run("--pdftotext-layout", "--ocr-lines", page)
    assert result.returncode == 2 and b"choose one" in result.stderr and result.stdout == b""
