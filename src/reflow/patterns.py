"""Line grammars for the parts of a page that are not running text.

Bylines (株洲日报记者 李逸峰), datelines (株洲日报讯, 新华社北京2月3日电) and page
furniture (running heads, editor credits). Named fragments are composed into
the patterns, pangu style; every repetition is bounded, and the patterns are
only applied to lines of at most :data:`MAX_GRAMMAR_CHARS` characters, so their
cost per line is constant.
"""

from __future__ import annotations

import regex

from ._lazy import LazyPattern

from .chars import COMPOUND_SURNAMES, SURNAMES

#: Bylines, datelines and running heads are short; longer lines are never tested.
MAX_GRAMMAR_CHARS = 60

_SP = r"[ \t\u3000]"
_NUM = r"[0-9０-９一二三四五六七八九十廿卅〇零]"
# An organisation: 本报 / 株洲日报 / 新华社 / 香港文匯報 / 央视网.
_ORG = r"""(?:本[报報台刊网網]|\p{Han}{1,8}?(?:日[报報]|晚[报報]|[报報]|通讯社|通訊社|社|台|网|網|刊))"""
# A person's name: 2-4 Han characters (or a transliterated name with ·).
_NAME = r"(?:\p{Han}{1,4}(?:[·・]\p{Han}{1,6})?)"
# OCR reads a name it cannot make out as a capitalised Latin word (Tesseract,
# in the smaller or other face a byline is set in: 本报记者 庄刚 RUT, 新华社记者
# BAERS): after a role, such a word stands in a byline for a name.
_OCR_NAME = r"[A-Z][A-Za-z]{0,5}"
_NAMES = rf"(?:(?:{_NAME}|{_OCR_NAME})(?:(?:{_SP}{{1,3}}|[、/／]){_SP}{{0,2}}(?:{_NAME}|{_OCR_NAME})){{0,5}})"
# A name glued to its role with no separator must open with a surname
# (本报记者袁虹): 記者昨日 is text, not a byline.
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SURNAMES)) + "])"
# Extraction that drops the spaces between names (pdftotext -raw, RapidOCR)
# glues them too (本报记者庄刚戴新静): then every name opens with a surname.
_GLUED_NAMES = rf"(?:{_SURNAME}\p{{Han}}{{1,3}}(?:(?:{_SP}{{1,3}}|[、/／]){_SP}{{0,2}}{_NAME}|{_SURNAME}\p{{Han}}{{1,2}}){{0,5}})"
# Roles that introduce names in a byline.
_ROLE = r"""(?:
      (?:特约|特約|首席|见习|見習|实习|實習|驻\p{Han}{1,4}|駐\p{Han}{1,4})?(?:记者|記者)
    | (?:特约|特約)?(?:通讯员|通訊員)
    | 实习生|實習生|撰稿|撰文|摄影|攝影|编辑|編輯|整理|评论员|評論員|作者
)"""
# 文 and 图 are roles only with a slash or colon: 文/张三, 文／图 李四, 图：王五.
_SHORT_ROLE = r"(?:[文图圖](?:[/／、][文图圖])?)"
_ROLE_NAMES = rf"""(?:
      {_ROLE}(?:{_SP}{{1,3}}(?:[/／:：]{_SP}{{0,2}})?|[/／:：]{_SP}{{0,2}}){_NAMES}
    | {_ROLE}{_GLUED_NAMES}
    | {_SHORT_ROLE}{_SP}{{0,2}}[/／:：]{_SP}{{0,2}}{_NAMES}
    | {_SHORT_ROLE}{_SP}{{1,2}}{_NAMES}(?={_SP}*$)
)"""

#: A byline: the whole line names the people who wrote or photographed the piece.
#:   株洲日报记者 李逸峰 · 通讯员/文石金 刘玲 刘子溪 · (本报记者 李楠 张茜茜)
#:   本报记者袁虹摄影报道。 · 文/图 张三 · 蔡家緯攝 · （謝麗娟攝）
BYLINE = LazyPattern(
    rf"""
    [（(]{_SP}{{0,2}}{_SURNAME}\p{{Han}}{{1,2}}{_SP}{{0,2}}[）)]     # （邢娜建）: a name alone in brackets
  | [（(【\[]?{_SP}*
    (?:
        (?:{_ORG}{_SP}{{0,2}})? {_ROLE_NAMES}
        (?:{_SP}{{0,3}}(?:{_ORG}{_SP}{{0,2}})?{_ROLE_NAMES}){{0,3}}
        (?:{_SP}{{0,2}}(?:摄影报道|攝影報道|报道|報道|摄|攝|整理))?
      | {_NAME}{_SP}{{0,2}}(?:摄影?|攝影?)                     # 蔡家緯攝
      | {_NAME}{_SP}{{1,2}}(?:编著|編著|著)                     # 靳晓 著 (a book's author)
    )
    {_SP}*[）)】\]]?[。]?
    """,
    regex.VERBOSE,
)

#: A dateline at the start of a paragraph: who reports from where and when.
#:   株洲日报讯 · 本报讯 · 新华社北京2月3日电 · 【本報悉尼訊】 · （重慶廿二日美聯電）
#:   香港文匯報訊(記者 蘇榕蓉 福州報道)
DATELINE = LazyPattern(
    rf"""
    (?![據据])                                   # 據路透社電: reported speech, not a dateline
    (?P<dateline>
        [【\[（(〔]?{_SP}{{0,2}}
        (?:
            {_ORG}(?:\p{{Han}}{{0,6}}?{_NUM}{{1,3}}月)?(?:\p{{Han}}{{0,6}}?{_NUM}{{1,3}}日)?\p{{Han}}{{0,3}}?(?:专|專)?[讯訊电電]
          | \p{{Han}}{{1,6}}?{_NUM}{{1,3}}日\p{{Han}}{{0,4}}?[讯訊电電]   # （重慶廿二日美聯電）
        )
        (?:{_SP}{{0,2}}[（(]{_SP}{{0,2}}(?:记者|記者|通讯员|通訊員)(?:[^）)]{{1,30}}[）)]|[^）)]{{0,30}}\Z))?   # a credit the column cut: 本报讯（记者 詹琪
        (?:{_SP}{{0,2}}[】\]）)〕])?
    )
    (?=\s|“|「|"|$|\p{{Han}}|[0-9０-９])
    """,
    regex.VERBOSE,
)

# A running head built on its date: [paper] date [paper] weekday [page] [section]:
#   2018年7月10日 星期一 A10 要闻 · 西江日报 2018年10月26日 星期二 第8版 文化
# A number as OCR reads it: 1 may come out as l, I, | or ] (A10 -> Al0, 第1版 -> 第]版,
# 2018年11月 -> 2018年1]月).
_OCR_NUM = rf"(?:{_NUM}|[lI|\]])"
_DATE = rf"(?:中華民國|中华民国|民國|民国)?{_OCR_NUM}{{1,4}}{_SP}?年{_SP}?{_OCR_NUM}{{1,2}}{_SP}?月{_SP}?{_OCR_NUM}{{1,3}}{_SP}?日"
_PAPER = r"\p{Han}{1,8}?(?:日[报報]|晚[报報]|[报報]|時報|时报)"
_HEAD_DATED = rf"""(?:{_PAPER}{_SP}{{0,3}})?{_DATE}{_SP}{{0,3}}(?:[●◆■•·]{_SP}{{0,3}})?(?:{_PAPER}{_SP}{{0,3}})?
        (?:星期[一二三四五六日天]|週[一二三四五六日]|礼拜[一二三四五六日天])
        (?:{_SP}{{0,3}}(?:第?{_SP}?{_OCR_NUM}{{1,3}}{_SP}?[版頁页]|[A-Z]{_SP}?[lI|\]]?\d[\dlI|\]]{{0,2}}))?
        (?:{_SP}{{0,3}}(?:\p{{Han}}{{2,4}}|{_OCR_NAME}))?"""

# Editor credits: labels (责任编辑/版面设计), a separator or a space, the names; or a
# name glued to its label that opens with a surname (责任编辑吕鹏颖: a text layer lost the space):
#   责任编辑/戴静雅 美编/廖宇 校对/柏梅丽 · 责任编辑：方怡斌 版面设计：关杰 · 责任编辑 吕鹏颖
_CREDIT_LABEL = r"(?:责任编辑|責任編輯|版面设计|版面設計|版式设计|版式設計|美编|美編|校对|校對|组版|組版|编辑|編輯|摄影|攝影)"
_CREDIT = rf"""(?:{_CREDIT_LABEL}(?:{_SP}{{0,2}}[/／、]{_SP}{{0,2}}{_CREDIT_LABEL}){{0,3}}
        (?:(?:{_SP}{{0,2}}[/／:：]{_SP}{{0,2}}|{_SP}{{1,3}})
        (?:{_NAME}|{_OCR_NAME})(?:{_SP}{{1,2}}(?:{_NAME}|{_OCR_NAME})){{0,3}}?
          | {_SURNAME}\p{{Han}}{{1,3}}))"""

#: Page furniture: running heads, folios and credits that are not article text.
#:   中華民國二十八年四月廿三日　晶報　星期日　第四版 · 责任编辑/版面设计 · ISSN 1234-5678
RUNNING_HEAD = LazyPattern(
    rf"""
    (?:
        .{{0,30}}?(?:星期[一二三四五六日天]|週[一二三四五六日]|礼拜[一二三四五六日天]).{{0,30}}?第?{_NUM}{{1,3}}[版頁页]
      | .{{0,30}}?第{_SP}?{_NUM}{{1,3}}{_SP}?版.{{0,30}}?(?:星期[一二三四五六日天]|週[一二三四五六日])
      | {_CREDIT}(?:{_SP}{{0,4}}[“”"|·•]?{_SP}{{0,4}}{_CREDIT}){{0,5}}   # OCR reads a separator as “ or |
      | {_HEAD_DATED}
      | ISSN{_SP}?\d{{4}}-\d{{3}}[\dXx].{{0,40}}
      | (?:国内统一连续出版物号|國內統一連續出版物號|邮发代号|郵發代號|定价|定價|零售价|零售價).{{0,40}}
    )
    """,
    regex.VERBOSE,
)


def is_byline(text: str) -> bool:
    """True when the whole line is a byline or a photo credit.

    >>> is_byline("株洲日报记者 李逸峰"), is_byline("通讯员/文石金 刘玲 刘子溪")
    (True, True)
    >>> is_byline("记者会上，他说")
    False

    Names glued together (an extraction that drops spaces) each open with a surname:

    >>> is_byline("本报记者庄刚戴新静"), is_byline("记者王刚李强走访了")
    (True, False)

    Older pages close an article with its author's name alone in brackets:

    >>> is_byline("（邢娜建）"), is_byline("（黎濤）"), is_byline("（完）"), is_byline("（疫情防控）")
    (True, True, False, False)

    An author may be credited 作者：张三 or 张三 著 (a book's or an essay's author):

    >>> is_byline("作者：张三"), is_byline("李四 著"), is_byline("作者认为"), is_byline("效果显著")
    (True, True, False, False)

    OCR reads a name it cannot make out (a byline is often set in a face of its
    own) as a capitalised Latin word; after a role it still stands for a name:

    >>> is_byline("本报记者 庄刚 RUT"), is_byline("新华社记者 BAERS"), is_byline("记者 冯然梅 通讯员 AS it")
    (True, True, False)
    """
    return len(text) <= MAX_GRAMMAR_CHARS and BYLINE.fullmatch(text) is not None


def dateline_length(text: str) -> int:
    """Length of the dateline that opens *text*, or 0.

    >>> dateline_length("株洲日报讯 “我是学林街道三冲社区的工")
    5
    >>> dateline_length("新华社北京2月3日电 记者")
    10
    >>> dateline_length("通讯工作很重要")
    0
    >>> dateline_length("本报讯（记者 王芳 通讯")  # the column cut its credit: the whole line
    12
    >>> dateline_length("據路透社電稱"), dateline_length("据路透社电称")  # reported speech
    (0, 0)
    """
    match = DATELINE.match(text[:MAX_GRAMMAR_CHARS])
    return match.end("dateline") if match else 0


#: A folio: a page number alone on its line (—28—, - 5 -, 第28页).
# The dashes around a page number; OCR reads — as 一 (一179一).
_FOLIO_DASH = r"[—\-－–一]"
_ONE_FOLIO = rf"(?:{_FOLIO_DASH}{{1,2}}{_SP}{{0,2}}\d{{1,4}}{_SP}{{0,2}}{_FOLIO_DASH}{{1,2}}|第{_SP}?\d{{1,4}}{_SP}?[页頁])"
#: A page number, or the two of a spread read onto one line (—178— —179—).
FOLIO = regex.compile(rf"{_ONE_FOLIO}(?:{_SP}{{1,4}}{_ONE_FOLIO})?")


def is_folio(text: str) -> bool:
    """True for a page number alone on its line (or the two of a spread).

    >>> is_folio("—28—"), is_folio("- 5 -"), is_folio("第 12 页"), is_folio("2018")
    (True, True, True, False)
    >>> is_folio("一179一"), is_folio("—178— —179—"), is_folio("一九一")
    (True, True, False)
    """
    return len(text) <= 12 and FOLIO.fullmatch(text) is not None


def is_running_head(text: str) -> bool:
    """True for page furniture: running heads, folios, editor credits, ISSN lines.

    >>> is_running_head("中華民國二十八年四月廿三日　晶報　星期日　第四版")
    True
    >>> is_running_head("责任编辑/版面设计 王五")
    True
    >>> is_running_head("2018年7月10日 星期一 A10 要闻"), is_running_head("西江日报 2018年10月26日 星期二 第8版 文化")
    (True, True)
    >>> is_running_head("2013年10月7日 ●星期一")  # a bullet between the date and the weekday
    True
    >>> is_running_head("2018年7月10日 星期一 Al0 要闻"), is_running_head("2018年7月10日 星期一 第]版")  # OCR's 1s
    (True, True)
    >>> is_running_head("责任编辑:包晓“版面设计:攀菩")  # OCR read the separator as “
    True
    >>> is_running_head("2018年1]月10日星期二第4版民生"), is_running_head("2018年6月]日星期六A7 Op")  # OCR's 1s, 综合 unread
    (True, True)
    >>> is_running_head("责任编辑：欧静“版面设计：BA")  # a name OCR could not read (see BYLINE)
    True
    >>> is_running_head("责任编辑：方怡斌 版面设计：关杰"), is_running_head("责任编辑/戴静雅 美编/廖宇 校对/柏梅丽")
    (True, True)

    Credits an extraction glued together (its spaces dropped) are credits too:

    >>> is_running_head("责任编辑/戴静雅美编/廖宇校对/柏梅丽"), is_running_head("责任编辑吕鹏颖")
    (True, True)
    >>> is_running_head("编辑部的故事")
    False
    >>> is_running_head("编辑部的同志们"), is_running_head("责任编辑要求")
    (False, False)
    """
    return len(text) <= MAX_GRAMMAR_CHARS and RUNNING_HEAD.fullmatch(text) is not None


#: A photo credit closing a caption, as papers print it: bracketed
#: （记者 汤祥 摄） · (吳小飛/攝), after a slash 车怡森/摄, after a role
#: 本报记者 詹琪辉 摄 · 新京报记者彭子洋摄, or a name set apart by a space before it
#: ( 颜瑞 摄, and  颜瑞摄 as reflow prints it: a caption's text rules take the space
#: before 摄 out, and read back without it the caption was none), or after a
#: sentence mark with no space (…接种疫苗。张三摄: the space after the mark goes
#: with a caption's text rules too, and so went the caption, read back). (A name
#: glued to the text before it, 水中汪婷婷摄, is not told from 进行拍摄.) OCR reads
#: the brackets （） as 〈〉 or 《》 too (〈记者 叶芳杰 摄)).
_SHOT = r"(?:摄影?|攝影?)"
_SHOT_ROLE = r"(?:记者|記者|通讯员|通訊員)"
_SHOT_NAMES = rf"(?:{_NAME}(?:{_SP}{{1,2}}{_NAME}){{0,2}})"
PHOTO_CREDIT = LazyPattern(
    rf"""
    (?:
        [（(〈《]{_SP}{{0,2}}(?:\p{{Han}}{{0,6}}?{_SHOT_ROLE})?{_SP}{{0,2}}{_SHOT_NAMES}{_SP}{{0,2}}[/／]?{_SP}{{0,2}}{_SHOT}{_SP}{{0,2}}[）)〉》]
      | {_SHOT_NAMES}{_SP}{{0,2}}[/／]{_SP}{{0,2}}{_SHOT}
      | {_SHOT_ROLE}{_SP}{{0,2}}{_SHOT_NAMES}{_SP}{{0,2}}{_SHOT}
      | {_SP}{_NAME}{_SP}{{0,2}}{_SHOT}
      | [。！？]{_NAME}{_SP}{{0,2}}{_SHOT}
    )
    {_SP}*\Z
    """,
    regex.VERBOSE,
)
#: The characters at the end of a text :func:`closes_with_photo_credit` reads.
PHOTO_CREDIT_WINDOW = 40


def closes_with_photo_credit(text: str) -> bool:
    """Does *text* end with a photo credit that follows text of its own? (A
    credit alone is a byline.) Only the last :data:`PHOTO_CREDIT_WINDOW`
    characters are read.

    >>> closes_with_photo_credit("▲治疗上没有特效药（记者 汤祥 摄）"), closes_with_photo_credit("只对母亲留下一句 梁娜/摄")
    (True, True)
    >>> closes_with_photo_credit("电影2016年就做完了 本报记者 郑慧明 摄"), closes_with_photo_credit("（记者 汤祥 摄）")
    (True, False)
    >>> closes_with_photo_credit("我们在现场进行拍摄"), closes_with_photo_credit("水中汪婷婷摄")
    (False, False)
    >>> closes_with_photo_credit("▲图为现场 王五摄")  # as reflow prints a caption's credit
    True
    >>> closes_with_photo_credit("市民在社区接种疫苗。张三摄")  # likewise, after a sentence mark
    True
    >>> closes_with_photo_credit("全根本不是年轻人自我保护意识不强 〈记者 叶芳杰 摄)")  # OCR's brackets
    True
    """
    # Every form ends with 摄, 攝 or 摄影 (then spaces and a closing bracket): a cheap first test.
    core = text.rstrip(" \t\u3000）)〉》")
    if not core.endswith(("摄", "攝", "摄影", "攝影")):
        return False
    start = max(0, len(text) - PHOTO_CREDIT_WINDOW)
    match = PHOTO_CREDIT.search(text, start)
    return match is not None and match.start() > 0


#: A date alone, as a signature dates the text above it: 2019年10月11日,
#: 一九六六年九月二十四日, 1966.9.24.
_CN_DIGIT = "〇零一二三四五六七八九"
SIGNATURE_DATE = regex.compile(
    rf"""(?:[0-9]{{4}}|[{_CN_DIGIT}]{{4}}){_SP}?年{_SP}?(?:[0-9]{{1,2}}|[{_CN_DIGIT}十]{{1,3}}){_SP}?月
         {_SP}?(?:[0-9]{{1,2}}|[{_CN_DIGIT}十]{{1,3}}){_SP}?日
       | [0-9]{{4}}[.．/-][0-9]{{1,2}}[.．/-][0-9]{{1,2}}""",
    regex.VERBOSE,
)


def is_signature_date(text: str) -> bool:
    """A date and nothing else, the way a signature dates a text.

    >>> is_signature_date("2019年10月11日"), is_signature_date("1966.9.24"), is_signature_date("一九六六年九月二十四日")
    (True, True, True)
    >>> is_signature_date("2019年10月11日电"), is_signature_date("10月11日")
    (False, False)
    """
    return len(text) <= 20 and SIGNATURE_DATE.fullmatch(text) is not None


_LONE_NAME = regex.compile(r"\p{Han}{2,4}")


def is_name(text: str) -> bool:
    """A personal name: 2-4 Han characters led by a common surname (朱理平).

    >>> is_name("朱理平"), is_name("疫情防控")
    (True, False)
    """
    if not _LONE_NAME.fullmatch(text):
        return False
    return text[0] in SURNAMES or text[:2] in COMPOUND_SURNAMES
