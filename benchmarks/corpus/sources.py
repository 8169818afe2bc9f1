"""Source articles for the corpus: real ones from a fetched snapshot, or the project's own.

Real text comes from a bare git snapshot of Terminus2049/Terminus2049.github.io (2018–2020
reposts of mainland print media, markdown under ``_posts``). It is read in place with
``git show`` and never copied into the repository: the generated corpus lives outside it.

The project's own text (``own_text.py`` beside this file) is original writing and is the
only text used for the committed CI pages.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field

SNAPSHOT = "/work/.mirror/Terminus2049+Terminus2049.github.io/repo"

CJK = re.compile(r"[\u3400-\u9fff]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+>?")
_TAG = re.compile(r"<[^>]{1,200}>")
_EMPH = re.compile(r"(\*\*|__|~~|\*|`)")
# Spaces next to CJK characters or full-width punctuation are a web habit, not print.
_CJK_PUNCT = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—·"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK_PUNCT}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK_PUNCT}])")
_SKIP = re.compile(r"^(来源|原文|原标题|文章来自|作者|文\s*[/／|｜]|编辑|责编|本文|图片|图\s*[/／|｜]|By |C = |点击|长按|扫描|关注|转载|欢迎|注[：:]|参考|延伸阅读|相关阅读)")


@dataclass
class Article:
    """One source article: an id, a title and its body parts in order."""

    id: str
    title: str
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("paragraph"|"subheading", text)

    @property
    def split(self) -> str:
        """dev or test, fixed by the article id (about 70/30)."""
        return split_of(self.id)

    def chars(self) -> int:
        return sum(len(t) for _, t in self.parts)


#: The marks a page set without punctuation leaves out: clause and sentence marks, quotes,
#: brackets, dashes and ellipses (the set ``benchmarks/accuracy.py --no-marks`` takes out of
#: an extraction and its gold; here they go before typesetting).
MARKS = re.compile(r"[，。、；：？！“”‘’「」『』（）《》【】—…,.;:?!()]")


def without_marks(article: Article) -> Article:
    """*article* as a page set without punctuation prints it: :data:`MARKS` out of its
    title and parts (parts left empty dropped).

    >>> a = without_marks(Article("x", "“好”新闻：一", [("paragraph", "他说，好。"), ("paragraph", "——")]))
    >>> a.title, a.parts
    ('好新闻一', [('paragraph', '他说好')])
    """
    parts = [(kind, MARKS.sub("", text)) for kind, text in article.parts]
    return Article(article.id, MARKS.sub("", article.title), [(k, t) for k, t in parts if t.strip()])


def split_of(article_id: str) -> str:
    h = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16)
    return "test" if h % 10 < 3 else "dev"


def clean_inline(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    text = _TAG.sub("", text)
    text = _EMPH.sub("", text)
    text = text.replace("\\", "")
    # Characters outside the BMP (emoji, rare ideographs) and controls: fonts lack them.
    text = "".join(ch for ch in text if ord(ch) < 0x10000 and (ch == " " or unicodedata.category(ch)[0] != "C")
                   and unicodedata.category(ch) != "So")
    text = _SPACE_CJK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def cjk_share(text: str) -> float:
    return len(CJK.findall(text)) / max(1, len(text))


def parse_post(post_id: str, markdown: str) -> Article | None:
    """An Article from a Jekyll post, or None when it has too little clean prose."""
    m = re.match(r"^---\n(.*?)\n---\n", markdown, re.S)
    if not m:
        return None
    front, body = m.group(1), markdown[m.end():]
    t = re.search(r"^title:\s*(.+)$", front, re.M)
    title = clean_inline(t.group(1).strip().strip("\"'")) if t else ""
    title = re.split(r"\s*[|｜]\s*", title)[0]
    if not title or cjk_share(title) < 0.5 or len(title) > 40:
        return None
    parts: list[tuple[str, str]] = []
    for raw in re.split(r"\n\s*\n", body):
        lines = [ln.strip() for ln in raw.strip().splitlines()]
        if not lines or lines[0].startswith(("|", "```", "<table", "* ", "- ", "1. ")):
            continue
        head = re.match(r"^#{1,6}\s*(.+)$", lines[0])
        if head and len(lines) == 1:
            text = clean_inline(head.group(1))
            if 2 <= len(text) <= 20 and cjk_share(text) > 0.6 and parts:
                parts.append(("subheading", text))
            continue
        text = clean_inline("".join(re.sub(r"^>\s?", "", ln) for ln in lines))
        if len(text) < 25 or cjk_share(text) < 0.6 or _SKIP.match(text):
            continue
        if len(text) > 700:  # very long web paragraphs: split at a sentence end
            pieces = re.findall(r".{200,500}?[。！？](?:[”」’])?|.+$", text)
            parts.extend(("paragraph", p) for p in pieces if p)
        else:
            parts.append(("paragraph", text))
    while parts and parts[-1][0] == "subheading":
        parts.pop()
    paragraphs = [t for k, t in parts if k == "paragraph"]
    if len(paragraphs) < 4 or sum(map(len, paragraphs)) < 800:
        return None
    return Article(post_id, title, parts)


def load_snapshot(git_dir: str = SNAPSHOT, limit: int | None = None) -> list[Article]:
    """Every usable article of the snapshot, in path order (deterministic)."""
    names = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD", "_posts"],
                           check=True, capture_output=True, text=True).stdout.split()
    names = sorted(n for n in names if n.endswith((".md", ".markdown")))
    # One `git cat-file --batch` for all posts: 600 `git show` processes would take longer.
    proc = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"], check=True,
                          input="".join(f"HEAD:{n}\n" for n in names).encode(), capture_output=True)
    out, pos, articles = proc.stdout, 0, []
    for name in names:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if header[-1] == b"missing":
            pos = header_end + 1
            continue
        size = int(header[2])
        blob = out[header_end + 1: header_end + 1 + size].decode("utf-8", "replace")
        pos = header_end + 1 + size + 1
        art = parse_post(name, blob)
        if art:
            articles.append(art)
            if limit and len(articles) >= limit:
                break
    return articles


if __name__ == "__main__":
    arts = load_snapshot()
    print(len(arts), "articles;", sum(a.split == "dev" for a in arts), "dev")
    for a in arts[:3]:
        print(a.id, a.title, a.chars(), a.parts[:3])
