"""A page layout generator: clean text laid out the way extraction returns it.

It takes clean paragraphs, headlines, bylines and jump markers, lays them out
in newspaper columns of a chosen width (a paragraph's first line two characters
short, punctuation compressed to half width, no line starting with a comma),
and breaks columns with blank lines — or puts a blank after every line, or no
blank lines at all, as bare OCR output does. It knows the true blocks, so the
result can be scored.

Used by the property tests and by the benchmark suite; usable on its own::

    >>> import random
    >>> page = generate_page(random.Random(1))
    >>> page.blocks[0][0] in ("headline", "byline", "paragraph", "marker")
    True
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field

from reflow.chars import NO_LINE_START

#: Clean sentences (from the reviewed paragraphs of the seed page).
SENTENCES = [
    '“我是学林街道三冲社区的工作人员，连续奋战在防控一线，感觉非常疲惫，掉头发厉害，精神压力大，晚上难入睡。”',
    '其次，你不是一个人在战斗，大家都在一起，胜利很快就会到来。',
    '生活有保障，心理需减负。',
    '疫情防控工作开展如火如荼，各种海量信息给每个人的心理造成了一定影响，不少人出现了焦虑、恐慌情绪。',
    '“我们会稀释好，对生产车间、食堂、办公楼等进行消毒。”',
    '2月3日，绿斯达生物在株洲高新区领到6桶消毒液。',
    '这些物资是当天凌晨1时从河北采购回来的，工作人员冒雨卸货，随后及时送到企业，为企业复工组织生产提供防疫保障。',
    '先后完成近200家企业1.8余万职工的摸排工作，发放、张贴宣传海报5万余份。',
    '同时，围绕企业复工的需求，继续实施温暖企业“四联”行动。',
    '将招聘活动从线下搬到线上，着力打造“就业服务不打烊，网上招聘不停歇”的线上“春风行动”招聘活动。',
    '疫情防控阻击战，是一场攻坚硬仗。',
    '坚持全国一盘棋，坚决服从党中央统一指挥、统一协调、统一调度，令行禁止，这是做好当前疫情防控的重要遵循和行动指南。',
    '“加强纪律性，革命无不胜。”',
    '打仗作战，尤其要求守纪律，一切行动听指挥。',
    '军令如山、军法严明，是古往今来战争取胜的法宝。',
    '人民军队的“三大纪律八项注意”，第一条纪律就是“一切行动听指挥”。',
    '新型冠状病毒感染的肺炎，传染强度高，医治专业性强。',
    '一切行动听指挥，就要上下一心。',
    '一切行动听指挥，就要认清目前的形势。',
    '省委向疫情防控任务较重的长沙、岳阳、怀化、常德等地派出4个指导组，这绝不是意味着株洲的疫情防控就可以高枕无忧、掉以轻心。',
    '“逆水行舟用力撑，一篙松劲退千寻。”',
    '株洲的确诊感染人数总量虽然不多，但每天还在增加；医疗防护和消毒物资虽然加大了保障，但供应还很紧张。',
    '疫情防控处于叫劲咬牙的关键期，任何麻痹大意、敷衍了事，都会导致前功尽弃。',
    '一切行动听指挥，就要领导干部带头。',
    '群众盯着干部看，下级盯着上级干。',
    '一切行动听指挥，就要激发干部群众的战斗力。',
    '疫情形势不断发展变化，各地情况千差万别，疫情防控工作面临着许多新情况新问题。',
    '一张方子难治百病。',
    '市里和县里不同，城区和农村不同，节前和节后不同，要坚持实事求是，加强调查研究。',
    '既贯彻落实中央的总要求，也注重结合各地实际，发挥基层群众的积极性、主动性和创造性，突出防控的及时性、针对性和实效性。',
    '心不散、腿不懒、劲不减，激发干部群众中无穷的创造力战斗力，我们就一定能打赢这场疫情防控的人民战争。',
    '疫情就是命令，防控就是责任，我市全力以赴做好相关物资保障供应，确保社会大局稳定。',
    '为打好疫情防控阻击战，守住医疗物资供应防线，市委、市政府多次召开调度会，专题研究部署。',
    '市委书记、市人大常委会主任毛腾飞要求，全力以赴做好疫情摸排、疫情防控物资和生活物资供应保障等各项工作。',
    '市新型冠状病毒感染的肺炎疫情防控工作领导小组紧急部署，由市领导牵头挂帅，抽调精兵强将成立后勤保障组。',
    '号令一响，迅速行动。',
    '市应急局调拨漂白粉8吨、84消毒液50箱、95%酒精84瓶，以及防目镜、防护服、折叠床、睡袋等物资配备到一线。',
    '中车株机公司发动海外各区域业务团队，筹集口罩5万个，已陆续装箱发往国内。',
    '2月3日上午，市委副书记、市长阳卫国赴茶陵县，深入高速出口、医院、社区（村）等处督导疫情防控工作，看望慰问一线工作人员。',
    '茶陵县人民医院是该县患者救治定点医院。',
    '来到这里，阳卫国实地走访预检分诊、发热门诊等处，详细了解疫情防控措施落实、接诊人数变化等情况。',
    '社区（村）是疫情防控的第一道关口。',
    '1月29日，市政协向全市发出倡议，号召政协委员积极作为、主动发力、乐于奉献，众志成城打赢疫情防控攻坚战。',
    '疫情当前，“逆行”是使命的召唤。',
    '这些天，市政协委员龙云铸每天都在“打仗”。',
    '“穿着密闭的防护服，工作时间不能喝水，不能上厕所。”',
    '为了不给家人带去感染风险，下班后，他只能住在酒店里。',
    '能力不分大小，善举没有先后。',
    '疫情面前，广大政协委员带头并引导所在企业扛起社会责任，全力支持疫情防控工作，踊跃捐款捐物，支援前线“作战”。',
    '“抗击疫情，人人有责。”',
    '市政协委员、湖南联合城市建设集团有限公司董事长王志为这几天被公司员工感动着。',
    '“疫情越来越严重，总想着做点什么。”',
    '1月31日（正月初七），他在公司群里发出防控疫情的捐款倡议书后，员工们积极响应，近10万元爱心款正在汇聚。',
    '战“疫”关头，一次次温暖人心的举动，诠释着政协委员的责任和担当。',
    '用作品凝聚力量、传递真情。',
    '疫情发生以来，政协委员发挥自身岗位优势，将音乐、戏曲、朗诵、说唱等文艺作品鼓舞斗志，温暖人心。',
    '这段时间，市政协委员、市戏剧传承中心副主任颜映雪一直在忙碌着。',
    '市政协委员、市文化馆馆长邹艳君带领创作人员以快板、抖音视频等群众喜闻乐见的方式宣传疫情防控知识，经网络播出获点赞无数。',
    '新型冠状病毒引发的肺炎疫情持续，各大药企、研发机构都在紧急研发疫苗及新药。',
    '湖南中晟全肽生化有限公司日前宣布，将向全球药物研发机构免费开放超大型多肽库，以期加速发现疫苗、新药进程，全力阻击疫情。',
    '1月24日，全球发布了第一株新型冠状病毒毒株信息，这为新药研发确定了靶点。',
    '该 PCT 专利已经在美国、日本、澳大利亚、欧洲等地注册，已获得日本、欧洲、澳大利亚专利授权。',
    '市委副书记王洪斌参加。',
    '截至2月3日24时，我市累计报告新型冠状病毒感染的肺炎确诊病例34例。',
    '4日下午，我市最小确诊患者治愈出院，累计已有2名患者治愈出院。',
    '在简明扼要交流工作进展、分析研判疫情趋势变化后，阳卫国指出，当前，最关键的问题就是把工作措施落实落细。',
    '要强化网格化管理，突出抓好城市社区、农村地区、机关、企事业单位和学校疫情防控，全面做好疫情监测、排查、预警、防控等工作。',
    '要从快从细对确诊病例进行溯源，逐一排查密切接触者，倒查管控责任落实情况，对缓报、瞒报、漏报的严肃查处。',
    '要全力救治病患，坚决实行“集中患者、集中专家、集中资源、集中救治”，着力提高疑似病例检测效率，提高诊治效果。',
    '副市长杨胜跃参加。',
    '市委书记、市人大常委会主任毛腾飞主持会议并讲话。',
    '要坚决守好阵地，推动意识形态工作责任制落地，加强形势分析研判，营造良好的网上舆论氛围。',
    '会议传达学习了《中国共产党党和国家机关基层组织工作条例》和《中国共产党国有企业基层组织工作条例（试行）》。',
    '会议强调，要学习贯彻“两个条例”，深入宣传解读，全面掌握主要内容和目标要求。',
    '国有企业要加强党对企业的全面领导，把党建工作与企业生产经营深度融合，打造一支坚强有力的党员干部队伍。',
    '各级各部门、各企业党委（党组）要切实抓好基层组织工作责任落实。',
]

#: Headlines without punctuation.
HEADLINES = [
    '云龙建立23个疫情防控心理援助服务微信群',
    '心理辅导助力疫情防控',
    '株洲高新区全力保障企业复工复产',
    '听指挥才能打胜仗',
    '全力以赴 保障疫情防控物资供应',
    '阳卫国赴茶陵督导疫情防控工作',
    '落实各项防控措施',
    '全力切断传播途径',
    '政协委员的抗“疫”足迹',
    '中晟全肽：向全球药物研发机构免费开放超大型多肽库',
    '快速推进抗 2019-nCoV 新药研究',
    '阳卫国安排部署疫情防控工作',
    '落实落细各项防控举措',
    '市委常委会召开会议',
    "全力保障企业复工复产",
    "新春走基层",
    "城市更新让老街焕发新活力",
    "科技创新引领产业升级",
]

#: English sentences, for mixed pages.
ENGLISH = [
    "The city council met on Tuesday to discuss the new budget.",
    "Officials said the measures would remain in place until March.",
    "Local businesses have reopened under strict health guidelines.",
    "More than 200 volunteers joined the effort over the weekend.",
]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def char_width(ch: str) -> float:
    """Printed width in characters: CJK 1, punctuation and ASCII one half."""
    if ch.isascii():
        return 0.5
    if ch in "，。、；：？！“”‘’（）《》「」…—·":
        return 0.5
    return 1.0


def wrap(text: str, columns: int, indent: int = 2) -> list[str]:
    """Lay *text* out in lines of *columns* characters; the first line is
    *indent* characters short (the indent that extraction drops). A mark that
    may not start a line hangs at the end of the line before — one at most: a
    second pushes the last character down with it, as typesetters do.

    >>> wrap("一二三四五六七八九十，一二三四。", 6)
    ['一二三四', '五六七八九十，', '一二三四。']
    >>> wrap("甲乙一二三四），五", 4)
    ['甲乙', '一二三', '四），五']
    """
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    limit = columns - indent
    for ch in text:
        w = char_width(ch)
        if current and used + w > limit:
            if ch not in NO_LINE_START:
                lines.append("".join(current))
                current, used, limit = [], 0.0, columns
            elif used > limit:  # a mark already hangs: push the last character down
                j = len(current) - 1
                while j > 0 and current[j] in NO_LINE_START:
                    j -= 1
                if j > 0:
                    lines.append("".join(current[:j]))
                    current, limit = current[j:], columns
                    used = sum(char_width(c) for c in current)
        current.append(ch)
        used += w
    if current:
        lines.append("".join(current))
    return lines


@dataclass
class Page:
    """A generated page: its extracted text and its true blocks (kind, text)."""

    text: str
    blocks: list[tuple[str, str]] = field(default_factory=list)
    columns: int = 0
    style: str = ""
    #: Index (in ``text.split("\\n")``) of each block's first line.
    starts: list[int] = field(default_factory=list)
    #: The article (0, 1, …) each block belongs to.
    articles: list[int] = field(default_factory=list)


def paragraph(rng: random.Random, sentences: int | None = None) -> str:
    n = sentences or rng.randint(1, 4)
    return "".join(rng.choice(SENTENCES) for _ in range(n))


def generate_page(
    rng: random.Random,
    *,
    articles: int | None = None,
    columns: int | None = None,
    style: str | None = None,
    column_height: int | None = None,
    markers: bool = True,
) -> Page:
    """Generate one page.

    *style* is "blank" (a blank line between blocks, and at every column
    break), "double" (a blank line after every line), "bare" (no blank lines)
    or "mixed" (each article its own). *columns* is the column width in
    characters (8-25); *column_height* the lines in a column before a break.
    """
    columns = columns or rng.randint(8, 25)
    style = style or rng.choice(("blank", "blank", "double", "bare", "mixed"))
    column_height = column_height or rng.randint(12, 40)
    out: list[str] = []
    blocks: list[tuple[str, str]] = []
    starts: list[int] = []
    owners: list[int] = []
    in_column = 0
    article = 0
    # A page is set one way: headlines above their articles, or (as the text
    # layer of the seed page returns them) after.
    head_after = rng.random() < 0.3

    def emit(kind: str, text: str, lines: list[str], article_style: str) -> None:
        nonlocal in_column
        if out and article_style in ("blank", "double") and out[-1] != "":
            out.append("")
        starts.append(len(out))
        owners.append(article)
        for k, line in enumerate(lines):
            out.append(line)
            in_column += 1
            last = k == len(lines) - 1
            if article_style == "double" and not last:
                out.append("")
            elif article_style == "blank" and in_column >= column_height and not last:
                out.append("")  # a column break in mid-paragraph
                in_column = 0
        blocks.append((kind, text))

    for article in range(articles or rng.randint(1, 4)):
        astyle = rng.choice(("blank", "double", "bare")) if style == "mixed" else style
        heads = [rng.choice(HEADLINES)]
        if rng.random() < 0.3:
            # A kicker above the title is set smaller: the shorter line.
            shorter = [h for h in HEADLINES if len(h) < len(heads[0])]
            if shorter:
                heads.insert(0, rng.choice(shorter))
        if not head_after:
            for h in heads:
                emit("headline", h, [h], astyle)
        if rng.random() < 0.8:
            byline = rng.choice(("株洲日报记者 ", "本报记者 ", "新华社记者 ")) + _name(rng)
            emit("byline", byline, [byline], astyle)
        for p in range(rng.randint(1, 5)):
            text = paragraph(rng)
            if p == 0 and rng.random() < 0.4:
                text = "株洲日报讯 " + text
            emit("paragraph", text, wrap(text, columns), astyle)
        if markers and rng.random() < 0.4:
            marker = f"下转A{rng.randint(2, 12)}版" + (rng.choice(_CIRCLED) if rng.random() < 0.7 else "")
            emit("marker", marker, [marker], astyle)
        if head_after:
            for h in heads:
                emit("headline", h, [h], astyle)
    return Page("\n".join(out) + "\n", blocks, columns, style, starts, owners)


def boundaries(blocks: list[str]) -> set[int]:
    """Block starts as offsets in the non-whitespace character stream."""
    starts, pos = set(), 0
    for text in blocks:
        starts.add(pos)
        pos += sum(1 for ch in text if not ch.isspace())
    return starts


def f1(truth: set, predicted: set) -> float:
    """F1 of a predicted set against the true one (1.0 when both are empty).

    >>> f1({1, 2, 3}, {2, 3, 4})
    0.6666666666666666
    """
    if not truth and not predicted:
        return 1.0
    hit = len(truth & predicted)
    if not hit:
        return 0.0
    precision, recall = hit / len(predicted), hit / len(truth)
    return 2 * precision * recall / (precision + recall)


def boundary_f1(true_blocks: list[str], predicted_blocks: list[str]) -> float:
    """F1 of predicted block starts against the true ones (on the
    non-whitespace character stream, so spacing repairs do not shift them)."""
    return f1(boundaries(true_blocks), boundaries(predicted_blocks))


def article_grouping_accuracy(pages: int = 200, seed: int = 0) -> dict:
    """How often reflow puts a body block in its true article, on generated pages.

    Each predicted body block is traced (by where it starts in the text) to
    the true block it starts in, and so to its true article; a predicted
    article stands for the true article most of its body blocks come from.
    The score is the share of body blocks whose predicted article stands for
    their true article.
    """
    from reflow import parse

    hit = total = 0
    for n in range(pages):
        page = generate_page(random.Random(seed + n))
        starts = sorted(boundaries([t for _, t in page.blocks]))
        doc = parse(page.text)
        pos, where = 0, {}
        for b in doc.blocks:
            where[id(b)] = pos
            pos += sum(1 for ch in b.text if not ch.isspace())
        for art in doc.articles:
            truths = []
            for b in art.body:
                k = max(0, bisect.bisect_right(starts, where[id(b)]) - 1)
                truths.append(page.articles[k])
            if not truths:
                continue
            major = max(set(truths), key=truths.count)
            hit += truths.count(major)
            total += len(truths)
    return {"pages": pages, "accuracy": hit / total if total else 1.0}
