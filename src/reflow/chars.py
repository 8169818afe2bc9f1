"""The vocabulary of reflow: character classes, widths and small tables.

Every other module takes its notion of "a CJK character", "terminal punctuation"
or "a Kangxi radical" from here, so that one decision is written down once.

Regex fragments are plain strings meant to be composed into ``regex`` patterns
(character-class *contents*, without the surrounding brackets, end in ``_CLASS``).
"""

from __future__ import annotations

import unicodedata

import regex

# --------------------------------------------------------------------------
# Character classes (contents of a [...] class, for the `regex` module)
# --------------------------------------------------------------------------

#: Han ideographs, including Extension A-G, compatibility ideographs and the
#: radicals blocks (\p{Han} covers all of them), plus 〇 and the iteration mark 々.
HAN_CLASS = r"\p{Han}〇々"

#: Japanese kana and Korean hangul: they behave like Han for spacing.
KANA_HANGUL_CLASS = r"\p{Hiragana}\p{Katakana}\p{Hangul}ー"

#: CJK punctuation as printed in Chinese text (full-width forms).
#: U+3001-U+3011 、。〃〄々〆〇〈〉《》「」『』【】, U+3014-U+301F 〔〕〖〗〘〙〚〛〜〝〞〟,
#: U+FF01-U+FF0F and friends ！＂＃％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～,
#: the curly quotes “”‘’ (East Asian "ambiguous"), the ellipsis … and the dashes —.
CJK_PUNCT_CLASS = (
    r"\u3001-\u3003\u3008-\u3011\u3014-\u301F"
    r"\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65"
    r"“”‘’…—·•・"
)

#: What counts as "CJK" for spacing and punctuation-width decisions.
CJK_CLASS = HAN_CLASS + KANA_HANGUL_CLASS + CJK_PUNCT_CLASS

#: Finds any CJK character (``HAS_CJK.search(text)``): Chinese text, not Latin.
HAS_CJK = regex.compile(f"[{CJK_CLASS}]")

#: Ideographs only (no punctuation): used where a rule needs "a word character".
IDEOGRAPH_CLASS = HAN_CLASS + KANA_HANGUL_CLASS

#: Punctuation that ends a sentence. A line ending in one of these (optionally
#: followed by closing quotes or brackets) is *terminal*.
TERMINAL_PUNCT = "。！？!?…．"

#: English titles that stand before a name and never end a sentence: their
#: period at a line end (…the treasurer, Mr. / Zhang said) ends no sentence.
#: Only titles: "St.", "Jr.", "No.", "etc." end sentences often enough
#: (on Main St., Martin Luther King Jr.) to be left as they read.
ENGLISH_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Capt",
                            "Sgt", "Rev", "Hon", "vs"})

#: Closing quotes and brackets that may follow terminal punctuation: 。” 。）
CLOSING_BRACKETS = "”’」』）》〉】〕〗)]}"

#: Opening quotes and brackets.
OPENING_BRACKETS = "“‘「『（《〈【〔〖([{"

def unbalanced(text: str) -> bool:
    """Does *text* leave a bracket or quote open (more opening than closing ones)?

    >>> unbalanced("《南方"), unbalanced("“吃票”行为泛滥"), unbalanced("级」）这个词")
    (True, False, False)
    """
    return sum(text.count(c) for c in OPENING_BRACKETS) > sum(text.count(c) for c in CLOSING_BRACKETS)


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------

#: The two-character words reflow knows (data/words.txt, derived from jieba's
#: dictionary by rust/gen_words.py), read on first use.
_WORDS: frozenset[str] | None = None


def _words() -> frozenset[str]:
    global _WORDS
    if _WORDS is None:
        from importlib.resources import files

        text = files("reflow").joinpath("data", "words.txt").read_text(encoding="utf-8")
        _WORDS = frozenset(line[0] + c for line in text.splitlines() if line and not line.startswith("#")
                           for c in line[1:])
    return _WORDS


def is_word(pair: str) -> bool:
    """Is *pair* (two characters) a word of the list (simplified or traditional)?

    >>> is_word("开展"), is_word("開展"), is_word("展开"), is_word("末一")
    (True, True, True, False)
    """
    return pair in _words()


def cuts_word(before: str, after: str) -> bool:
    """Does a line that ends with *before* and one that opens with *after*
    cut a word in two: are their last and first characters a word together
    (the list holds Han pairs only)? Chinese wraps at any character, so a
    word cut at a line end is a wrap; a paragraph or a headline ends with its
    word whole (开 / 展, 其 / 他).

    >>> cuts_word("工作的开", "展"), cuts_word("其", "他信息"), cuts_word("始末", "一人民大学")
    (True, True, False)
    >>> cuts_word("教授说：", "开展"), cuts_word("ab", "cd")
    (False, False)
    """
    return bool(before) and bool(after) and before[-1] + after[0] in _words()


#: Particles that never open a sentence, nor a heading, caption or byline:
#: structural 的, aspect 了 and 着, plural 们 and question 吗 (們 and 嗎 in
#: traditional script; not 著, which opens 著名). Each ties itself to the word
#: before it, so a line that opens with one goes on the line above.
PARTICLES = "的了着们們吗嗎"


def opens_with_particle(text: str) -> bool:
    """Does *text* (a line) open with a particle that never opens a sentence
    (:data:`PARTICLES`), and not as the first character of a word of the
    list (的确, 了解, 着手 do open sentences)? Chinese wraps at any
    character, so such a line continues the one above it, however short that
    one stops (自25號起，巴西90% / 的加油站都沒油了).

    >>> opens_with_particle("的消费放缓现象。"), opens_with_particle("们曾经"), opens_with_particle("了！")
    (True, True, True)
    >>> opens_with_particle("了解到，"), opens_with_particle("的确如此。"), opens_with_particle("著名作家")
    (False, False, False)
    >>> opens_with_particle("的"), opens_with_particle("")
    (True, False)
    >>> opens_with_particle("們的"), opens_with_particle("嗎？")  # traditional script
    (True, True)
    """
    return bool(text) and text[0] in PARTICLES and not (len(text) > 1 and text[:2] in _words())


#: A cell of a table set as text that holds a number (ASCII digits): 3245.67,
#: +1.23%, -0.45%, 1,234, 15℃/3℃.
_NUMBER_CELL = regex.compile(r"[+\-]?[0-9][0-9.,]*[%‰℃]?(?:/[+\-]?[0-9][0-9.,]*[%‰℃]?)?")
#: What sets a table's cells apart, and what the cell tests strip around a line.
_CELL_GAPS = " \t\u00a0\u3000"
_CELL_GAP = regex.compile(f"[{_CELL_GAPS}]+")
#: What a number cell ends with (a row's last cell is one).
_NUMBER_ENDS = "0123456789%‰℃"
#: The units a table's number cell may print after its number (水泥 100吨
#: 5万元, 参保人数 1.2万人): money, weight, length, area, people, households,
#: firms and vehicles — what statistics tables count. Not the counters running
#: text spaces out (云龙建立 23 个微信群, 派出 4 个: 个, 次), nor dates and times
#: (2月 3日 is spacing damage, not a row). 万 and 亿 may stand before a unit or alone.
TABLE_UNITS = ("元", "美元", "吨", "公斤", "千克", "克", "斤", "公里", "千米", "米", "平方米", "亩",
               "公顷", "人", "户", "家", "辆", "台", "套", "件", "项", "倍", "岁")
_UNITS = "|".join(TABLE_UNITS)
_UNIT_CELL = regex.compile(rf"[+\-]?[0-9][0-9.,]*(?:[万亿](?:{_UNITS})?|(?:{_UNITS}))")
#: What a row's last cell ends with: a number, or a unit.
_ROW_ENDS = frozenset(_NUMBER_ENDS + "万亿" + "".join(u[-1] for u in TABLE_UNITS))
#: What no table row's label holds: clause and sentence marks, quotes, brackets.
_LABEL_MARKS = frozenset("，。、；：！？,;:!?“”《》（）()")
#: The longest label cell of a table row (:func:`table_row`), in characters.
ROW_LABEL_CHARS = 8


def table_row(text: str) -> int:
    """The number of cells of *text* where it reads as a row of a table set
    as text, else 0: a label (one cell or two, of :data:`ROW_LABEL_CHARS`
    characters at most, the first of two at least; no clause mark, quote or
    bracket), then numbers only, apart by spaces — 上证指数 3245.67 +1.23%, 北京
    晴 15℃/3℃, 芙蓉区 12.5%, 水泥 100吨 5万元 (a number may print its unit:
    :data:`TABLE_UNITS`). A number with words after it is spacing damage in
    running text (云龙建立 23 个微信群, 派出 4 个), a date (2月 3日) holds no
    number cell, and a letter-spaced line of a narrow column (這 40, 上 午 10)
    opens with a single character.

    >>> table_row("上证指数 3245.67 +1.23%"), table_row("北京 晴 15℃/3℃"), table_row("芙蓉区\u300012.5%")
    (3, 3, 2)
    >>> table_row("水泥  100吨  5万元"), table_row("参保人数 1.2万人 +3.5%"), table_row("派出 4 个"), table_row("增加 3个")
    (3, 3, 0, 0)
    >>> table_row("云龙建立 23 个微信群"), table_row("2月 3日"), table_row("记者 张三 李四"), table_row("3245.67 +1.23%")
    (0, 0, 0, 0)
    >>> table_row("這 40"), table_row("上 午 10")
    (0, 0)
    """
    text = text.strip(_CELL_GAPS)
    if not text or not (text[-1] in _ROW_ENDS):  # a row ends with a number or its unit (most lines do not)
        return 0
    cells = _CELL_GAP.split(text)
    if len(cells) < 2:
        return 0
    k = 0
    while k < len(cells) and not _row_number(cells[k]):
        k += 1
    if not 1 <= k <= 2 or k == len(cells):
        return 0
    if len(cells[0]) < 2 or any(len(c) > ROW_LABEL_CHARS or any(ch in _LABEL_MARKS for ch in c) for c in cells[:k]):
        return 0
    if not all(_row_number(c) for c in cells[k:]):
        return 0
    return len(cells)


def _row_number(cell: str) -> bool:
    """Is *cell* a number cell of a table's row: a number (12.5%, 15℃/3℃) or
    a number and its unit (100吨, 5万元, 1.2万人)?"""
    return _NUMBER_CELL.fullmatch(cell) is not None or _UNIT_CELL.fullmatch(cell) is not None


def number_cell(text: str) -> bool:
    """Is *text* (the spaces around it aside) one number cell of a table:
    12.5%, +1.23%, 43760, 15℃/3℃ — a table flattened one cell to a line
    prints such lines (see :func:`label_cell`)?

    >>> number_cell("12.5%"), number_cell(" -0.45% "), number_cell("15℃/3℃"), number_cell("1,380")
    (True, True, True, True)
    >>> number_cell("2月"), number_cell("12.5%，"), number_cell("A3"), number_cell("")
    (False, False, False, False)
    """
    text = text.strip(_CELL_GAPS)
    return bool(text) and text[-1] in _NUMBER_ENDS and _NUMBER_CELL.fullmatch(text) is not None


def label_cell(text: str) -> bool:
    """Is *text* (the spaces around it aside) one label cell of a table
    flattened one cell to a line: :data:`ROW_LABEL_CHARS` characters at
    most, no space inside, no clause mark, quote or bracket (地区, 增长率,
    芙蓉区)? Most short lines of a narrow column are too; what makes a table
    is the number cells among them (``layout._cell_table``).

    >>> label_cell("芙蓉区"), label_cell("各区县增长情况"), label_cell("北京 43760"), label_cell("增长了，")
    (True, True, False, False)
    """
    text = text.strip(_CELL_GAPS)
    return 0 < len(text) <= ROW_LABEL_CHARS and not any(ch in _LABEL_MARKS or ch in _CELL_GAPS for ch in text)


#: Marks that make a decoration line where they run long (:func:`is_decoration`):
#: ASCII and full-width rules, stars and dots (* = ~ _ # - + · •, ＊＝～＿＃－＋).
#: Web-era text sets them inside its sentences too — --- for a dash, ··· for
#: an ellipsis, ___ for a blank, ~~~ after a word, *** for a masked one, ####
#: left from Markdown (corpus dev, the source articles) — and a text layer
#: that cuts its lines where the font changes prints such a run on a line of
#: its own.
_DECORATION_TEXT_MARKS = frozenset("*=~_#-+\u00b7\u2022\uff0a\uff1d\uff5e\uff3f\uff03\uff0d\uff0b")
#: The least number of marks of a decoration line: three where one at least
#: is of the box-drawing, block-element, geometric-shape, symbol and dingbat
#: blocks (━ ─ ═ █ ■ ◆ ★ ☆ ✿, U+2500–U+27BF; a pair may be a line's
#: leftover); eight of :data:`_DECORATION_TEXT_MARKS` alone.
DECORATION_CHARS = 3
DECORATION_TEXT_CHARS = 8


def is_decoration(text: str) -> bool:
    """Is *text* a decoration line: marks only, rules, stars, dots or shapes,
    spaces between them or not — three at least with a symbol among them
    (━━━━━━, ★★★, ■ ■ ■, ★*★), or eight of the marks text also uses
    (**********)?
    Extraction prints a page's separators and ornaments as text, and they
    read as headlines and ran into the lines around them (指标好于预期，━━━━━━━━);
    such a line is page furniture. Letters, digits and the marks of running
    text (、。“” …… ——) make no decoration: a narrow column's leftover (、”,
    ……”) is text, and so are short runs of ASCII marks (--- ··· *** ___).

    >>> [is_decoration(s) for s in ("**********", "━━━━━━", "★★★", "■ ■ ■", "═══", "★*★", "========")]
    [True, True, True, True, True, True, True]
    >>> [is_decoration(s) for s in ("**", "★★", "* * *", "---", "···", "####", "……", "——", "、”", "- 12 -", "★★★好", "==)")]
    [False, False, False, False, False, False, False, False, False, False, False, False]
    """
    strong = weak = 0
    for ch in text:
        if ch in _CELL_GAPS:
            continue
        if "\u2500" <= ch <= "\u27bf":
            strong += 1
        elif ch in _DECORATION_TEXT_MARKS:
            weak += 1
        else:
            return False
    return (strong > 0 and strong + weak >= DECORATION_CHARS) or weak >= DECORATION_TEXT_CHARS


#: What opens a web or mail address: a scheme (http:// https:// ftp://), www.,
#: or a mail address's @ (letters spelled out, not case-folded: no ſ for s).
ADDRESS_OPENER = regex.compile(r"[Hh][Tt][Tt][Pp][Ss]?://|[Ff][Tt][Pp]://|[Ww][Ww][Ww]\.|@")


def opens_address(text: str) -> bool:
    """Does *text* open with a web address (http:// https:// ftp:// www.)?

    >>> opens_address("https://example.com/x"), opens_address("WWW.gov.cn"), opens_address("www"), opens_address("@163.com")
    (True, True, False, False)
    """
    m = ADDRESS_OPENER.match(text)
    return m is not None and m.group() != "@"


def holds_web_address(text: str) -> bool:
    """Does *text* hold a web address (an opener: http:// https:// ftp://
    www., in either case)? A mail address's @ is not asked: @人民日报 is a
    name.

    >>> holds_web_address("详见 https://example.com/a"), holds_web_address("WWW.gov.cn")
    (True, True)
    >>> holds_web_address("@人民日报 发布"), holds_web_address("大众www")
    (False, False)
    """
    if "://" not in text and "w." not in text and "W." not in text:
        return False
    return any(m.group() != "@" for m in ADDRESS_OPENER.finditer(text))


#: CJK punctuation, as the native core's tables hold it (CJK that is no ideograph).
_CJK_PUNCT_CHAR = regex.compile(f"[{CJK_CLASS}--{IDEOGRAPH_CLASS}]", regex.V1)


def may_hold_address(text: str) -> bool:
    """Might *text* hold an address opener (@, ://, www. in either case)? A
    few searches of str's own, for the rules that ask every text with a
    space: most hold none of them. (No rule that takes out spaces makes or
    unmakes an opener: none holds a space.)

    >>> may_hold_address("见 WwW.x.cn"), may_hold_address("2.5 万 人")
    (True, False)
    """
    return "@" in text or "/" in text and "://" in text or "w." in text or "W." in text


def address_ends(text: str) -> list[int]:
    """Where a web or mail address in *text* ends at white space: the index of
    the white-space character right after it, in order. A web address runs
    from its opener (http:// https:// ftp:// www.) to white space or CJK
    punctuation, so that its path may hold Chinese (an IRI:
    https://baike.baidu.com/item/新冠); a mail address is what stands before an
    @ and a domain of ASCII letters, digits, dots and dashes after it, with a
    dot. The text rules that take out spaces keep a run that starts here: it
    is where the address ends, and without it the address would run on into
    the text after it (``normalize.remove_cjk_spaces``).

    >>> text = "访问 https://baike.baidu.com/item/新冠 了解，或写信至 zhang@163.com 咨询"
    >>> [text[:k][-6:] for k in address_ends(text)]
    ['tem/新冠', '63.com']
    >>> address_ends("https://x.cn/新冠，了解 更多"), address_ends("@人民日报 发布"), address_ends("见 www.x.cn")
    ([], [], [])
    """
    if not may_hold_address(text):
        return []
    ends: set[int] = set()
    n = len(text)
    for m in ADDRESS_OPENER.finditer(text):
        j = m.end()
        if m.group() == "@":
            if m.start() == 0 or text[m.start() - 1].isspace():
                continue
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] in ".-"):
                j += 1
            if "." not in text[m.end():j]:
                continue
        else:
            while j < n and not text[j].isspace() and not _CJK_PUNCT_CHAR.match(text[j]):
                j += 1
        if j < n and text[j].isspace():
            ends.add(j)
    return sorted(ends)


#: Characters that never begin a printed line in Chinese typesetting (kinsoku):
#: a line that starts with one continues the clause of the line before it.
NO_LINE_START = "，。、；：？！）」』》〉】〕〗”’…%‰℃,.;:?!)"

#: The first characters of a line of Markdown structure (see :func:`is_markdown_line`).
MARKDOWN_OPENERS = "#!-*+|`~$<"


def is_markdown_line(text: str) -> bool:
    """Is *text*, a line with the whitespace around it stripped, a line of
    Markdown structure? OCR and PDF pipelines that print Markdown (MinerU,
    Marker and their kin) set their page text between such lines: an ATX
    heading (``# 标题``, up to six ``#`` and a space), an image
    (``![](images/1.jpg)``), a list item (``-``, ``*`` or ``+`` and a space),
    a table row (opens and closes with ``|``, three at least: two cells), a
    fence (three backticks, ``~~~``, ``$$``) or an HTML tag line (``<table>…</table>``).
    Such a line is a block of its own (the layout's ``markdown`` rule): never
    joined to the text around it, so its markup comes out whole (a ``![``
    glued onto a line of Chinese would have its ``!`` widened to ！). A hashtag
    (#话题#, or ``# 话题 #`` as OCR spaces it out: a heading holds no other
    ``#``), a negative number (-2℃), a folio (- 170 -) or a book title OCR
    read as ``<`` (<人民日报>) is no markup; nor is a block quote (``> ``):
    Tesseract prints ``>`` at line starts for a 》 or a rule it misread
    (corpus dev: 6 lines, each in running text).

    >>> [is_markdown_line(s) for s in ("# 市委召开常委会议", "#话题#", "# 话题 # 上热搜", "![](images/a.jpg)", "- 第一条", "-2℃", "- 170 -")]
    [True, False, False, True, True, False, False]
    >>> [is_markdown_line(s) for s in ("| 项目 | 金额 |", "|文字|", "<table><tr><td>1</td></tr></table>", "<人民日报>", "$$")]
    [True, False, True, False, True]
    """
    if not text or text[0] not in MARKDOWN_OPENERS:
        return False
    c = text[0]
    if c == "#":
        k = len(text) - len(text.lstrip("#"))
        return k <= 6 and len(text) > k + 1 and text[k] in " \t" and "#" not in text[k:]
    if c in "-*+":
        return len(text) > 2 and text[1] in " \t" and text[-1] != c
    if c == "!":
        return text.startswith("![") and text.endswith(")") and "](" in text
    if c == "|":
        return text.endswith("|") and text.count("|") >= 3
    if c == "<":
        return len(text) > 2 and text.endswith(">") and (text[1].isascii() and text[1].isalpha() or text[1] in "/!")
    return text.startswith(("```", "~~~", "$$"))


def markdown_marker(text: str) -> int:
    """The length of the marker of a Markdown heading or list item that opens
    *text* (``#`` to ``######``, or ``-``, ``*``, ``+``), with the blanks
    after it; 0 where *text* is no such line (:func:`is_markdown_line`). The
    text rules leave it alone: collapsing letter spacing would glue ``# A 股``
    into ``#A股``, which is no heading.

    >>> markdown_marker("## 研究部署"), markdown_marker("-  第一条"), markdown_marker("#话题#"), markdown_marker("- 170 -")
    (3, 3, 0, 0)
    """
    if not text or text[0] not in "#-*+" or not is_markdown_line(text):
        return 0
    k = len(text) - len(text.lstrip("#")) if text[0] == "#" else 1
    return len(text) - len(text[k:].lstrip(" \t"))


#: Marks that open a photo caption (▲市民在社区接种疫苗。).
CAPTION_MARKS = "▲△▼■□◆"

#: Marks some papers set before a byline (□本报记者 刘洋 文/图, ■记者 陈静,
#: ●本报记者): a line that is a byline behind one is a byline, not a caption.
BYLINE_MARKS = "■□◆◇●"

#: Punctuation that continues a clause (a line ending with it is not finished).
CONTINUING_PUNCT = "，、；：,;:—"

#: Punctuation that splits clauses: a headline has none of it (quotes and
#: title marks it may have: 政协委员的抗“疫”足迹).
CLAUSE_PUNCT = "，。、；：？！,;"

#: Punctuation that signals running prose inside a line: headline stacks and
#: flattened tables have little of it, column text a lot.
PROSE_PUNCT = CLAUSE_PUNCT + "“”《》（）"


# --------------------------------------------------------------------------
# Widths
# --------------------------------------------------------------------------


def width(text: str) -> int:
    """Printed width of a line of *text* in half-cells, as the page set it.

    A CJK character is 4 (two cells), an ASCII character 2 (one cell); CJK
    punctuation is 2, because Chinese typesetting compresses it to half width
    (measured on the seed page, this halves the spread of full-line widths);
    spaces are 0, because in extracted Chinese text they are mostly damage
    (2月 3日) that was not on the page.

    Computed from the UTF-8 bytes, in C: ``len(s) + len(b)`` counts a 1-byte
    character 2 and a 3-byte one 4; CJK punctuation lives in three 64-code-point
    ranges whose UTF-8 shares a two-byte prefix (U+2000-203F “”‘’…—, U+3000-303F
    、。《》「」【】, U+FF00-FF3F ，：；！？（）), counted with ``bytes.count``.
    Two-byte characters (Greek, Cyrillic, accented Latin) count 3 and
    supplementary-plane ones 5: close enough for comparing a line against its
    neighbours, which is all this is for.

    >>> width("ab"), width("中文"), width("2月 3日"), width("好，")
    (4, 8, 12, 6)
    """
    if " " in text:
        text = text.replace(" ", "")
    data = text.encode("utf-8", "surrogatepass")
    n = len(text) + len(data)
    if len(data) != len(text):
        n -= 2 * (data.count(b"\xe2\x80") + data.count(b"\xe3\x80") + data.count(b"\xef\xbc"))
    return n


# --------------------------------------------------------------------------
# Legacy code points
# --------------------------------------------------------------------------


def _kangxi_table() -> dict[int, str]:
    """Kangxi radicals U+2F00-U+2FD5: NFKC gives the ordinary ideograph (⾼ -> 高)."""
    return {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}


#: CJK Radicals Supplement (U+2E80-U+2EF3) forms that PDF text layers emit for
#: ordinary characters. Unicode gives no decomposition for most of them; these
#: are the equivalent unified ideographs (Unicode's EquivalentUnifiedIdeograph).
RADICALS_SUPPLEMENT = {
    "⺀": "冫", "⺁": "厂", "⺃": "乚", "⺅": "亻", "⺇": "𠘨", "⺉": "刂", "⺋": "㔾",
    "⺌": "⺌", "⺍": "⺍", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺑": "𡯂", "⺒": "巳",
    "⺓": "幺", "⺔": "彑", "⺖": "忄", "⺗": "㣺", "⺘": "扌", "⺙": "攵", "⺛": "旡",
    "⺜": "日", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺",
    "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王",
    "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "⺮", "⺯": "糹", "⺰": "纟",
    "⺱": "罓", "⺲": "罒", "⺳": "㓁", "⺴": "罓", "⺵": "罓", "⺶": "𦍌", "⺷": "羊",
    "⺸": "𦍌", "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹",
    "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见",
    "⻆": "角", "⻇": "𧢲", "⻈": "讠", "⻉": "贝", "⻊": "𧾷", "⻋": "车", "⻌": "辶",
    "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长",
    "⻔": "门", "⻕": "阝", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "𩙿", "⻟": "飠", "⻠": "饣", "⻡": "𩠐",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿", "⻯": "竜",
    "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}
# Entries that map to themselves have no unified equivalent; drop them.
RADICALS_SUPPLEMENT = {k: v for k, v in RADICALS_SUPPLEMENT.items() if k != v}

#: Vertical presentation forms (U+FE10-U+FE19, U+FE30-U+FE4F) as they appear in
#: horizontal text: mapped to the full-width horizontal form a Chinese page
#: uses (NFKC would give ASCII "(" for ︵; we want "（").
VERTICAL_FORMS = {
    "︐": "，", "︑": "、", "︒": "。", "︓": "：", "︔": "；", "︕": "！", "︖": "？",
    "︗": "〖", "︘": "〗", "︙": "…", "︰": "：", "︱": "—", "︲": "–", "︳": "_",
    "︴": "_", "︵": "（", "︶": "）", "︷": "｛", "︸": "｝", "︹": "〔", "︺": "〕",
    "︻": "【", "︼": "】", "︽": "《", "︾": "》", "︿": "〈", "﹀": "〉", "﹁": "「",
    "﹂": "」", "﹃": "『", "﹄": "』", "﹇": "［", "﹈": "］",
}


def _compat_ideographs() -> dict[int, str]:
    """CJK compatibility ideographs whose NFKC form is a unified ideograph.

    U+F900-U+FAFF and U+2F800-U+2FA1F: PDF fonts map glyphs to them by accident.
    The dozen code points in U+FA0E-U+FA29 that are themselves unified
    ideographs (NFKC leaves them unchanged) are not in the table.
    """
    table = {}
    for block in (range(0xF900, 0xFB00), range(0x2F800, 0x2FA20)):
        for cp in block:
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp) and len(folded) == 1:
                table[cp] = folded
    return table


KANGXI_TABLE = _kangxi_table()
COMPAT_IDEOGRAPH_TABLE = _compat_ideographs()
LEGACY_TABLE: dict[int, str] = {
    **KANGXI_TABLE,
    **{ord(k): v for k, v in RADICALS_SUPPLEMENT.items()},
    **{ord(k): v for k, v in VERTICAL_FORMS.items()},
}

#: Private-use areas and the replacement character: kept, but counted.
SUSPECT_CLASS = r"\uE000-\uF8FF\U000F0000-\U000FFFFD\U00100000-\U0010FFFD\uFFFD"

# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------

#: Common single-character surnames (the ~150 most frequent cover >90% of people)
#: in Simplified and Traditional forms. Used only to accept a lone line of 2-4
#: characters as an author's name under a commentary.
SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許"
    "韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾"
    "谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧"
    "毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏"
    "倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢"
    "单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽"
    "时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛"
    "米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏"
    "洪强強"
)

#: Two-character surnames.
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "令狐",
     "司徒", "慕容", "尉迟", "尉遲", "夏侯", "公孙", "公孫", "长孙", "長孫", "端木", "西门",
     "西門", "独孤", "獨孤", "宇文", "轩辕", "軒轅"]
)
