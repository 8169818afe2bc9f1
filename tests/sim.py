"""An adversarial page layout generator: clean text laid out the way extraction returns it.

It takes clean paragraphs, headlines, bylines and jump markers and lays them
out in newspaper columns — and it does not lay them out the way reflow's
parser expects. On one page: articles of different column widths, a width
change in mid-article (text set beside a photo box), first-line indents of 0,
1 or 2 characters (none at all on 1930s-style pages), headlines wrapped over
two lines and decks of 2–4 headline lines (kicker, title, ——subtitle), placed
before or after their article, lines that start with 、，。 (no kinsoku), a
paragraph whose final 。 was dropped by OCR, sentences ended by 、, digits and
Latin words with the spaces extraction puts around them, bylines and
datelines in several forms, and jump markers set between two columns of a
paragraph. Column breaks are a blank line, a blank after every line, or
nothing at all, as bare OCR output has.

It knows the true blocks, so the invariants (lossless, idempotent, no line
starting with a closing mark, markers found) can be checked on its pages. It
is not a measure of accuracy: whatever it scores, real pages decide (the
corpus gate). The benchmark suite uses it for speed inputs and a smoke figure.

    >>> import random
    >>> page = generate_page(random.Random(1))
    >>> page.blocks[0][0] in ("headline", "byline", "paragraph", "marker")
    True
    >>> "".join(page.text.split()) == "".join("".join(t for _, t in page.blocks).split())
    True
"""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field

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

#: More clean sentences, written for this generator: half-width digits,
#: percentages, times, Latin words and abbreviations, ？！ and …… endings,
#: enumerations with ；.
MORE_SENTENCES = [
    '截至3月15日，全市已有1265家规模以上工业企业复工，复工率达到97.6%。',
    '市民可通过“i株洲”APP预约办理，平均办理时间缩短到15分钟。',
    '该项目总投资12.8亿元，规划建设5G基站360个，年内实现主城区全覆盖。',
    '工作人员介绍，新系统采用AI识别技术，每天可处理订单3万余单。',
    '今年1至2月，全市PM2.5平均浓度同比下降8.3%，空气质量优良天数比例为91.5%。',
    '记者从市交通运输局获悉，K28路公交线路将于4月1日起延伸至高铁站。',
    '“我们每天早上7点开门，晚上9点才关门。”店主说。',
    '据统计，春节期间全市共接待游客68.5万人次，实现旅游收入4.2亿元。',
    '社区还为独居老人安装了智能门磁和SOS呼叫器，一旦发生意外，可第一时间联系网格员。',
    '目前，该企业的产品已出口到德国、巴西、越南等20多个国家和地区。',
    '下一步，我们将继续做好服务保障，让企业安心生产、放心发展。',
    '比赛共设男子组、女子组和混合组3个组别，吸引了来自全省的416名选手参加。',
    '该校今年新开设了Python编程、机器人等7门选修课，报名人数超过600人。',
    '村里的合作社去年分红23万元，户均增收1800余元；今年计划再扩种油茶500亩。',
    '一是加强排查；二是严格管控；三是做好服务。',
    '随后，记者来到荷塘区的一家超市，蔬菜、肉类、米面油等生活必需品货源充足，价格平稳。',
    '“这个月的订单已经排满了！”车间主任笑着说。',
    '家门口就能看病，谁不高兴呢？',
    '大家你一言我一语，说起了这些年村里的变化……',
    '上午10:30，首批32名返岗员工乘坐专车抵达园区。',
    '全年地区生产总值（GDP）增长7.2%，高于全省平均水平0.4个百分点。',
    '新建的LED显示屏实时发布路况信息，高峰时段车辆通行时间缩短了约20%。',
    '据介绍，这条生产线引进了德国Siemens的控制系统，一期产能为每年50万台。',
    '“过去办个证要跑好几趟，现在手机上点一点就办好了。”市民刘女士说。',
    '活动为期3天，共有87家企业进场招聘，提供就业岗位2300余个。',
    '河道两岸新种植了樟树、桂花树等1.2万株，沿线建成步道4.6公里。',
    '夜幕降临，老街上的灯笼次第亮起，游客们三三两两地走进小店。',
    '检查组一行先后来到3个乡镇，查看了防汛物资储备和值班值守情况。',
    '会上，6家银行与32家中小企业签约，授信金额共计9.7亿元。',
    '她说，最难的是头一个月，每天要打200多个电话。',
]

#: 1930s-style sentences, written for this generator: traditional
#: characters, 、 as the full stop, figures in Chinese numerals.
OLD_SENTENCES = [
    '本埠近日天氣驟寒、街頭露宿者漸多、各慈善團體已設粥廠數處、每日施粥兩次、',
    '昨日下午三時、市商會召集各業代表開會、討論米價問題、到會者四十餘人、',
    '據該會負責人稱、本年秋收尚稱豐稔、惟運輸不暢、以致市價連日上漲、',
    '警察局為維持秩序起見、已派員分赴各米店查看、如有囤積居奇者、定予嚴辦、',
    '聞該校定於下月一日開學、新生報名者甚為踴躍、',
    '是日天氣晴和、遊人如織、公園內外、頗極一時之盛、',
    '惟近來物價高漲、小民生計維艱、當局亟應設法救濟、以安人心、',
    '昨晚九時許、北門外某煙紙店忽告失慎、幸經救火會馳往灌救、未幾即熄、',
    '損失約計二百餘元、並無人受傷、起火原因、尚在調查中、',
    '該會此次籌募寒衣、共得棉衣一千二百餘件、已分發各區貧民、',
    '各界人士對於此舉、無不交口稱讚、',
    '據記者探悉、該路工程預定年內完成、屆時交通當更便利云、',
    '本報前載該廠停工消息、茲悉已於昨日復工。',
    '是晚到會者甚眾、由主席報告開會宗旨後、即行討論。',
]

#: More headlines, written for this generator (kind of text a title has).
MORE_HEADLINES = [
    '全市一季度经济运行稳中有进',
    '老旧小区改造惠及1.2万户居民',
    '5G网络年内覆盖主城区',
    '让群众办事“最多跑一次”',
    '春耕备耕正当时',
    '千名志愿者走进社区',
    '小小合作社 带富一方人',
    '我市出台十条措施支持中小企业渡过难关',
    '老街新生：一条巷子的三次改造',
]

#: Kickers (引题) and subtitles (副题), written for this generator.
KICKERS = ['新春走基层', '一线见闻', '聚焦民生实事', '项目建设年', '记者手记', '战疫一线']
SUBTITLES = [
    '——记市中心医院发热门诊护士团队',
    '——我市推进企业复工复产工作综述',
    '——来自乡村振兴一线的报道',
    '——专访市交通运输局负责人',
    '——写在全市重点项目集中开工之际',
]
OLD_HEADLINES = ['本埠米價續漲', '商會昨開臨時大會', '北門外昨晚失火', '寒衣募集已告竣事', '新校舍落成典禮', '各界籌募賑款']
OLD_KICKERS = ['當局決定嚴禁囤積', '市民紛紛解囊']
OLD_SUBTITLES = ['——損失約二百餘元', '——到會者四十餘人']

#: Subheadings (小标题) between paragraphs, written for this generator.
SUBHEADINGS = ['严防死守 筑牢社区防线', '精准施策，帮扶企业渡难关', '线上服务不打烊', '多措并举稳就业']

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_CN_DIGITS = "一二三四五六七八九十"

#: Marks that a typesetter keeps off the start of a line (kinsoku). The
#: generator's own list: whether a page honours it is drawn per article.
KINSOKU = "，。、；：？！）」』》〉】”’…%,.;:?!)"


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def byline(rng: random.Random) -> str:
    """A byline in one of the forms papers print."""
    a, b = _name(rng), _name(rng)
    return rng.choice((
        f"株洲日报记者 {a}",
        f"本报记者 {a}",
        f"新华社记者 {a} {b}",
        f"本报记者 {a} 通讯员 {b}",
        f"通讯员/{a} {b}",
        f"记者 {a} 摄",
        f"本报记者{a}摄影报道。",
        f"文/图 {a}",
        f"□本报记者 {a}",
        f"株洲日报全媒体记者 {a} 实习生 {b}",
    ))


def dateline(rng: random.Random, old: bool = False) -> str:
    """A dateline that opens a first paragraph (with its space, if any)."""
    if old:
        return rng.choice(("（本埠訊）", f"（南京{rng.choice(_CN_DIGITS)}日電）", "〔本報特訊〕"))
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((
        "株洲日报讯 ",
        "本报讯 ",
        f"本报讯（记者 {_name(rng)}）",
        f"新华社北京{m}月{d}日电 ",
        f"新华社长沙{m}月{d}日电（记者 {_name(rng)}）",
        f"株洲日报{m}月{d}日讯 ",
    ))


def marker(rng: random.Random, where: str, old: bool = False) -> str:
    """A jump marker: *where* is "end" (the article breaks off), "start"
    (it resumes) or "between" (a pointer set between two columns)."""
    n, circ = rng.randint(2, 12), (rng.choice(_CIRCLED) if rng.random() < 0.6 else "")
    if old:
        verb = {"end": "下轉", "start": "上接", "between": "轉"}[where]
        label = _CN_DIGITS[n - 1] if n <= 10 else "十" + _CN_DIGITS[n - 11]
        return f"（{verb}第{label}版）"
    if where == "end":
        return rng.choice((f"下转A{n}版{circ}", f"（下转第{n}版）", f"(转{n}版)", f"下转A{n:02d}版{circ}"))
    if where == "start":
        return rng.choice((f"上接A1版{circ}", "（上接第1版）", f"上接第一版{circ}"))
    return rng.choice((f"下转A{n}版{circ}", f"（详见第{n}版）", f"相关新闻见A{n}版", f"（转第{n}版）"))


def char_width(ch: str) -> float:
    """Printed width in characters: CJK 1, punctuation and ASCII one half."""
    if ch.isascii():
        return 0.5
    if ch in "，。、；：？！“”‘’（）《》「」…—·":
        return 0.5
    return 1.0


def wrap(text: str, columns, indent: int = 2, kinsoku: bool = True) -> list[str]:
    """Lay *text* out in lines of *columns* characters (an int, or a function
    of the line number: a column narrowed beside a photo); the first line is
    *indent* characters short (the indent that extraction drops). With
    *kinsoku*, a mark that may not start a line hangs at the end of the line
    before — one at most: a second pushes the last character down with it,
    as typesetters do. Without it, a line may start with any mark.

    >>> wrap("一二三四五六七八九十，一二三四。", 6)
    ['一二三四', '五六七八九十，', '一二三四。']
    >>> wrap("甲乙一二三四），五", 4)
    ['甲乙', '一二三', '四），五']
    >>> wrap("一二三四五六七八，九", 4, indent=0, kinsoku=False)
    ['一二三四', '五六七八', '，九']
    >>> wrap("一二三四五六七八九十", lambda k: 4 if k < 1 else 2, indent=0)
    ['一二三四', '五六', '七八', '九十']
    """
    width_of = columns if callable(columns) else (lambda k: columns)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    limit = width_of(0) - indent
    for ch in text:
        w = char_width(ch)
        if current and used + w > limit:
            if not kinsoku or ch not in KINSOKU:
                lines.append("".join(current))
                current, used = [], 0.0
                limit = width_of(len(lines))
            elif used > limit:  # a mark already hangs: push the last character down
                j = len(current) - 1
                while j > 0 and current[j] in KINSOKU:
                    j -= 1
                if j > 0:
                    lines.append("".join(current[:j]))
                    current = current[j:]
                    limit = width_of(len(lines))
                    used = sum(char_width(c) for c in current)
        current.append(ch)
        used += w
    if current:
        lines.append("".join(current))
    return lines


def split_headline(rng: random.Random, title: str) -> list[str]:
    """A title set over two lines: at its space if it has one, else where
    the editor breaks it (never before a mark)."""
    if " " in title.strip():
        head, _, tail = title.partition(" ")
        return [head + " ", tail]
    cuts = [i for i in range(2, len(title) - 1) if title[i] not in KINSOKU and title[i - 1] not in "“《（"]
    if not cuts:
        return [title]
    i = rng.choice(cuts)
    return [title[:i], title[i:]]


_ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.%:/+-]*")


def spaced(rng: random.Random, line: str) -> str:
    """Spaces around runs of digits and Latin letters, as extraction puts them (2月 3日, 6 桶)."""
    return _ASCII_RUN.sub(lambda m: rng.choice(("", " ")) + m.group(0) + rng.choice(("", " ")), line).strip(" ") or line


@dataclass
class Page:
    """A generated page: its extracted text and its true blocks (kind, text)."""

    text: str
    blocks: list[tuple[str, str]] = field(default_factory=list)
    #: The first article's column width.
    columns: int = 0
    style: str = ""
    #: Index (in ``text.split("\\n")``) of each block's first line.
    starts: list[int] = field(default_factory=list)
    #: The article (0, 1, …) each block belongs to.
    articles: list[int] = field(default_factory=list)
    #: Every column width set on the page (photo boxes included).
    widths: list[int] = field(default_factory=list)
    #: "modern" or "1930s".
    era: str = "modern"


def paragraph(rng: random.Random, sentences: int | None = None, pool: list[str] | None = None) -> str:
    pool = pool or SENTENCES
    n = sentences or rng.randint(1, 4)
    return "".join(rng.choice(pool) for _ in range(n))


def generate_page(
    rng: random.Random,
    *,
    articles: int | None = None,
    columns: int | None = None,
    style: str | None = None,
    column_height: int | None = None,
    markers: bool = True,
    era: str | None = None,
) -> Page:
    """Generate one page.

    *style* is "blank" (a blank line between blocks, and at every column
    break), "double" (a blank line after every line), "bare" (no blank lines)
    or "mixed" (each article its own). *columns* is the first article's column
    width in characters (8-25); the others draw their own. *column_height* is
    the lines in a column before a break. *era* is "modern" or "1930s" (no
    indents, 、 as the full stop, traditional characters).
    """
    era = era or ("1930s" if rng.random() < 0.15 else "modern")
    old = era == "1930s"
    columns = columns or rng.randint(8, 25)
    style = style or rng.choice(("blank", "blank", "double", "bare", "mixed"))
    column_height = column_height or rng.randint(12, 40)
    out: list[str] = []
    blocks: list[tuple[str, str]] = []
    starts: list[int] = []
    owners: list[int] = []
    widths: list[int] = []
    in_column = 0
    article = 0
    # Most pages set every headline on one side of its article; some mix.
    after_rate = rng.choice((0.0, 0.0, 0.3, 1.0))
    pool = OLD_SENTENCES if old else SENTENCES + MORE_SENTENCES
    titles = OLD_HEADLINES if old else HEADLINES + MORE_HEADLINES

    def dress(line: str, art: dict, body: bool) -> str:
        if art["spaced"]:
            line = spaced(rng, line)
        if body and len(line) >= 6 and not _ASCII_RUN.search(line) and rng.random() < 0.03:
            line = " ".join(line)  # a justified line, letter-spaced by extraction
        if rng.random() < 0.02:
            line = " " + line
        return line

    def emit(kind: str, lines: list[str], art: dict, body: bool = False) -> None:
        """Put *lines* (one block) out; a column break inside a body block may
        get a jump marker set between the two columns, which splits the block."""
        nonlocal in_column
        astyle = art["style"]
        if out and astyle in ("blank", "double") and out[-1] != "":
            out.append("")
        starts.append(len(out))
        owners.append(article)
        first = 0
        for k, line in enumerate(lines):
            out.append(dress(line, art, body))
            in_column += 1
            last = k == len(lines) - 1
            if astyle == "double" and not last:
                out.append("")
            if in_column >= column_height and not last:  # a column break in mid-block
                in_column = 0
                if astyle == "blank":
                    out.append("")
                if body and markers and rng.random() < 0.2:
                    blocks.append((kind, "".join(lines[first:k + 1])))
                    m = marker(rng, "between", old)
                    starts.append(len(out))
                    owners.append(article)
                    out.append(m)
                    blocks.append(("marker", m))
                    if astyle in ("blank", "double"):
                        out.append("")
                    first = k + 1
                    starts.append(len(out))
                    owners.append(article)
        blocks.append((kind, "".join(lines[first:])))

    for article in range(articles or rng.randint(1, 4)):
        width = columns if article == 0 else (widths[-1] if rng.random() < 0.3 else rng.randint(8, 25))
        if old:
            width = min(width, rng.randint(6, 16))
        widths.append(width)
        art = {
            "style": rng.choice(("blank", "double", "bare")) if style == "mixed" else style,
            "spaced": not old and rng.random() < 0.3,
        }
        indent = 0 if old else rng.choice((0, 1, 2, 2, 2))
        kinsoku = rng.random() < 0.6
        # A photo box: from article line *box* on, *box_lines* lines are set narrower.
        box, box_lines, narrow = None, 0, width
        if rng.random() < 0.25 and width >= 8:
            box, box_lines = rng.randint(1, 10), rng.randint(3, 12)
            narrow = rng.randint(4, width - 3)
            widths.append(narrow)
        line_no = 0  # lines of body set so far in this article

        def body_wrap(text: str, first_indent: int) -> list[str]:
            start = line_no

            def width_of(k: int) -> int:
                n = start + k
                return narrow if box is not None and box <= n < box + box_lines else width

            return wrap(text, width_of, first_indent, kinsoku)

        # The headline deck: kicker, title (perhaps over two lines), subtitle.
        title = rng.choice(titles)
        deck: list[list[str]] = [split_headline(rng, title) if rng.random() < 0.3 else [title]]
        if rng.random() < 0.3:
            deck.insert(0, [rng.choice(OLD_KICKERS if old else KICKERS + [h for h in HEADLINES if len(h) < len(title)])])
        if rng.random() < 0.25:
            deck.append([rng.choice(OLD_SUBTITLES if old else SUBTITLES)])
        head_after = rng.random() < after_rate

        def put_deck() -> None:
            for lines in deck:
                emit("headline", lines, art)

        if not head_after:
            put_deck()
        if markers and rng.random() < 0.15:
            m = marker(rng, "start", old)
            emit("marker", [m], art)
        trailing_bylines = []
        if not old and rng.random() < 0.75:
            lines = [byline(rng) for _ in range(rng.choice((1, 1, 1, 2)))]
            if rng.random() < 0.2:
                trailing_bylines = lines
            else:
                for b in lines:
                    emit("byline", [b], art)
        captioned = False
        for p in range(rng.randint(1, 5)):
            if p and rng.random() < 0.1:
                emit("subheading", [rng.choice(OLD_KICKERS if old else SUBHEADINGS)], art)
            text = paragraph(rng, pool=pool)
            if p == 0 and rng.random() < 0.5:
                text = dateline(rng, old) + text
            if not old and rng.random() < 0.1:
                text = text[:-1] + "、" if text.endswith("。") else text  # a sentence ended by 、
            if rng.random() < 0.15 and text.endswith("。"):
                text = text[:-1]  # OCR dropped the final 。
            lines = body_wrap(text, indent)
            emit("paragraph", lines, art, body=True)
            line_no += len(lines)
            if box is not None and line_no > box and not captioned and rng.random() < 0.6:
                # The photo's caption, where extraction puts it: after the text beside it.
                cap = "▲" + rng.choice(pool).rstrip("。、") + ("。" if rng.random() < 0.5 else "") + f" 记者 {_name(rng)} 摄"
                emit("caption", [cap], art)
                captioned = True
        for b in trailing_bylines:
            emit("byline", [b], art)
        if markers and rng.random() < 0.35:
            emit("marker", [marker(rng, "end", old)], art)
        if head_after:
            put_deck()
    return Page("\n".join(out) + "\n", blocks, columns, style, starts, owners, widths, era)


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
