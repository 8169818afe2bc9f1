"""Generate src/reflow/data/words.txt: the two-character words reflow knows.

A line break inside a word is a wrap, never a paragraph's end (罗伯 / 特,
开 / 展); ``layout.word_cut`` asks this list. It is derived from jieba's
dictionary (https://github.com/fxsjy/jieba, MIT licence, © 2013 Sun Junyi):
the words of two Han characters with a frequency of at least ``--min-freq``,
and their traditional forms (OpenCC s2t), so that pages of either script are
read alike. Nothing else of jieba is used, and jieba is not a dependency.

    pip download jieba==0.42.1 --no-deps -d /tmp/jieba && tar xzf /tmp/jieba/jieba-0.42.1.tar.gz -C /tmp/jieba
    python rust/gen_words.py /tmp/jieba/jieba-0.42.1/jieba/dict.txt

The file holds one line per first character: the character, then every
character that follows it in a word (``一丁万...`` is 一丁, 一万, ...), lines
sorted, so that both engines read it the same way (the native core embeds it
at build time).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "src" / "reflow" / "data" / "words.txt"
#: A frequency below this is noise for our purpose (jieba lists many rare
#: pairs); chosen on the corpus's dev split (see benchmarks/README.md).
MIN_FREQ = 50


def han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def words(path: Path, min_freq: int) -> set[str]:
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        word, freq = parts[0], int(parts[1])
        if len(word) == 2 and all(han(c) for c in word) and freq >= min_freq:
            out.add(word)
    s2t = opencc.OpenCC("s2t")
    out |= {t for w in out if len(t := s2t.convert(w)) == 2 and all(han(c) for c in t)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dict", type=Path, help="jieba's dict.txt")
    ap.add_argument("--min-freq", type=int, default=MIN_FREQ)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    found = words(args.dict, args.min_freq)
    by_first: dict[str, list[str]] = {}
    for w in found:
        by_first.setdefault(w[0], []).append(w[1])
    lines = ["".join([first, *sorted(rest)]) for first, rest in sorted(by_first.items())]
    header = ("# Two-character words (first character, then each second one), derived from jieba's dict.txt\n"
              "# (MIT licence, (c) 2013 Sun Junyi) by rust/gen_words.py: frequency >= "
              f"{args.min_freq}, plus OpenCC s2t forms. {len(found)} words.\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(found)} words, {len(lines)} lines")


if __name__ == "__main__":
    main()
