"""Page templates: a seeded composer turns source articles into one HTML page and its gold.

Every page is built in reading order, so the gold blocks are the order in which the
composer emits them; each gold block's element carries ``data-g="<index>"`` so the
typesetter can measure its rectangles (the layout regions of the OCR variants).

Templates: ``broadsheet`` (several articles, 1–6 columns of 8–25 characters),
``tabloid`` (fewer, larger articles and photos), ``1930s`` (Traditional characters,
columns of 3–12 characters, 、 as the stop, bracketed datelines, no indents, no kinsoku)
and ``wide`` (one column of 30–65 characters: leaflets, magazine and book pages, spreads).
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field

from .sources import Article

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅鹏飞宇浩然凯文辉斌波宁婷雪琳晨阳欣怡子轩思远志国建新海燕立春秋月晓东南北山川林森博雅慧颖佳琪嘉俊豪鑫瑞祥"
PAPERS = ["江城日报", "滨海晚报", "南州日报", "北岭日报", "临川都市报", "青禾日报", "东陵晨报", "西江日报"]
CITIES = ["北京", "上海", "广州", "武汉", "成都", "西安", "南京", "杭州", "长沙", "郑州", "昆明", "兰州"]
OLD_CITIES = ["重慶", "南京", "上海", "漢口", "北平", "香港", "倫敦", "東京", "華盛頓", "巴黎"]
OLD_AGENCIES = ["路透電", "美聯電", "中央社電", "哈瓦斯電", "專電", "合眾電"]
OLD_PAPERS = ["晶報", "申報", "大公報", "新聞報", "時事新報"]
CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int, nian: bool = False) -> str:
    """12 -> 十二, 20 -> 二十 (廿 for 20–29 when *nian*), 105 -> 一百零五."""
    if n < 10:
        return CN_DIGITS[n] if n else "〇"
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        if nian and 20 <= n < 30:
            return "廿" + (CN_DIGITS[n % 10] if n % 10 else "")
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return CN_DIGITS[n // 100] + "百" + ("零" + CN_DIGITS[n % 100] if 0 < n % 100 < 10 else cn_number(n % 100) if n % 100 else "")


def circled(n: int) -> str:
    return chr(0x2460 + n - 1)


@dataclass
class Gold:
    kind: str
    text: str
    role: str | None = None
    dateline: str | None = None
    marker: dict | None = None
    #: The article the block belongs to (its index on the page, in the order the
    #: page sets them); None for what belongs to the page: running heads, editor
    #: credits, folios.
    article: int | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "role": self.role, "text": self.text, "dateline": self.dateline,
                "marker": self.marker, "article": self.article}


@dataclass
class Page:
    page_id: str
    template: str
    split: str
    width: int = 1000  # CSS px, without the padding
    pad: int = 30
    css: str = ""
    body: list[str] = field(default_factory=list)
    gold: list[Gold] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    article: int | None = None  #: the article being set (Gold.article of the blocks made now)

    def el(self, tag: str, kind: str, text: str, cls: str = "", style: str = "", role: str | None = None,
           dateline: str | None = None, marker: dict | None = None, inner: str | None = None) -> str:
        """An element for one gold block; *inner* is its HTML when not just the escaped text."""
        idx = len(self.gold)
        self.gold.append(Gold(kind, re.sub(r"\s+", " ", text).strip(), role, dateline, marker, self.article))
        attrs = f' data-g="{idx}"'
        if cls:
            attrs += f' class="{cls}"'
        if style:
            attrs += f' style="{style}"'
        return f"<{tag}{attrs}>{inner if inner is not None else html.escape(text)}</{tag}>"


class Composer:
    """Shared pieces: names, datelines, markers, cutting articles to length."""

    def __init__(self, rng: random.Random, traditional=None):
        self.rng = rng
        self.t = traditional or (lambda s: s)

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def names(self, lo=1, hi=3) -> str:
        return " ".join(self.name() for _ in range(self.rng.randint(lo, hi)))

    def clause(self, art: Article, lo=6, hi=18) -> str:
        """A clause of the article (for kickers, subtitles, captions, subheadings)."""
        r = self.rng
        paras = [t for k, t in art.parts if k == "paragraph"]
        for _ in range(30):
            bits = [b for b in re.split(r"[，。；：！？、“”「」《》（）()\s—…]+", r.choice(paras)) if lo <= len(b) <= hi]
            if bits:
                return r.choice(bits)
        return art.title[:hi]

    def take_text(self, art: Article, budget: int, start_mid: bool = False) -> tuple[list[tuple[str, str]], bool]:
        """Parts of *art* of about *budget* characters; True when text was left over.

        With *start_mid* the text starts inside a paragraph from the middle of the article
        (the continued part of a jumped article)."""
        r = self.rng
        parts = list(art.parts)
        if start_mid:
            i = r.randrange(len(parts) // 3, max(len(parts) // 3 + 1, len(parts) - 1))
            parts = parts[i:]
            while parts and parts[0][0] != "paragraph":
                parts = parts[1:]
            if parts:
                t = parts[0][1]
                cut = r.randrange(len(t) // 4, max(len(t) // 4 + 1, 3 * len(t) // 4))
                parts[0] = ("paragraph", t[cut:])
        out, used = [], 0
        for i, (k, t) in enumerate(parts):
            if used + len(t) > budget and out:
                remaining = budget - used
                if k == "paragraph" and remaining > 30 and r.random() < 0.8:
                    out.append((k, t[: max(10, remaining)]))
                while out and out[-1][0] == "subheading":
                    out.pop()
                return out, True
            out.append((k, t))
            used += len(t)
        while out and out[-1][0] == "subheading":
            out.pop()
        return out, False

    def dateline(self, paper: str, date: tuple[int, int, int]) -> str:
        r = self.rng
        _, m, d = date
        city = r.choice(CITIES)
        forms = [
            "本报讯", f"本报讯（记者 {self.names(1, 2)}）", f"{paper}讯", f"新华社{city}{m}月{d}日电",
            f"本报{city}{m}月{d}日电（记者 {self.names(1, 2)}）", f"本报{city}{m}月{d}日讯", "新华社电",
            f"{paper}讯（记者 {self.name()} 通讯员 {self.name()}）",
        ]
        return r.choice(forms)

    def marker(self, direction: str, page: str, seq: int | None, old=False) -> tuple[str, dict]:
        """Printed text and gold of a jump marker in one of its real forms."""
        r = self.rng
        num = page.lstrip("AB") if page[:1] in "AB" else page
        lettered = page[:1] in "AB"
        if direction == "continued_on":
            forms = ([f"下转{page}版{circled(seq) if seq else ''}", f"（下转{page}版）"] if lettered else
                     [f"（下转第{num}版）", f"(转{num}版)", f"（转第{num}版）", f"下转第{cn_number(int(num))}版",
                      f"（下转第{cn_number(int(num))}版）", f"下转{num}版"])
        elif direction == "continued_from":
            forms = ([f"上接{page}版{circled(seq) if seq else ''}", f"（上接{page}版）"] if lettered else
                     [f"（上接第{num}版）", f"上接第{cn_number(int(num))}版", f"(接{num}版)", f"（上接第{num}版）"])
        else:
            forms = ([f"（详见{page}版）", f"相关报道见{page}版"] if lettered else
                     [f"（详见第{num}版）", f"相关新闻见第{num}版"])
        text = r.choice(forms)
        if old:
            text = self.t(text.replace("(", "（").replace(")", "）"))
        has_seq = circled(seq) in text if seq else False
        gold = {"direction": direction, "page": page if lettered else num, "seq": seq if has_seq else None}
        return text, gold


FONTS_SC = ['"Noto Serif CJK SC"', '"Noto Sans CJK SC"']
FONTS_TC = ['"Noto Serif CJK TC"', '"Noto Sans CJK TC"']


def spacing_css(rng: random.Random, old=False) -> str:
    if old:
        return "text-spacing-trim: space-all;"
    return rng.choice(["", "text-spacing-trim: space-all;", "text-spacing-trim: trim-start;",
                       'font-feature-settings: "halt";'])


def date_of(rng: random.Random, old=False) -> tuple[int, int, int]:
    return (rng.randint(1932, 1941) if old else rng.randint(2018, 2020), rng.randint(1, 12), rng.randint(1, 28))


WEEK = "一二三四五六日"


# ----------------------------------------------------------------------------- newspapers


def compose_news(page: Page, articles: list[Article], rng: random.Random, style: str, traditional=None) -> None:
    """broadsheet, tabloid and 1930s pages: rows of articles, each over k columns."""
    old = style == "1930s"
    comp = Composer(rng, traditional if old else None)
    fonts = FONTS_TC if old else FONTS_SC
    if style == "broadsheet":
        fs, c, units, gap = rng.choice((13, 14, 15, 16)), rng.randint(8, 25), rng.randint(3, 6), rng.uniform(1.0, 2.5)
        nrows = rng.randint(2, 3)
    elif style == "tabloid":
        fs, c, units, gap = rng.choice((16, 17, 18, 19)), rng.randint(10, 18), rng.randint(2, 4), rng.uniform(1.2, 2.5)
        nrows = rng.randint(1, 2)
    else:
        fs, c, units, gap = rng.choice((12, 13, 14, 15)), rng.randint(3, 12), 0, rng.uniform(0.6, 2.5)
        units = max(3, min(16, 90 // c)) if c <= 6 else rng.randint(4, 10)
        nrows = rng.randint(1, 3)
    # Narrow columns with many units make a huge page; keep the width below ~1500 px.
    while units > 1 and units * c * fs + (units - 1) * gap * fs > 1500:
        units -= 1
    unit_w = c * fs
    gap_px = round(gap * fs)
    width = units * unit_w + (units - 1) * gap_px
    page.width = width
    body_font = rng.choice(fonts)
    head_font = rng.choice(fonts)
    spacing = spacing_css(rng, old)
    indent = "0" if old else "2em"
    line_h = rng.choice((1.35, 1.5, 1.6, 1.75))
    rule = "column-rule: 1px solid #555;" if old or rng.random() < 0.3 else ""
    breaking = "line-break: anywhere; word-break: break-all;" if old else ""
    page.css = f"""
.pg{{font-family:{body_font};font-size:{fs}px;line-height:{line_h};{spacing}}}
.pg p{{margin:0;text-align:justify;text-indent:{indent};{breaking}}}
.row{{display:flex;gap:{gap_px}px;align-items:flex-start;margin-bottom:{rng.uniform(0.8, 3):.2f}em}}
.art{{flex:none}}
.hd{{font-family:{head_font};font-weight:bold;text-indent:0!important;text-align:{rng.choice(('left', 'center'))}!important;margin:.2em 0!important;line-height:1.25}}
.kick,.sub{{font-family:{head_font};text-indent:0!important;text-align:inherit;margin:.15em 0!important}}
.by{{text-indent:0!important;font-size:.9em;margin:.2em 0!important}}
.body{{column-gap:{gap_px}px;column-fill:balance;{rule}}}
.sh{{font-weight:bold;text-indent:0!important;text-align:{rng.choice(('left', 'center'))}!important;break-after:avoid;margin:.3em 0!important}}
.img{{background:#999;print-color-adjust:exact;-webkit-print-color-adjust:exact}}
.cap{{font-size:.85em;text-indent:0!important;margin:.2em 0 .4em!important}}
.jmp{{text-indent:0!important;text-align:right!important;font-weight:bold}}
.fur{{display:flex;justify-content:space-between;border-bottom:2px solid #000;margin-bottom:1em;font-size:.9em}}
.fur2{{text-indent:0!important;font-size:.8em;margin-top:1em!important}}
.dl{{font-weight:{rng.choice(('bold', 'normal'))}}}
"""
    paper = rng.choice(OLD_PAPERS if old else PAPERS)
    date = date_of(rng, old)
    if old:
        label = str(rng.randint(2, 8))
        label_text = f"第{cn_number(int(label))}版"
    elif rng.random() < 0.6:
        label = f"A{rng.randint(1, 12)}"
        label_text = label
    else:
        label = str(rng.randint(1, 12))
        label_text = f"第{label}版"
    weekday = WEEK[rng.randrange(7)]
    # Running head: one line, its items spread over the width.
    if old:
        y, m, d = date
        items = [f"中華民國{cn_number(y - 1911)}年{cn_number(m)}月{cn_number(d, True)}日", paper, f"星期{weekday}", label_text]
    else:
        y, m, d = date
        section = rng.choice(["要闻", "综合", "城市", "社会", "经济", "文化", "民生", "国内"])
        items = [f"{y}年{m}月{d}日", f"星期{weekday}", label_text, section]
        if rng.random() < 0.5:
            items.insert(0, paper)
    if rng.random() < 0.9:
        inner = "".join(f"<span>{html.escape(x)}</span>" for x in items)
        page.body.append(page.el("div", "furniture", "　".join(items), cls="fur", inner=inner))
    jump_seq = rng.randint(1, 4)
    art_iter = iter(articles)
    for _row in range(nrows):
        # Split the units over 1–3 articles.
        n_art = 1 if units < 2 else rng.randint(1, min(3, units))
        cuts = sorted(rng.sample(range(1, units), n_art - 1)) if n_art > 1 else []
        spans = [b - a for a, b in zip([0] + cuts, cuts + [units])]
        row = []
        for k in spans:
            art = next(art_iter, None)
            if art is None:
                break
            page.sources.append(art.id)
            page.article = len(page.sources) - 1
            row.append(compose_article(page, comp, art, rng, style, k, unit_w, gap_px, fs, paper, date, label, jump_seq))
            page.article = None
            jump_seq += 1
        if not row:
            break
        page.body.append(f'<div class="row">{"".join(row)}</div>')
    if not old and rng.random() < 0.6:
        credit = rng.choice([f"责任编辑 {comp.name()}", f"责任编辑：{comp.name()}　版面设计：{comp.name()}",
                             f"责任编辑/{comp.name()} 美编/{comp.name()} 校对/{comp.name()}"])
        page.body.append(page.el("p", "furniture", credit, cls="fur2"))


def compose_article(page: Page, comp: Composer, art: Article, rng: random.Random, style: str, k: int,
                    unit_w: int, gap_px: int, fs: int, paper: str, date, label: str, jump_seq: int) -> str:
    old = style == "1930s"
    T = comp.t
    width = k * unit_w + (k - 1) * gap_px
    # Columns of the body: usually one per unit; an article can also set fewer, wider ones.
    cols = k if rng.random() < 0.8 or old else max(1, k // 2)
    out = [f'<div class="art" style="width:{width}px">']
    continued = rng.random() < (0.12 if not old else 0.1)
    title = T(art.title)
    head: list[str] = []
    hfs = fs * rng.uniform(1.5, 2.2 if style != "tabloid" else 2.6)
    if old:
        hfs = fs * rng.uniform(1.3, 2.0)
    hstyle = f"font-size:{hfs:.1f}px"
    if style == "tabloid" and rng.random() < 0.4:
        hstyle += ";background:#222;color:#fff;padding:.1em .3em;print-color-adjust:exact;-webkit-print-color-adjust:exact"
    # Headline, forced onto two lines at a comma or a space now and then.
    bits = re.split(r"(?<=[，、：:；])|\s+", title)
    if len(bits) > 1 and rng.random() < 0.35:
        i = rng.randrange(1, len(bits))
        inner = html.escape("".join(bits[:i])) + "<br>" + html.escape("".join(bits[i:]))
    else:
        inner = html.escape(title)
    byline_pos = rng.choice(("above", "below", "below", "end", "none")) if not old else rng.choice(("none", "none", "end"))
    bylines = []
    if byline_pos != "none":
        forms = [[f"本报记者 {comp.names(1, 2)}"], [f"{paper}记者 {comp.name()}", f"通讯员 {comp.names(1, 3)}"],
                 [f"新华社记者 {comp.names(1, 3)}"], [f"文/{comp.name()}"], [f"记者 {comp.name()} 通讯员 {comp.name()}"],
                 [comp.name()], [f"（本报记者 {comp.names(1, 2)}）"], [f"文/图 本报记者 {comp.name()}"]]
        if old:
            forms = [[T(f"（{comp.name()}）")], [T(f"本報記者 {comp.name()}")]]
        bylines = rng.choice(forms)
    if continued:
        # The rest of an article from another page: a short headline (or none), 上接, text from mid-article.
        if rng.random() < 0.6:
            head.append(page.el("p", "headline", title, cls="hd", style=f"font-size:{fs * 1.4:.1f}px", inner=inner))
        src_page = "A1" if label.startswith("A") else "1"
        mtext, mgold = comp.marker("continued_from", src_page, rng.choice((None, 1, 2, 3)) if src_page == "A1" else None, old)
        head.append(page.el("p", "marker", mtext, cls="jmp", style="text-align:left!important", marker=mgold))
        parts, leftover = comp.take_text(art, rng.randint(150, 300) * k, start_mid=True)
        dateline = None
    else:
        if byline_pos == "above":
            head += [page.el("p", "byline", b, cls="by") for b in bylines]
        if rng.random() < (0.3 if not old else 0.5):
            kick = T(comp.clause(art, 8, 20))
            head.append(page.el("p", "headline", kick, role="kicker", cls="kick", style=f"font-size:{max(fs * 1.15, hfs * 0.55):.1f}px"))
        head.append(page.el("p", "headline", title, cls="hd", style=hstyle, inner=inner))
        if rng.random() < (0.3 if not old else 0.5):
            subt = T(comp.clause(art, 8, 22))
            if not old:
                subt = "——" + subt
            head.append(page.el("p", "headline", subt, role="subtitle", cls="sub", style=f"font-size:{max(fs * 1.1, hfs * 0.5):.1f}px"))
        if byline_pos == "below":
            head += [page.el("p", "byline", b, cls="by") for b in bylines]
        parts, leftover = comp.take_text(art, rng.randint(120, 320) * k + (0 if style != "tabloid" else 300), start_mid=False)
        dateline = None
        if rng.random() < (0.6 if not old else 0.7):
            if old:
                y, m, d = date
                dateline = rng.choice([f"（{rng.choice(OLD_CITIES)}{cn_number(d, True)}日{rng.choice(OLD_AGENCIES)}）",
                                       "【本報訊】", "（本報特訊）", f"（中央社{rng.choice(OLD_CITIES)}{cn_number(d)}日電）"])
            else:
                dateline = comp.dateline(paper, date)
    out += head
    # A photo over the whole article width, before the body.
    if rng.random() < (0.15 if style != "tabloid" else 0.4) and not old:
        out.append(f'<div class="img" style="height:{rng.randint(6, 14)}em;margin:.4em 0"></div>')
        out.append(page.el("p", "caption", caption(comp, art, rng, style), cls="cap"))
    body = [f'<div class="body" style="column-count:{cols}">']
    float_at = rng.randrange(1, max(2, len(parts))) if (rng.random() < (0.3 if not old else 0) and len(parts) > 1) else -1
    first = True
    for i, (kind, text) in enumerate(parts):
        text = T(text)
        if old:
            text = old_punctuation(text, rng)
        if i == float_at:
            side = rng.choice(("left", "right"))
            body.append(f'<div style="float:{side};width:{rng.randint(45, 70)}%;margin:.2em .5em .2em 0">'
                        f'<div class="img" style="height:{rng.randint(3, 8)}em"></div>'
                        + page.el("p", "caption", caption(comp, art, rng, style), cls="cap") + "</div>")
        if kind == "subheading":
            body.append(page.el("p", "subheading", text, cls="sh"))
            continue
        if first and dateline:
            sep = rng.choice(("", " ", "　")) if not old else ""
            dl = T(dateline)
            inner = f'<span class="dl">{html.escape(dl)}</span>{sep}{html.escape(text)}'
            body.append(page.el("p", "paragraph", dl + sep + text, dateline=dl, inner=inner))
        elif first and continued:
            body.append(page.el("p", "paragraph", text, style="text-indent:0", inner=None))
        else:
            body.append(page.el("p", "paragraph", text))
        first = False
    if leftover and not continued and rng.random() < 0.75:
        dest = f"A{int(label[1:]) + rng.randint(1, 4)}" if label.startswith("A") else str(int(label) + rng.randint(1, 6))
        mtext, mgold = comp.marker("continued_on", dest, jump_seq if rng.random() < 0.7 else None, old)
        if mtext[0] in "（(" and body[-1].endswith("</p>") and page.gold[-1].kind == "paragraph" and rng.random() < 0.4:
            # Printed at the end of the cut paragraph's last line: a block of its own all the same.
            body[-1] = body[-1][:-4] + page.el("span", "marker", mtext, marker=mgold) + "</p>"
        else:
            body.append(page.el("p", "marker", mtext, cls="jmp", marker=mgold))
    elif rng.random() < 0.08 and not old:
        dest = f"A{rng.randint(2, 16)}" if label.startswith("A") else str(rng.randint(2, 16))
        mtext, mgold = comp.marker("see", dest, None, old)
        body.append(page.el("p", "marker", mtext, cls="jmp", marker=mgold))
    if byline_pos == "end":
        body += [page.el("p", "byline", b, cls="by", style="text-align:right") for b in bylines]
    body.append("</div>")
    out += body
    out.append("</div>")
    return "".join(out)


def old_punctuation(text: str, rng: random.Random) -> str:
    """1930s stops: 、 for 。 (and often for ，)."""
    text = text.replace("。", "、")
    if rng.random() < 0.5:
        text = text.replace("，", "、")
    return text


def caption(comp: Composer, art: Article, rng: random.Random, style: str) -> str:
    mark = "■" if style == "tabloid" and rng.random() < 0.6 else "▲"
    text = comp.clause(art, 8, 24)
    credit = rng.choice(["", f" 本报记者 {comp.name()} 摄", f"（记者 {comp.name()} 摄）", f" {comp.name()}/摄"])
    return f"{mark}{text}{credit}"


# ----------------------------------------------------------------------------- one wide column


def compose_wide(page: Page, articles: list[Article], rng: random.Random) -> None:
    comp = Composer(rng)
    art = articles[0]
    page.sources.append(art.id)
    kind = rng.choice(("leaflet", "magazine", "book", "spread"))
    fs = rng.choice((14, 15, 16, 17, 18))
    c = rng.randint(30, 45) if kind == "spread" else rng.randint(30, 65)
    if c * fs > 1000:
        fs = max(13, 1000 // c)
    gap = rng.randint(4, 8) * fs
    ncol = 2 if kind == "spread" else 1
    page.width = ncol * c * fs + (ncol - 1) * gap
    font = rng.choice(FONTS_SC)
    indent = "2em" if rng.random() < 0.85 else "0"
    para_gap = "0" if indent != "0" else ".6em"
    page.css = f"""
.pg{{font-family:{font};font-size:{fs}px;line-height:{rng.choice((1.5, 1.7, 1.9))};{spacing_css(rng)}}}
.pg p{{margin:0 0 {para_gap};text-align:justify;text-indent:{indent}}}
.hd{{font-weight:bold;text-indent:0!important;text-align:center!important;margin:.3em 0 .5em!important;line-height:1.3}}
.sub,.by{{text-indent:0!important;text-align:center!important;margin:.2em 0!important}}
.sh{{font-weight:bold;text-indent:0!important;margin:.6em 0 .3em!important}}
.sig{{text-indent:0!important;text-align:right!important}}
.fol{{text-indent:0!important;text-align:center!important;font-size:.85em;margin-top:1.5em!important}}
.fur{{text-indent:0!important;font-size:.8em;border-bottom:1px solid #000;margin-bottom:1em!important;display:flex;justify-content:space-between}}
.body{{column-count:{ncol};column-gap:{gap}px;column-fill:auto}}
"""
    folio = rng.randint(3, 180)
    if kind in ("book", "magazine") and rng.random() < 0.7:
        items = [rng.choice(["第三章", "专题", "随笔", "特别报道", "人物", "读书"]), art.title[:12]]
        page.body.append(page.el("div", "furniture", "　".join(items), cls="fur",
                                 inner="".join(f"<span>{html.escape(x)}</span>" for x in items)))
    page.article = 0  # the page's one text, from its headline to its signature and date
    page.body.append(page.el("p", "headline", art.title, cls="hd", style=f"font-size:{fs * rng.uniform(1.4, 2.2):.1f}px"))
    if rng.random() < 0.3:
        page.body.append(page.el("p", "headline", "——" + comp.clause(art, 8, 22), role="subtitle", cls="sub"))
    if rng.random() < 0.6:
        page.body.append(page.el("p", "byline", rng.choice([f"文/{comp.name()}", comp.name(), f"{comp.name()} 著", f"作者：{comp.name()}"]), cls="by"))
    body = ['<div class="body">'] if kind == "spread" else []
    budget = rng.randint(700, 1400) * (2 if kind == "spread" else 1)
    parts, _ = comp.take_text(art, budget)
    if parts and parts[-1][0] == "paragraph" and not re.search(r"[。！？”」]$", parts[-1][1]):
        parts[-1] = ("paragraph", parts[-1][1].rstrip("，、；：") + "。")
    for k, text in parts:
        body.append(page.el("p", "subheading" if k == "subheading" else "paragraph", text, cls="sh" if k == "subheading" else ""))
    if kind in ("leaflet", "magazine") and rng.random() < 0.7:
        body.append(page.el("p", "byline", rng.choice([comp.name(), f"{rng.choice(CITIES)}市{rng.choice(['社区', '街道', '志愿者协会'])}{rng.choice(['居委会', '办事处', ''])}"]), cls="sig"))
        y, m, d = date_of(rng)
        body.append(page.el("p", "byline", f"{y}年{m}月{d}日", cls="sig"))
    page.article = None
    if kind == "spread":
        body.append("</div>")
        page.body += body
        page.body.append('<div class="fol" style="display:flex;justify-content:space-between">'
                         + page.el("span", "furniture", f"—{folio}—") + page.el("span", "furniture", f"—{folio + 1}—") + "</div>")
    else:
        page.body += body
        if kind != "leaflet":
            page.body.append(page.el("p", "furniture", rng.choice([f"—{folio}—", f"- {folio} -", str(folio), f"第{folio}页"]), cls="fol"))


TEMPLATES = ("broadsheet", "tabloid", "1930s", "wide")
ARTICLES_PER_PAGE = {"broadsheet": 12, "tabloid": 5, "1930s": 14, "wide": 1}


def build_page(page_id: str, template: str, split: str, articles: list[Article], seed: int, traditional=None) -> Page:
    rng = random.Random(seed)
    page = Page(page_id, template, split, pad=rng.randint(20, 50))
    if template == "wide":
        compose_wide(page, articles, rng)
    else:
        compose_news(page, articles, rng, template, traditional)
    return page
