"""Text rules: repair extraction damage, leave correct Chinese text as it is.

Each rule is a small function of one block's text, with a before/after example.
:data:`PIPELINE` applies them in one order, which matters:

1. ``fold_legacy_code_points`` first, so that a vertical ︵ or a Kangxi ⾼ is an
   ordinary character before any rule asks "is this CJK?".
2. ``fold_fullwidth_alnum`` before the spacing rules, so that Ａ２ is a Latin
   token when they look at it.
3. ``collapse_letter_spacing`` before ``widen_punctuation``: A d d ( 地 址 )
   has to be read as one spaced run while its spaces, and its brackets, are
   all still there (widening would strip the spaces inside the brackets).
4. ``widen_punctuation`` before ``remove_cjk_spaces``: in 撑, 一 the space
   belongs to the comma and goes with it.
5. ``remove_cjk_spaces`` (or ``remove_headline_spaces`` in headlines, which
   keeps the spaces that separate headline phrases).
6. ``space_cjk_latin`` last, by ``Options.cjk_latin_spacing``.

What the rules never touch: CJK punctuation (，。“”《》「」), circled numbers,
the ideographic space, English text, numbers, URLs.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from ._lazy import LazyPattern

from . import _engine
from .chars import (
    CJK_CLASS, COMPAT_IDEOGRAPH_TABLE, HAS_CJK, IDEOGRAPH_CLASS, LEGACY_TABLE, SUSPECT_CLASS, address_ends, is_word,
    markdown_marker, may_hold_address, table_row,
)
from .options import Options

_CJK = f"[{CJK_CLASS}]"
_IDEO = f"[{IDEOGRAPH_CLASS}]"
_SP = r"[ \t\u00a0]"

_LEGACY = {**LEGACY_TABLE, **COMPAT_IDEOGRAPH_TABLE}
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
# The blocks the legacy table draws from (a class of ranges scans fast; one of
# 1,300 listed code points does not): radicals, Kangxi radicals, compatibility
# ideographs, vertical forms, compatibility ideographs supplement.
_LEGACY_CHARS = regex.compile(
    "[\u2e80-\u2ef3\u2f00-\u2fd5\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe4f\U0002f800-\U0002fa1f]"
)
_FULLWIDTH_CHARS = regex.compile("[０-９Ａ-Ｚａ-ｚ]")
_SUSPECT = regex.compile(f"[{SUSPECT_CLASS}]")


def fold_legacy_code_points(text: str) -> str:
    """Kangxi radicals, CJK radical supplement forms, vertical presentation forms
    and compatibility ideographs become the characters they stand for.

    PDF text layers map glyphs to these code points by accident; they look right
    and break search, tokenizers and dictionaries.

    >>> fold_legacy_code_points("⾼鐵 港⼤ 局⾧ ︽在晴朗的一天出發︾ ﹁不尋常﹂ ︵謝麗娟攝︶")
    '高鐵 港大 局長 《在晴朗的一天出發》 「不尋常」 （謝麗娟攝）'
    """
    return text.translate(_LEGACY)


def fold_fullwidth_alnum(text: str) -> str:
    """Full-width Latin letters and digits become ASCII; full-width punctuation stays.

    >>> fold_fullwidth_alnum("下转Ａ２版，２０２０年（ｗｉｎ）")
    '下转A2版，2020年（win）'
    """
    return text.translate(_FULLWIDTH_ALNUM)


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# A half-width , : ; ! ? right after a CJK character (spaces around it are
# damage and go with it). Not between digits (3,000 10:30) — a CJK character
# must precede it.
_HALF_PUNCT = regex.compile(
    # (\G: right where the last mark widened ended, its spaces taken: after a
    # full-width mark, so "？ !" widens whole in one pass, as a second would.)
    # (Not the ! of a Markdown image, ![…](…).)
    rf"(?:(?<={_CJK})|(?<=[\s\S])\G){_SP}*+([,:;!?])(?![,:;!?])(?!(?<=!)\[){_SP}*+"
    # … or after a number and before Chinese (增长3.5%, 高于): not 3,000 or 10:30.
    rf"|(?<=[0-9%‰]){_SP}*+([,:;!?])(?![,:;!?])(?!(?<=!)\[){_SP}*+(?={_CJK})"
)
#: The most characters, spaces aside, a bracketed group may hold and widen.
PAIR_CHARS = 200
#: The marks :func:`widen_punctuation` widens, in either width: what a bracket
#: reads beside it is read past them (:func:`_beside`).
_WIDENED = frozenset("(),:;!?（），：；！？")


def widen_punctuation(text: str) -> str:
    """Half-width , : ; ! ? ( ) inside Chinese text become full-width.

    A mark directly after a CJK character is Chinese punctuation set in the
    wrong width (one e-paper's text layer does it throughout); in Latin or
    numeric context it stays.

    >>> widen_punctuation("逆水行舟用力撑, 一篙松劲退千寻")
    '逆水行舟用力撑，一篙松劲退千寻'
    >>> widen_punctuation("中晟全肽:向全球 社区(村) 10:30 3,000 (AAP) in English")
    '中晟全肽：向全球 社区（村） 10:30 3,000 (AAP) in English'
    >>> widen_punctuation("增长3.5%, 高于预期 Hello, 世界")
    '增长3.5%，高于预期 Hello, 世界'

    A Chinese name glossed in an English sentence keeps the sentence's
    brackets (:func:`_english_gloss`).

    A mark after one it widened is after Chinese punctuation: it widens in the
    same pass (OCR's "? !"), so that the output widens no further.

    >>> widen_punctuation("竟可以停止计算羁押期限? !")
    '竟可以停止计算羁押期限？！'

    Brackets are read in pairs, the inner pair first (:func:`_pairs`), and a
    pair is read as its second reading will read it: around a pair it widened
    (记者(实习)张三), beside a mark it widens ((a)(香港), 中,(a)), and its
    length counted without the spaces the later rules take out. Each used to
    widen only on a second pass (tests/damage_search.py, session
    53), so that reflow's output was not its own reading.

    >>> widen_punctuation("据报道(记者(实习)张三)今天"), widen_punctuation("(a)(香港) 中,(b)")
    ('据报道（记者（实习）张三）今天', '（a）（香港） 中，（b）')

    Markdown's inline links and images keep their marks: the ``(`` after a
    ``]`` and the ``!`` before a ``[``.

    >>> widen_punctuation("详见[新华网](http://x.cn/a)。见图![示意](a.png)")
    '详见[新华网](http://x.cn/a)。见图![示意](a.png)'
    """
    if "(" in text or ")" in text:
        text = _widen_pairs(text)  # first: （ then counts as CJK for :
    return _HALF_PUNCT.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)


def _pairs(text: str) -> list[tuple[int, int]]:
    """The bracket pairs of *text* (the positions of their ``(`` and ``)``):
    each ``)`` closes the nearest ``(`` still open before it; in the order they
    close (an inner pair before the pair around it); none across a line break.

    >>> _pairs("(a(b)c) ) (d")
    [(2, 4), (0, 6)]
    """
    out = []
    opened: list[int] = []
    for k, c in enumerate(text):
        if c == "(":
            opened.append(k)
        elif c == ")" and opened:
            out.append((opened.pop(), k))
        elif c == "\n":
            opened.clear()
    return out


def _beside(text: str, k: int, ends: tuple[list[int], list[int]]) -> str:
    """The character a bracket reads beside it, *k* the position next to it:
    ``text[k]``; but where a run of spaces and of the marks this rule widens
    (:data:`_WIDENED`), one mark at least, starts at *k*, the character past
    the run — a mark is the same run whichever its width, and the spaces beside
    it go when it widens. "" past the text's end or at a line break. *ends*:
    where the runs starting at each position end, of spaces and marks and of
    spaces alone, in the direction read (:func:`_run_ends`)."""
    if not 0 <= k < len(text):
        return ""
    run, spaces = ends
    if run[k] == spaces[k]:  # no mark in the run (or no run): the character next to the bracket
        return text[k]
    end = run[k]
    return text[end] if 0 <= end < len(text) and text[end] != "\n" else ""


def _run_ends(text: str, step: int, inside) -> list[int]:
    """For each position, the first position past the run of characters
    *inside* accepts that starts there, read in the direction *step* (1 or -1)."""
    n = len(text)
    out = [0] * n
    for k in (range(n - 1, -1, -1) if step == 1 else range(n)):
        nxt = k + step
        out[k] = (out[nxt] if 0 <= nxt < n else nxt) if inside(text[k]) else k
    return out


def _in_run(c: str) -> bool:
    return c != "\n" and (c in _WIDENED or c.isspace())


def _is_space(c: str) -> bool:
    return c != "\n" and c.isspace()


def _widen_pairs(text: str) -> str:
    """The bracket pairs of *text* that stand in Chinese (:func:`_pairs`) set
    full width, the spaces just inside them taken out: a pair beside CJK
    (:func:`_beside`), or one that holds CJK and is no gloss in an English
    sentence (:func:`_english_gloss`); not a Markdown link's target (after
    ``]``), nor a pair of more than :data:`PAIR_CHARS` characters, spaces
    aside. What a pair holds is read with the pairs inside it as they were
    (their CJK is the same), so the pairs can be read in any order."""
    pairs = _pairs(text)
    if not pairs:
        return text
    n = len(text)
    # (Counts before each position: linear, however deep the pairs nest.)
    cjk = [0] * (n + 1)
    solid = [0] * (n + 1)
    for k, c in enumerate(text):
        cjk[k + 1] = cjk[k] + (HAS_CJK.match(c) is not None)
        solid[k + 1] = solid[k] + (not c.isspace())
    forward = (_run_ends(text, 1, _in_run), _run_ends(text, 1, _is_space))
    backward = (_run_ends(text, -1, _in_run), _run_ends(text, -1, _is_space))
    out = list(text)
    for s, e in pairs:
        if (s and text[s - 1] == "]") or solid[e] - solid[s + 1] > PAIR_CHARS:
            continue  # a Markdown link's or image's target: [新华网](http://…); or too long
        before, after = _beside(text, s - 1, backward), _beside(text, e + 1, forward)
        if (HAS_CJK.match(before) or HAS_CJK.match(after)
                or (cjk[e] > cjk[s + 1] and not _english_gloss(text, s, e + 1))):
            out[s], out[e] = "（", "）"
            k = s + 1
            while k < e and text[k].isspace():
                out[k] = ""
                k += 1
            k = e - 1
            while k > s and text[k].isspace():
                out[k] = ""
                k -= 1
            _squeeze_beside(text, out, s, -1)
            _squeeze_beside(text, out, e, 1)
    return "".join(out)


def _squeeze_beside(text: str, out: list[str], k: int, step: int) -> None:
    """A run of two spaces or more (``[ \\t\\u00a0]``) right outside the
    bracket at *k* it widened, on the side *step*, becomes one space: the
    bracket is Chinese now, and a paragraph's rules squeeze a run beside
    Chinese (:func:`squeeze_cjk_spaces`, which ran while it was not).

    >>> widen_punctuation("abc  (中文)  的")
    'abc （中文） 的'
    """
    j = k + step
    while 0 <= j < len(text) and text[j] in " \t\u00a0":
        j += step
    if abs(j - k) > 2:
        for m in range(k + step, j, step):
            out[m] = ""
        out[k + step] = " "


def _english_gloss(whole: str, s: int, e: int) -> bool:
    """Is the bracketed group ``whole[s:e]`` set in English — a space before
    it, after a Latin letter or digit, and after it the end, an ASCII mark, or
    a space and a Latin letter or digit? Then a Chinese name in it is a gloss
    in an English sentence, and its brackets stay as the sentence set them.

    >>> widen_punctuation("The Ministry of Education (教育部) announced it."), widen_punctuation("据 Reuters (路透社) 报道")
    ('The Ministry of Education (教育部) announced it.', '据 Reuters （路透社） 报道')
    """
    k = s
    while k and whole[k - 1] == " ":
        k -= 1
    if k == s or not k or not (whole[k - 1].isascii() and whole[k - 1].isalnum()):
        return False
    if e == len(whole) or whole[e] in ".,;:!?":
        return True
    k = e
    while k < len(whole) and whole[k] == " ":
        k += 1
    return k > e and (k == len(whole) or (whole[k].isascii() and whole[k].isalnum()))


#: Marks that head a field of a page, set against its first character (●星期一,
#: ■记者, ▲图, ★本报讯): a letter-spaced run may start with one (:func:`collapse_letter_spacing`).
FIELD_MARKS = "●○◎■□▲△▼▽◆◇★☆•※"
# Three or more single characters separated by single spaces (the first may
# carry a field mark).
_SPACED_RUN = regex.compile(rf"(?<!\S)[{FIELD_MARKS}]?\S(?:[ ]\S(?!\S)){{2,}}")


def collapse_letter_spacing(text: str) -> str:
    """A run of three or more single characters separated by spaces is one
    letter-spaced word: its spaces go. Only runs that hold or touch Chinese are
    collapsed, so that English ("x = a + b") is left alone. The run's first
    character may carry a mark that heads a field (:data:`FIELD_MARKS`: a page
    letter-spaced its date line as 2 0 1 3 年 1 0 月 7 日 ●星 期 一).

    >>> collapse_letter_spacing("2 0 1 3 年 1 0 月 7 日 ●星 期 一")
    '2013年10月7日 ●星期一'
    >>> collapse_letter_spacing("A d d ( 地 址 )")
    'Add(地址)'
    >>> collapse_letter_spacing("I am a b c")
    'I am a b c'
    """
    if " " not in text:
        return text
    return _SPACED_RUN.sub(_collapse_run, text)


def _collapse_run(m: regex.Match) -> str:
    run, whole = m.group(0), m.string
    s, e = m.span()
    # (a field mark set against the first character says nothing of the run's script)
    marked = run[0] in FIELD_MARKS and run[1] != " "
    if HAS_CJK.search(whole, s + marked, e):
        return run.replace(" ", "")
    near = whole[max(0, s - 2): s] + whole[e: e + 2]
    return run.replace(" ", "") if HAS_CJK.search(near) else run


# Spaces between two CJK characters (punctuation included).
_CJK_CJK = regex.compile(rf"(?<={_CJK}){_SP}++(?={_CJK})")
# Spaces between a CJK character and a number (a number: digits with . , % ‰,
# not part of a Latin token such as 2019-nCoV or COVID-19).
_CJK_NUM = regex.compile(rf"(?<={_CJK}){_SP}++(?=[0-9][0-9.,%‰]*+(?![A-Za-z_\-/]))")
_NUM_CJK = regex.compile(rf"(?<![A-Za-z0-9_\-/.])([0-9][0-9.,%‰]*+){_SP}++(?={_CJK})")


def _sub_spaces(pattern: regex.Pattern, repl, text: str, addresses: bool = True) -> str:
    """``pattern.sub(repl, text)`` for a rule that takes out spaces, save that
    a match holding the start of a run of spaces that ends a web or mail
    address (:func:`reflow.chars.address_ends`) is left as it is: the address
    would otherwise run on into the text after it
    (https://baike.baidu.com/item/新冠 了解 must not become …/新冠了解).
    *addresses*: false where the caller knows the text holds no address opener
    (:func:`reflow.chars.may_hold_address`, asked once for a rule's subs).

    >>> _sub_spaces(_CJK_CJK, "", "访问 https://baike.baidu.com/item/新冠 了解 更多")
    '访问 https://baike.baidu.com/item/新冠 了解更多'
    """
    ends = address_ends(text) if addresses else []
    if not ends:
        return pattern.sub(repl, text)

    def sub(m: regex.Match) -> str:
        if any(m.start() <= e < m.end() for e in ends):
            return m.group()
        return repl(m) if callable(repl) else m.expand(repl)

    return pattern.sub(sub, text)


def remove_cjk_spaces(text: str) -> str:
    """Remove spaces that extraction put between CJK characters, and between
    CJK characters and numbers. Spaces in Latin phrases stay.

    >>> remove_cjk_spaces("2月 3日晚上 派出 4 个 近 200家企业 1.8余万职工")
    '2月3日晚上派出4个近200家企业1.8余万职工'
    >>> remove_cjk_spaces("的 法 宝 。人 民 军 队 的“ 三 大")
    '的法宝。人民军队的“三大'
    >>> remove_cjk_spaces("抗 2019-nCoV 新药 该 PCT 专利")
    '抗 2019-nCoV 新药该 PCT 专利'

    A row of a table set as text keeps its cells apart (``chars.table_row``).

    >>> remove_cjk_spaces("北京 晴 15℃/3℃")
    '北京 晴 15℃/3℃'
    """
    if " " not in text and "\t" not in text and "\u00a0" not in text or table_row(text):
        return text
    addresses = may_hold_address(text)
    text = _sub_spaces(_CJK_CJK, "", text, addresses)
    text = _sub_spaces(_CJK_NUM, "", text, addresses)
    return _sub_spaces(_NUM_CJK, r"\1", text, addresses)


# In a headline: a space next to a single CJK character (a letter-spaced
# headline: 安 倍) or next to punctuation goes; a space between two phrases stays.
_HEADLINE_SPACE = LazyPattern(
    rf"(?:(?<=(?<!{_IDEO}){_IDEO})|(?<=[{CJK_CLASS}--{IDEOGRAPH_CLASS}])){_SP}++(?={_CJK})"
    rf"|(?<={_CJK}){_SP}++(?={_IDEO}(?!{_IDEO}))"
    rf"|(?<={_CJK}){_SP}++(?=[{CJK_CLASS}--{IDEOGRAPH_CLASS}])",
    regex.V1,
)


_SP_RUN = regex.compile(rf"{_SP}++")


def _splits_word(text: str, a: int, b: int) -> bool:
    """Does the run of spaces ``text[a:b]`` stand inside a word: the
    characters on either side a word together (政 策), neither a word with its
    other neighbour (名单 一等, 大学 学生会: two phrases that meet in a pair)?"""
    if a < 1 or b >= len(text) or not is_word(text[a - 1] + text[b]):
        return False
    return not (a >= 2 and is_word(text[a - 2:a])) and not (b + 1 < len(text) and is_word(text[b:b + 2]))


def remove_headline_spaces(text: str) -> str:
    """In headlines, keep the spaces that separate phrases; remove the ones
    that letter-space single characters, touch punctuation or numbers, or
    stand inside a word — a line break an extraction turned into a space
    (能源政 策, 渡江戰 役: the two characters are a word of the list, and
    neither is one with its other neighbour).

    >>> remove_headline_spaces("全力以赴 保障疫情防控物资供应")
    '全力以赴 保障疫情防控物资供应'
    >>> remove_headline_spaces("安 倍 於 律 敦 治 醫 院 離 世")
    '安倍於律敦治醫院離世'
    >>> remove_headline_spaces("云龙建立 23 个微信群"), remove_headline_spaces("上证指数 3245.67 +1.23%")
    ('云龙建立23个微信群', '上证指数 3245.67 +1.23%')
    >>> remove_headline_spaces("能源政 策的調整與渡江戰 役的紀念"), remove_headline_spaces("获奖名单 一等奖")
    ('能源政策的調整與渡江戰役的紀念', '获奖名单 一等奖')
    """
    if " " not in text and "\t" not in text and "\u00a0" not in text or table_row(text):
        return text
    # (Both tests read the text as it came: the runs go together.)
    addresses = may_hold_address(text)
    text = _sub_spaces(_SP_RUN, lambda m: "" if _HEADLINE_SPACE.match(m.string, m.start())
                       or _splits_word(m.string, *m.span()) else m.group(), text, addresses)
    text = _sub_spaces(_CJK_NUM, "", text, addresses)
    return _sub_spaces(_NUM_CJK, r"\1", text, addresses)


_IDEO_LATIN_SPACE = regex.compile(rf"(?<={_IDEO}){_SP}++(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%]){_SP}++(?={_IDEO})")
_IDEO_LATIN_TOUCH = regex.compile(rf"(?<={_IDEO})(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?={_IDEO})")


def remove_cjk_latin_spaces(text: str) -> str:
    """``cjk_latin_spacing="remove"``: no space between Chinese and Latin words.

    >>> remove_cjk_latin_spaces("该 PCT 专利")
    '该PCT专利'
    """
    return _sub_spaces(_IDEO_LATIN_SPACE, "", text)


def add_cjk_latin_spaces(text: str) -> str:
    """``cjk_latin_spacing="add"``: one space between Chinese and Latin words
    and numbers, as pangu does.

    >>> add_cjk_latin_spaces("该PCT专利 抗2019-nCoV新药")
    '该 PCT 专利 抗 2019-nCoV 新药'
    """
    return _IDEO_LATIN_TOUCH.sub(" ", text)


_CJK_SPACE_RUN = regex.compile(rf"(?<={_CJK}){_SP}{{2,}}|{_SP}{{2,}}(?={_CJK})")


def squeeze_cjk_spaces(text: str) -> str:
    """In running text, a run of spaces next to a Chinese character is one
    space. OCR pads the gap between two pieces it read across a gutter or a
    picture with runs of spaces (透圖哥                SRS); a paragraph keeps
    the one space that may part a Chinese word from a Latin one, and the
    runs between Latin words (English passes through intact). Headlines and
    bylines squeeze every run (:func:`squeeze_spaces`), so a block that reads
    as a paragraph once and as a headline once comes out alike.

    >>> squeeze_cjk_spaces("廣州女律師“透圖哥      SRS OO  REF受辱")
    '廣州女律師“透圖哥 SRS OO  REF受辱'
    """
    if "  " not in text and "\t" not in text and "\u00a0" not in text:
        return text
    return _CJK_SPACE_RUN.sub(" ", text)


_MULTI_SPACE = regex.compile(r"[ \t\u00a0]{2,}")


def squeeze_spaces(text: str) -> str:
    """Runs of ASCII spaces and tabs become one space (never the ideographic space).

    >>> squeeze_spaces("株洲日报记者  李逸峰")
    '株洲日报记者 李逸峰'
    """
    return _MULTI_SPACE.sub(" ", text)


_ANY_SPACE = regex.compile(r"\s+")


def drop_spaces(text: str) -> str:
    """A jump marker has no spaces on the page; OCR put them in.

    >>> drop_spaces("下 转 A2 版 ①")
    '下转A2版①'
    """
    return _ANY_SPACE.sub("", text)


def count_suspect(text: str) -> int:
    """Private-use and replacement characters: glyphs the extraction could not
    name. They are kept, and counted, never dropped.

    >>> count_suspect("中\\ue000文\\ufffd")
    2
    """
    return len(_SUSPECT.findall(text))


Rule = Callable[[str], str]

#: (rule, the Options field that switches it) in the order they run, per block kind.
_COMMON: tuple[tuple[Rule, str], ...] = (
    (fold_legacy_code_points, "fold_legacy"),
    (fold_fullwidth_alnum, "fold_fullwidth_alnum"),
)
PIPELINE: dict[str, tuple[tuple[Rule, str], ...]] = {
    # Paragraphs keep runs of spaces between Latin words as they are (English
    # passes through intact); bylines and headlines squeeze them.
    # A run of spaces next to Chinese is squeezed first, so that the rules
    # after it read the neighbours a second reading will read (widen_punctuation
    # looks at the characters beside a bracket).
    "paragraph": _COMMON + (
        (squeeze_cjk_spaces, "fix_spacing"),
        (collapse_letter_spacing, "fix_spacing"),
        (widen_punctuation, "fix_punctuation_width"),
        (remove_cjk_spaces, "fix_spacing"),
    ),
    # Letter-spaced digits (2 0 1 3 年) collapse first: remove_headline_spaces
    # takes out the spaces that touch Chinese, not those between digits.
    "headline": _COMMON + (
        (squeeze_spaces, "fix_spacing"),
        (collapse_letter_spacing, "fix_spacing"),
        (widen_punctuation, "fix_punctuation_width"),
        (remove_headline_spaces, "fix_spacing"),
    ),
    # Bylines keep the spaces between their fields:
    # （本报记者 李楠 张茜茜）, 香港文匯報訊（記者 蘇榕蓉 福州報道）.
    # Letter-spaced damage (本 报 讯 （ 记 者 徐 霞 ）) collapses here too: a run of
    # single characters, three at least; names of two or more characters keep
    # the spaces between them.
    "byline": _COMMON + ((squeeze_spaces, "fix_spacing"), (collapse_letter_spacing, "fix_spacing"),
                         (widen_punctuation, "fix_punctuation_width")),
    "marker": _COMMON + ((drop_spaces, "fix_spacing"),),
}
PIPELINE["subheading"] = PIPELINE["headline"]
PIPELINE["caption"] = PIPELINE["headline"]  # a caption's credit keeps its spaces: 记者 张三摄
PIPELINE["furniture"] = PIPELINE["byline"]
# A dateline keeps the spaces between its fields as a headline keeps those
# between its phrases (香港文匯報訊（記者 蘇榕蓉 福州報道）), and loses those the
# headline rules take out: next to a single character or a mark (8月19日 电,
# （记 者 张杰桂）, 电 （记者). Only its own spacing lets it read as a dateline
# again: read back from reflow's output, 新华社北京8月19日 电 同时… is no dateline
# (the letter-spaced line it came from was read with its spaces taken out) and
# its spaces went with the paragraph's rules (generated pages: 10 of 9,000 read
# back changed so, of 23 in all; tests/test_properties.py).
PIPELINE["dateline"] = PIPELINE["headline"]

#: The rules the ``cjk_latin_spacing`` option adds to a pipeline (see :func:`_with_latin_spacing`).
_LATIN_SPACING = {"remove": remove_cjk_latin_spaces, "add": add_cjk_latin_spaces}


def _with_latin_spacing(rules: list[Rule], spacing: str) -> list[Rule]:
    """*rules* with the ``cjk_latin_spacing`` option's rules: "remove" takes the
    spaces between Chinese and Latin out right after the folds, "add" takes them
    out there too and puts one back as the last rule. The rules between read
    the text as they will read reflow's own output again: a space "add" put
    between 比分为 and 3 made ``3 : 2`` a run of single characters, which
    :func:`collapse_letter_spacing` took in on the second pass (比分为 3:2),
    and one "remove" took out last changed which spaces of a headline read as
    letter-spacing. Applied twice, the pipelines give what they gave once.

    >>> [r.__name__ for r in _with_latin_spacing([fold_fullwidth_alnum, widen_punctuation], "add")]
    ['fold_fullwidth_alnum', 'remove_cjk_latin_spaces', 'widen_punctuation', 'add_cjk_latin_spaces']
    """
    if spacing not in ("remove", "add"):
        return rules
    folds = sum(1 for rule in rules if rule in (fold_legacy_code_points, fold_fullwidth_alnum))
    out = rules[:folds] + [remove_cjk_latin_spaces] + rules[folds:]
    return out + [add_cjk_latin_spaces] if spacing == "add" else out


def fold_characters(text: str, options: Options) -> tuple[str, dict[str, int]]:
    """The one-to-one character folds, applied to the whole input before layout.

    ``fold_legacy_code_points`` and ``fold_fullwidth_alnum`` map one character
    to one character, so offsets into the input stay exact; running them first
    lets the layout rules see ︵ as （ and Ａ２ as A2, on the first pass as on
    any later one. Returns the folded text and the characters changed per rule.
    """
    counts: dict[str, int] = {}
    if not options.normalize:
        return text, counts
    if _engine.native is not None:  # the native core (see _engine): same result
        return _engine.fold_characters(text, options)
    if options.fold_legacy:
        n = sum(1 for ch in _LEGACY_CHARS.findall(text) if ord(ch) in _LEGACY)
        if n:
            text = fold_legacy_code_points(text)
            counts["fold_legacy_code_points"] = n
    if options.fold_fullwidth_alnum:
        n = len(_FULLWIDTH_CHARS.findall(text))
        if n:
            text = fold_fullwidth_alnum(text)
            counts["fold_fullwidth_alnum"] = n
    return text, counts


def normalize(text: str, kind: str = "paragraph", options: Options | None = None) -> str:
    """Apply the text rules for a block of *kind* to one string, as reflow does
    (and the OpenCC conversion, when ``options.convert`` asks for it).

    >>> normalize("逆水行舟用力撑, 一篙松劲退千寻 2月 3日")
    '逆水行舟用力撑，一篙松劲退千寻2月3日'
    >>> normalize("全力以赴 保障疫情防控物资供应", "headline")
    '全力以赴 保障疫情防控物资供应'
    """
    options = options or Options()
    text, _ = fold_characters(text, options)
    text = Normalizer(options, count=False)(text, kind)
    if options.convert and kind != "marker":
        from .convert import convert_text

        text = convert_text(text, options.convert)
    return text


def changed_characters(before: str, after: str) -> int:
    """How many characters a rule changed: spaces it added or removed, and
    characters it replaced (every rule here replaces one character by one, or
    adds or removes spaces, so the texts without spaces align).

    >>> changed_characters("撑, 一", "撑，一"), changed_characters("2月 3日", "2月3日")
    (2, 1)
    """
    a, b = before.replace(" ", ""), after.replace(" ", "")
    spaces = abs((len(before) - len(a)) - (len(after) - len(b)))
    return spaces + sum(map(str.__ne__, a, b)) + abs(len(a) - len(b))


class Normalizer:
    """Applies the rules for a block kind under one set of Options, and keeps
    count of the characters each rule changed, by rule name."""

    def __init__(self, options: Options, count: bool = True) -> None:
        self.options = options
        self.count = count
        self.counts: dict[str, int] = {}
        self._pipelines: dict[str, tuple[Rule, ...]] = {}
        for kind, rules in PIPELINE.items():
            chosen = [rule for rule, field in rules if options.normalize and getattr(options, field)]
            if options.normalize and kind in ("paragraph", "subheading", "headline", "caption"):
                chosen = _with_latin_spacing(chosen, options.cjk_latin_spacing)
            self._pipelines[kind] = tuple(chosen)
        self._native = _engine.native_pipelines(self._pipelines)  # None: the Python engine

    def __call__(self, text: str, kind: str, trace: list | None = None) -> str:
        """*text* after the rules of *kind*, in order. The marker of a Markdown
        heading or list item that opens it (``# ``, ``- ``:
        :func:`~reflow.chars.markdown_marker`) is left as it is; the rules
        read the rest."""
        if self._native is not None and kind in self._native:  # the native core: same result
            return _engine.apply_rules(self, text, self._native[kind], trace)
        head = text[:markdown_marker(text)]
        body = text[len(head):]
        for rule in self._pipelines.get(kind, ()):
            new = rule(body)
            if new != body:
                if self.count:
                    self.counts[rule.__name__] = self.counts.get(rule.__name__, 0) + changed_characters(body, new)
                if trace is not None:
                    trace.append((rule.__name__, head + body, head + new))
                body = new
        return head + body
