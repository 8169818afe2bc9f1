"""The HTML report (issue 13): the seed page's report opened in headless Chromium
and checked through its DOM, and plain checks of the document reflow writes.

The Chromium tests skip, saying why, where no Chromium is installed; `.ci/run`
installs it. ``REFLOW_UPDATE_SCREENSHOT=1`` also copies the screenshot of the
seed page's report to docs/report-seed.png (the one the README shows).
"""

from __future__ import annotations

import html
import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reflow
from reflow import Block, Document, Step, explain, parse, report
from reflow.report import DECISIONS, KINDS, write_report, write_report_sample

from conftest import ROOT, SEED

SCREENSHOT_SIZE = (1280, 1600)


# --------------------------------------------------------------------------
# A small DOM from the standard library's HTML parser
# --------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: list, parent: "Node | None") -> None:
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        return [n for n in self.walk()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k) == v for k, v in attrs.items())]

    def child(self, tag: str) -> "Node":
        return next(c for c in self.children if isinstance(c, Node) and c.tag == tag)

    def by_id(self, ident: str) -> "Node":
        found = [n for n in self.walk() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
        return found[0]


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [], None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def dom(document: str) -> Node:
    tree = Tree()
    tree.feed(document)
    tree.close()
    return tree.root


def input_lines(text: str) -> list[str]:
    """The input's lines as the report numbers them (str.splitlines), without terminators."""
    return text.splitlines()


def layout_steps(text: str, **overrides) -> list[Step]:
    return [s for s in explain(text, **overrides) if s.action != "change"]


def expected_kind(block: Block) -> tuple[str, str]:
    """(symbol, label) the report must give a block."""
    key = block.role if block.kind == "headline" and block.role in ("kicker", "subtitle") else block.kind
    _, sym, label, _ = KINDS[key]
    return sym, label


# --------------------------------------------------------------------------
# The seed page in headless Chromium
# --------------------------------------------------------------------------


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result


@pytest.fixture(scope="module")
def seed_in_chromium(tmp_path_factory):
    """(text, Document, the DOM after the report's script ran, the screenshot's path)."""
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no Chromium found (chromium, chromium-browser or google-chrome on PATH); "
                    "`apt-get install chromium fonts-noto-cjk` — .ci/run installs it")
    folder = tmp_path_factory.mktemp("report")
    text = SEED.read_text(encoding="utf-8")
    page = folder / "seed.html"
    write_report(text, page, source=str(SEED.relative_to(ROOT)))
    dumped = run_chromium(binary, folder / "profile", "--dump-dom", page.as_uri()).stdout.decode("utf-8")
    shot = folder / "seed.png"
    w, h = SCREENSHOT_SIZE
    run_chromium(binary, folder / "profile", f"--screenshot={shot}", f"--window-size={w},{h}", page.as_uri())
    if os.environ.get("REFLOW_UPDATE_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "report-seed.png")
    return text, parse(text), dom(dumped), shot


def test_chromium_takes_a_screenshot_of_the_report(seed_in_chromium):
    *_, shot = seed_in_chromium
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == SCREENSHOT_SIZE
    assert len(data) > 50_000  # a page of text and colour, not a blank window


def test_every_input_line_appears_once_in_order(seed_in_chromium):
    text, _, root, _ = seed_in_chromium
    lines = input_lines(text)
    shown = root.all("div", "l")
    assert [int(n.attrs["data-n"]) for n in shown] == list(range(1, len(lines) + 1))
    for node, line in zip(shown, lines):
        if line.strip():
            assert "e" not in node.classes
            assert node.all("span")[-1].text() == line
        else:
            assert "e" in node.classes, f"line {node.attrs['data-n']} is blank"
    assert sum(1 for n in shown if "e" not in n.classes) == sum(1 for line in lines if line.strip())


def test_every_line_is_marked_with_its_kind_and_decision(seed_in_chromium):
    text, doc, root, _ = seed_in_chromium
    symbols = {sym for _, sym, _, _ in KINDS.values()}
    by_number = {int(n.attrs["data-n"]): n for n in root.all("div", "l")}
    for block in doc.blocks:
        sym, _ = expected_kind(block)
        for number in range(block.lines[0], block.lines[1] + 1):
            node = by_number[number]
            if "e" in node.classes:
                continue
            badges = [b.text() for b in node.children if getattr(b, "tag", None) == "b"]
            assert badges and set(badges) <= symbols
            if block.dateline and number == block.lines[0]:
                assert "D" in badges and "kD" in node.classes
            else:
                assert sym in badges, f"line {number}: {badges}, expected {sym}"
    # Each decision: the rule and the reason of explain()'s step, filled in by the script.
    steps = layout_steps(text)
    marks = root.all("i")
    marks = [m for m in marks if "data-r" in m.attrs]
    assert len(marks) == len(steps)
    for mark, step in zip(marks, steps):
        assert mark.attrs.get("tabindex") == "0"
        title = mark.attrs.get("title", "")
        assert title.startswith(f"line {step.line} — ")
        assert step.rule in title and step.reason in title, (step, title)
        group = mark.attrs["class"][1:]
        assert mark.text() == DECISIONS[group][0]
        assert (group == "b") == (step.action == "break")
        assert (group in "jc") == (step.action == "join")


def test_every_block_appears_once_with_its_kind(seed_in_chromium):
    _, doc, root, _ = seed_in_chromium
    shown = root.all("div", "b")
    assert len(shown) == len(doc.blocks)
    for i, (node, block) in enumerate(zip(shown, doc.blocks)):
        assert node.attrs["id"] == f"b{i}"
        assert node.child("p").text() == block.text
        sym, label = expected_kind(block)
        head = node.child("h3")
        assert head.child("b").text() == sym
        assert head.child("i").text() == label
        assert node.attrs["data-k"] == block.kind + (f"/{block.role}" if block.role else "")
        assert f"line {block.lines[0]}" in head.text() or f"lines {block.lines[0]}–{block.lines[1]}" in head.text()
    texts = [n.child("p").text() for n in shown]
    for block in doc.blocks:  # once, even where two blocks read alike
        assert texts.count(block.text) == [b.text for b in doc.blocks].count(block.text)


def test_markers_are_listed_with_their_page_labels(seed_in_chromium):
    _, doc, root, _ = seed_in_chromium
    assert len(doc.markers) == 3
    rows = root.by_id("c-markers").all("tr", "mk")
    assert [r.all("td", "raw")[0].text() for r in rows] == [m.raw for m in doc.markers]
    assert [r.all("td", "pg")[0].text() for r in rows] == [m.page for m in doc.markers]
    assert [r.all("td", "sq")[0].text() for r in rows] == [str(m.seq) for m in doc.markers]


def test_counts_on_top_are_the_page(seed_in_chromium):
    text, doc, root, _ = seed_in_chromium
    cells = {tr.all("td")[0].text(): tr.all("td")[1].text() for tr in root.by_id("c-lines").all("table")[0].all("tr")}
    assert cells["input lines"] == str(len(input_lines(text)))
    assert cells["blocks"] == str(len(doc.blocks))
    assert root.by_id("engine").text() == reflow.engine


# --------------------------------------------------------------------------
# The document, without a browser
# --------------------------------------------------------------------------


def lines_of(document: str) -> list[Node]:
    return dom(document).all("div", "l")


def test_input_is_escaped_and_script_only_ours():
    text = '<script>alert("x")</script> & <b>粗</b>\n\n</div></main><img src=x onerror=alert(1)>\n'
    document = report(text)
    assert document.count("<script") == 1 and document.count("</script>") == 1
    assert "<img" not in document and "<b>粗" not in document
    shown = lines_of(document)
    assert shown[0].all("span")[-1].text() == '<script>alert("x")</script> & <b>粗</b>'
    assert shown[2].all("span")[-1].text() == "</div></main><img src=x onerror=alert(1)>"
    blocks = dom(document).all("div", "b")
    assert "<script>" in blocks[0].child("p").text()


# Text with what HTML and the line splitter care about: markup characters,
# every kind of line end, form feeds, controls, wide and narrow spaces.
RAW = st.text(st.sampled_from(list("株洲日报讯记者，。“”、下转A2版①▲ \u3000\t<>&\"'/=\n\r\f\x0b\x1c\x85\u2028\x00\x07\x7f")) | st.characters(),
              max_size=120)


@settings(max_examples=150, deadline=None, derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "dev")
@given(RAW)
def test_any_text_gives_a_document_with_every_line_and_block_once(text):
    root = dom(report(text))
    assert len(root.all("script")) == 1
    shown = root.all("div", "l")
    lines = text.splitlines()
    assert [int(n.attrs["data-n"]) for n in shown] == list(range(1, len(lines) + 1))
    visible = {c: chr(0x2400 + c) for c in range(0x20) if c != 9} | {0x7F: "\u2421"}
    for node, line in zip(shown, lines):
        assert ("e" in node.classes) == (not line.strip())
        if line.strip():
            assert node.all("span")[-1].text() == line.translate(visible)
    doc = parse(text)
    blocks = root.all("div", "b")
    assert [b.child("p").text() for b in blocks] == [b.text.translate(visible) for b in doc.blocks]


def test_the_document_is_self_contained():
    document = report(SEED.read_text(encoding="utf-8"))
    root = dom(document)
    assert not root.all("link") and not root.all("img") and not root.all("iframe")
    assert all("src" not in n.attrs for n in root.all("script"))
    assert "http://" not in document and "https://" not in document and "@import" not in document
    assert "@media print" in document and "max-width:800px" in document


def test_empty_input_is_a_complete_empty_report():
    for text in ("", "\n\n\n"):
        document = report(text)
        assert document.startswith("<!doctype html>") and document.rstrip().endswith("</html>")
        root = dom(document)
        assert len(root.all("div", "l")) == text.count("\n")
        assert all("e" in n.classes for n in root.all("div", "l"))
        assert root.all("div", "b") == []
        assert root.by_id("c-markers").text().endswith("none")


def test_form_feeds_are_shown_and_lines_numbered_as_the_engine_does():
    text = "第一版的标题\f第二版的标题\n\n株洲日报记者 李逸峰\f\f末页标题\n"
    document = report(text)
    root = dom(document)
    shown = root.all("div", "l")
    assert [int(n.attrs["data-n"]) for n in shown] == list(range(1, len(text.splitlines()) + 1))
    assert len(root.all("div", "ff")) == text.count("\f")
    steps = layout_steps(text)
    numbered = {int(n.attrs["data-n"]): n.all("span")[-1].text() for n in shown if "e" not in n.classes}
    assert {s.line for s in steps} == set(numbered)
    assert numbered[1] == "第一版的标题" and numbered[6] == "末页标题"
    pages = {b.text: b.page for b in parse(text).blocks}
    for node in root.all("div", "b"):
        text_ = node.child("p").text()
        assert (f"input page {pages[text_] + 1}" in node.child("h3").text()) == (pages[text_] > 0)
    cells = {tr.all("td")[0].text(): tr.all("td")[1].text() for tr in root.by_id("c-lines").all("table")[0].all("tr")}
    assert cells["form feeds (pages)"] == "3 (4)"


def test_a_line_of_only_spaces_is_a_blank_line_shown_as_such():
    text = "株洲日报记者 李逸峰\n   \u3000\n株洲日报讯 “我是学林街道三冲社区的工\n"
    shown = lines_of(report(text))
    assert len(shown) == 3
    assert "e" in shown[1].classes and not [m for m in shown[1].all("i") if "data-r" in m.attrs]
    assert shown[1].all("span")[-1].text() == "···□"
    assert "e" not in shown[0].classes and "e" not in shown[2].classes


def test_control_characters_are_visible_not_raw():
    document = report("株洲日报记者\x07 李逸峰\n")
    assert "\x07" not in document
    assert lines_of(document)[0].all("span")[-1].text() == "株洲日报记者\u2407 李逸峰"


def test_each_rule_and_reason_is_written_once():
    text = SEED.read_text(encoding="utf-8")
    document = report(text)
    steps = layout_steps(text)
    distinct = {(s.action, s.rule, s.reason) for s in steps}
    root = dom(document)
    items = root.by_id("R").all("li")
    assert len(items) == len(distinct)
    for action, rule, reason in distinct:
        assert document.count(f"<span>{html.escape(reason, quote=False)}</span>") == 1
    marks = [m for m in root.all("i") if "data-r" in m.attrs]
    assert len(marks) == len(steps)
    assert all(0 <= int(m.attrs["data-r"]) < len(items) and "title" not in m.attrs for m in marks)
    assert len(document.encode()) < 7 * len(text.encode())  # light: a few dozen bytes of markup a line


def test_a_change_past_a_long_unchanged_start_is_outlined_where_it_is():
    text = ("株洲日报讯 “我们会稀释好，对生产车间、食堂、办公楼等进行消毒。”2月 3日，绿斯达生物在株洲高新区领到 6桶消毒液。"
            "这些物资是当天凌晨1时从河北采购回来的。\n")
    quoted = next(s.reason for s in explain(text) if s.rule == "remove_cjk_spaces")
    assert quoted.endswith("…'"), "explain() quotes the whole block: this test needs a longer one"
    block = dom(report(text)).all("div", "b")[0]
    spaced = next(i for i in block.all("li") if i.child("code").text() == "remove_cjk_spaces")
    assert [e.text() for e in spaced.child("del").all("em")] == [" ", " "]
    assert spaced.child("ins").all("em") == []
    assert spaced.child("del").text().startswith("…") and "2月 3日" in spaced.child("del").text()


def test_text_rule_changes_are_shown_before_and_after():
    text = "株洲日报讯 2月 3日，工作人员冒雨卸货。\n"
    changes = [s for s in explain(text) if s.action == "change"]
    assert any(s.rule == "remove_cjk_spaces" for s in changes)
    block = dom(report(text)).all("div", "b")[0]
    items = block.all("li")
    assert [i.child("code").text() for i in items] == [s.rule for s in changes]
    spaced = next(i for i in items if i.child("code").text() == "remove_cjk_spaces")
    assert spaced.child("del").all("em")[0].text() == " " and spaced.child("ins").all("em") == []
    assert "2月 3日" in spaced.child("del").text() and "2月3日" in spaced.child("ins").text()


class RenamingEngine:
    """Another engine: same decisions under rule names and a kind the report has never seen."""

    name = "test-native"

    def parse(self, text, options=None):
        doc = parse(text, options)
        blocks = [Block("sidebar", b.text, b.span, b.marker, b.lines, b.dateline, b.role, b.page)
                  if b.kind == "byline" else b for b in doc.blocks]
        return Document(blocks, {"lines": doc.stats.get("lines", 0), "novel:count": 1})

    def explain(self, text, options=None):
        return [Step(s.line, s.action if s.action != "start" else "begin", "novel_" + s.rule, s.reason, s.kind, s.text)
                for s in explain(text, options)]


def test_rule_names_kinds_and_actions_it_has_not_seen_are_shown():
    text = SEED.read_text(encoding="utf-8")
    document = report(text, engine=RenamingEngine())
    root = dom(document)
    assert root.by_id("engine").text() == "test-native"
    rules = {li.child("code").text() for li in root.by_id("R").all("li")}
    assert rules == {"novel_" + s.rule for s in layout_steps(text)}
    decisions = root.by_id("c-decisions").text()
    assert "novel_column_break" in decisions and "other decision" in decisions
    marks = [m for m in root.all("i") if "data-r" in m.attrs]
    steps = layout_steps(text)
    for mark, step in zip(marks, steps):
        expected = {"join": "dc" if step.rule == "column_break" else None, "break": "db", "start": "do"}[step.action]
        if expected:
            assert mark.attrs["class"] == expected
    sidebars = [n for n in root.all("div", "b") if n.attrs["data-k"] == "sidebar"]
    assert sidebars and all(n.child("h3").child("i").text() == "sidebar" for n in sidebars)
    assert all(n.child("h3").child("b").text() == "?" for n in sidebars)
    # explain() (this engine's) typed those lines byline: the block says parse() settled otherwise.
    assert all("explain() typed these lines byline" in n.all("div", "note")[0].text() for n in sidebars)


def test_a_headline_joined_after_the_layout_is_shown_as_a_join():
    """explain() replays parse(): the seed's wrapped headline (lines 573-575), which a
    pass after the layout joined, is a join on the left, and no block needs a note
    that explain() and parse() disagree."""
    text = SEED.read_text(encoding="utf-8")
    doc = parse(text)
    step = next(s for s in layout_steps(text) if s.line == 575)
    assert (step.action, step.rule) == ("join", "wrapped_headline")
    block = next(i for i, b in enumerate(doc.blocks) if b.lines == (573, 575))
    root = dom(report(text))
    assert not root.by_id(f"b{block}").all("div", "note")
    assert not any(root.by_id(f"b{i}").all("div", "note") for i in range(len(doc.blocks)))


def test_it_names_the_engine(monkeypatch):
    text = "株洲日报记者 李逸峰\n"
    assert dom(report(text)).by_id("engine").text() == reflow.engine
    monkeypatch.setattr(reflow, "engine", "python", raising=False)
    assert dom(report(text)).by_id("engine").text() == "python"
    monkeypatch.setattr(reflow, "engine", "native", raising=False)
    assert dom(report(text)).by_id("engine").text() == "native"
    assert dom(report(text, engine="native")).by_id("engine").text() == "native"
    with pytest.raises(ValueError, match="engine 'python' is not available; this reflow runs 'native'"):
        report(text, engine="python")


def test_bad_arguments_get_a_clear_error():
    with pytest.raises(TypeError, match="report\\(\\) works on str, not bytes; decode bytes first"):
        report("株洲".encode())
    with pytest.raises(TypeError, match="engine must be"):
        report("株洲", engine=42)
    with pytest.raises(TypeError, match="unknown"):
        report("株洲", no_such_option=True)


def test_options_are_named_in_the_report():
    document = report("下转A2版①\n", keep_markers=True)
    assert "options: keep_markers=True" in document
    assert "options: defaults" in report("下转A2版①\n")


def test_write_report_writes_the_document(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    path = write_report(text, tmp_path / "out" / "seed.html", source="seed")
    assert path.read_text(encoding="utf-8") == report(text, source="seed")
    assert [p.name for p in path.parent.iterdir()] == ["seed.html"]  # no temporary file left


def test_a_lone_surrogate_does_not_fail_the_write(tmp_path):
    path = write_report("株洲\ud800日报记者 李逸峰\n", tmp_path / "page.html")
    assert "株洲?日报记者 李逸峰" in path.read_text(encoding="utf-8")


def test_a_sample_of_files_and_records_with_an_index(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("株洲日报记者 李逸峰\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\xff\xfe broken")

    def broken():
        raise ValueError("field 'text' is not a string")

    items = [good, ("corpus.jsonl:2", "云龙建立23个疫情防控心理援助服务微信群\n"), ("corpus.jsonl:3", broken), str(bad)]
    result = write_report_sample(items, tmp_path / "reports", 10)
    assert result.seen == 4
    assert [label for label, _ in result.pages] == [str(good), "corpus.jsonl:2"]
    assert [label for label, _ in result.errors] == ["corpus.jsonl:3", str(bad)]
    assert "not valid utf-8" in result.errors[1][1]
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == sorted(["index.html"] + [p.name for _, p in result.pages])
    index = dom(result.index.read_text(encoding="utf-8"))
    rows = index.by_id("index").all("tr")[1:]
    assert len(rows) == 4
    links = [a.attrs["href"] for a in index.all("a")]
    assert links == [p.name for _, p in result.pages]
    assert "field 'text' is not a string" in rows[2].text()
    assert rows[0].all("td")[2].text() == "1"  # input lines of a.txt


def test_a_sample_is_drawn_reproducibly_and_reads_only_what_it_takes(tmp_path):
    loaded = []

    def item(k):
        def load():
            loaded.append(k)
            return f"第{k}版的标题\n"
        return (f"rec:{k}", load)

    first = write_report_sample((item(k) for k in range(50)), tmp_path / "one", 3, seed=7)
    assert sorted(loaded) == sorted(int(label.split(":")[1]) for label, _ in first.pages)
    second = write_report_sample((item(k) for k in range(50)), tmp_path / "two", 3, seed=7)
    labels = [label for label, _ in first.pages]
    assert labels == [label for label, _ in second.pages] and len(labels) == 3
    assert labels == sorted(labels, key=lambda s: int(s.split(":")[1]))  # input order
    assert first.seen == 50
    other = write_report_sample((item(k) for k in range(50)), tmp_path / "three", 3, seed=8)
    assert [label for label, _ in other.pages] != labels
    with pytest.raises(ValueError, match="at least 1"):
        write_report_sample([], tmp_path / "four", 0)
    with pytest.raises(TypeError, match="a path or a \\(label, text or loader\\) pair"):
        write_report_sample([42], tmp_path / "five", 1)


# --------------------------------------------------------------------------
# The command line: --report and --report-sample
# --------------------------------------------------------------------------


def _cli(*args, cwd):
    import sys

    return subprocess.run([sys.executable, "-m", "reflow", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_cli_writes_the_report_of_one_page(tmp_path):
    out = tmp_path / "seed.html"
    done = _cli(SEED, "--report", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>") and "下转A2版①" in page
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not mkstemp's 0600
    assert done.stdout == ""  # the report is written instead of the text


def test_cli_writes_a_sample_of_reports_with_an_index(tmp_path):
    data = tmp_path / "c.jsonl"
    data.write_text('{"text":"株洲日报记者 李逸峰\\n\\n一段文字。"}\n{"text":"下转A2版①"}\n{"id":3}\n', encoding="utf-8")
    done = _cli(data, "--report", tmp_path / "out", "--report-sample", 5, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names[-1] == "index.html" and len(names) == 3  # two reports; the record without text is listed
    assert "c.jsonl:3" in done.stderr and "no field 'text'" in done.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "c.jsonl:1" in index and "c.jsonl:3" in index


@pytest.mark.parametrize("args", [
    ["--report", "x.html", "c.jsonl"],          # JSONL needs --report-sample
    ["--report-sample", "3", "c.jsonl"],         # a sample needs --report FOLDER
    ["--report", "out", "--report-sample", "0", "c.jsonl"],
    ["--report", "x.html", "--explain", "c.txt"],
])
def test_cli_report_usage_errors(tmp_path, args):
    (tmp_path / "c.jsonl").write_text('{"text":"甲"}\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("甲\n", encoding="utf-8")
    done = _cli(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_cli_version_names_the_engine(tmp_path):
    done = _cli("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"reflow {reflow.__version__} ({reflow.engine} engine)"
