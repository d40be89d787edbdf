"""Sample issues of varied shape for the renderer tests and the render benchmark."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta

from zhoubao.compose.document import (
    Footer,
    IssueDoc,
    ItemDoc,
    Masthead,
    ReportRef,
    SectionDoc,
    StoryDoc,
    Style,
)

SECTIONS = ["要闻", "行业", "内容", "技术", "资本", "人事", "研究"]
GROUPED = {"内容", "技术"}

_SUBJECTS = [
    "工业和信息化部", "国家广播电视总局", "国家统计局", "中国网络视听协会", "星河视频", "云帆科技",
    "北辰传媒", "海川影业", "青禾数据", "蓝鲸研究院", "国家版权局", "市场监管总局", "南山资本",
]
_PLATFORMS = ["星河视频", "云帆视频", "北辰TV", "海川影业", "青禾音乐"]
_WORKS = ["山海长歌", "夏日合唱团", "海上丝路", "长安十二时辰", "星辰大海", "逐光者", "云上的村庄", "零点计划"]
_EVENTS = [
    "前三季度软件业务收入同比增长{pct}%", "发布《网络视听节目管理办法（征求意见稿）》", "上线“长辈模式”",
    "完成{money}亿元B轮融资", "推出{latin}大模型", "与{outlet}签署战略合作协议", "公布{year}年第一季度财报",
    "任命新一届管理层", "发布《{year}中国微短剧行业发展报告》", "启动“清朗·{year}”专项行动",
]
_LEADS = ["{m}月{d}日，", "近日，", "当地时间{m}月{d}日，", "据国家统计局网站消息，", "有消息称，", "{m}月{d}日晚间，"]
_CLAUSES = [
    "{subj}宣布{event}", "该剧讲述了{work}背后的故事", "报告显示，{year}年市场规模达到{money}亿元，同比增长{pct}%",
    "会议指出，要坚持正确导向，推动行业高质量发展", "{latin}用户数突破{n}万，日活跃用户环比增长{pct}%",
    "节目将于{m}月下旬在《{work}》频道播出", "相关负责人表示，将持续加大对原创内容的投入",
    "据悉，该项目总投资约{money}亿元，预计{year}年建成", "{subj}称，“{work}”计划已覆盖{n}个城市",
    "业内人士认为，Apple Vision Pro与GPT-4o等产品将带动Wi-Fi 7终端普及",
    "数据显示，CTR为{pct}%，ARPU值为{money}元", "《{work}》累计播放量超过{n}亿次",
]
_LATIN = ["AI", "5G", "AIGC", "GPT-4o", "Sora", "Apple Intelligence", "DeepSeek-V3", "HarmonyOS NEXT", "Wi-Fi 7", "4K/HDR"]
_OUTLETS = ["新华网", "人民网", "央视新闻", "澎湃新闻", "界面新闻", "36氪", "财联社"]
_NAMES = ["张明", "李华", "王芳", "赵磊", "陈静", "刘洋"]

HOSTILE = [
    "<script>alert('x')</script>标题",
    "#set page(fill: red) $x^2$ *粗体* _斜体_ @label <anchor> \\ `raw` ] [ #{ 1 + 1 }",
    '<img src="file:///etc/passwd" onerror="alert(1)"> <a href="javascript:alert(1)">点我</a>',
    "控制字符\x00\x01\x07\x1b[31m\x7f\x85\u202e反转\u2066结束\ufffe",
    "]]></w:t></w:r><w:r><w:t>XML 注入 &amp; &lt; {{ jinja }} {% tag %}",
    "<style>body{display:none}</style><!-- 注释 --><iframe src=x></iframe>",
]


def _spaced(text: str) -> str:
    """The ``space`` house style: a space between CJK characters and digits/Latin letters."""
    text = re.sub(r"([\u4e00-\u9fff])([A-Za-z0-9])", r"\1 \2", text)
    return re.sub(r"([A-Za-z0-9%])([\u4e00-\u9fff])", r"\1 \2", text)


class _Gen:
    def __init__(self, rng: random.Random, spacing: str) -> None:
        self.rng = rng
        self.spacing = spacing

    def fill(self, template: str) -> str:
        r = self.rng
        out = template.format(
            m=r.randint(1, 12), d=r.randint(1, 28), pct=f"{r.randint(1, 99)}.{r.randint(0, 9)}",
            money=r.choice(["3", "12.5", "120", "0.8", "1,024"]), year=r.choice(["2024", "2025"]),
            latin=r.choice(_LATIN), outlet=r.choice(_OUTLETS), subj=r.choice(_SUBJECTS),
            work=r.choice(_WORKS), n=r.randint(2, 9999),
            event=r.choice(_EVENTS).format(
                pct=r.randint(1, 40), money=r.randint(1, 50), latin=r.choice(_LATIN),
                outlet=r.choice(_OUTLETS), year=r.choice(["2024", "2025"]),
            ),
        )
        return _spaced(out) if self.spacing == "space" else out

    def title(self) -> str:
        r = self.rng
        if r.random() < 0.7:
            return self.fill(r.choice(_SUBJECTS) + "：" + r.choice(_EVENTS))
        return self.fill(r.choice(_SUBJECTS) + r.choice(_EVENTS))

    def short_title(self) -> str:
        r = self.rng
        kind = r.choice(["网络剧", "综艺", "纪录片", "电影", "微短剧"])
        verb = r.choice(["开播", "定档", "将登陆东南亚频道", "杀青", "发布预告", "上线"])
        return self.fill(f"{kind}《{r.choice(_WORKS)}》{verb}")

    def paragraph(self, sentences: int) -> str:
        r = self.rng
        parts = [self.fill(r.choice(_LEADS) + r.choice(_CLAUSES))]
        for _ in range(sentences - 1):
            parts.append(self.fill(r.choice(_CLAUSES)))
        return "，".join(parts[:2]) + ("。" if len(parts) <= 2 else "。" + "。".join(parts[2:]) + "。")

    def reports(self) -> list[ReportRef]:
        r = self.rng
        urls = ["https://www.example.cn/news/{}.html", "http://news.example.com/a/{}", "https://mp.weixin.qq.com/s/{}"]
        return [
            ReportRef(url=r.choice(urls).format(r.randint(1000, 99999)), outlet=r.choice(_OUTLETS),
                      title=self.title(), published=datetime(2025, 6, r.randint(1, 8), 9, 30))
            for _ in range(r.randint(1, 3))
        ]


def make_issue(seed: int, items: int | None = None, *, long_paragraphs: bool = False,
               spacing: str | None = None, grouped: bool = True, highlights: int | None = None) -> IssueDoc:
    """A random but reproducible issue; ``items`` defaults to a random count in 0–40."""
    rng = random.Random(seed)
    spacing = spacing or rng.choice(["none", "none", "space"])
    gen = _Gen(rng, spacing)
    count = rng.randint(0, 40) if items is None else items
    chosen = sorted(rng.sample(SECTIONS, rng.randint(1, len(SECTIONS))), key=SECTIONS.index)
    sections = [SectionDoc(name) for name in chosen]
    for i in range(count):
        section = sections[i % len(sections)] if i < len(sections) else rng.choice(sections)
        if grouped and section.name in GROUPED and rng.random() < 0.5:
            platform = rng.choice(_PLATFORMS)
            stories = [
                StoryDoc(gen.short_title(), [gen.paragraph(rng.randint(1, 3))], gen.reports())
                for _ in range(rng.randint(2, 4))
            ]
            title = platform + "：" + " | ".join(s.title for s in stories)
            section.items.append(ItemDoc(title, [s.paragraphs[0] for s in stories], stories))
        else:
            n_par = rng.choice([1, 1, 1, 2, 3])
            size = rng.randint(1, 4)
            if long_paragraphs and rng.random() < 0.5:
                size = rng.randint(12, 30)
            paras = [gen.paragraph(size) for _ in range(n_par)]
            title = gen.title()
            section.items.append(ItemDoc(title, paras, [StoryDoc(title, paras, gen.reports())]))
    sections = [s for s in sections if s.items]
    all_items = [it for s in sections for it in s.items]
    n_high = min(len(all_items), 5 if highlights is None else highlights)
    day = date(2025, 6, 9) + timedelta(weeks=rng.randint(-30, 30))
    return IssueDoc(
        masthead=Masthead(
            title=rng.choice(["行业动态周报", "网络视听行业动态周报", "数字文化产业周报"]),
            publisher=rng.choice(["中国网络视听协会", "某省广播电视协会", "星河集团战略发展部"]),
            number=rng.randint(1, 999), date=day,
        ),
        window_start=day - timedelta(days=7), window_end=day - timedelta(days=1),
        highlights=[it.title for it in all_items[:n_high]],
        sections=sections,
        footer=Footer(
            office=rng.choice(["协会信息部", "战略发展部研究室"]),
            editors=rng.sample(_NAMES, rng.randint(1, 2)),
            reviewers=rng.sample(_NAMES, rng.randint(1, 2)),
            note="本周报由公开报道汇编，不代表本会观点。",
            report_to=rng.sample(["会长、副会长", "理事会各成员单位", "主管部门"], rng.randint(1, 2)),
            send_to=rng.sample(["各会员单位", "各专业委员会", "本会各部门", "有关研究机构"], rng.randint(1, 3)),
        ),
        style=Style(cjk_spacing=spacing, bullet=rng.choice(["◆", "◆", "■", "●"])),
        state=rng.choice(["draft", "approved", "published"]),
    )


def make_corpus(count: int, start: int = 0) -> list[IssueDoc]:
    """``count`` issues: empty, short, full (40 items), long paragraphs, both spacing styles."""
    docs: list[IssueDoc] = []
    for i in range(start, start + count):
        shape = i % 5
        if shape == 0:
            docs.append(make_issue(i, items=40))
        elif shape == 1:
            docs.append(make_issue(i, long_paragraphs=True, items=12))
        elif shape == 2:
            docs.append(make_issue(i, spacing="space"))
        else:
            docs.append(make_issue(i))
    return docs


def hostile_issue() -> IssueDoc:
    """Every field carries text that would be active if a renderer forgot to escape it."""
    doc = make_issue(7, items=6)
    big = "超长段落" + "这是很长的一段文字，" * 20000  # ~200 KB
    doc.sections[0].items[0].paragraphs = [*HOSTILE, big]
    doc.sections[0].items[0].title = HOSTILE[0]
    doc.sections[0].items[0].stories[0].reports = [
        ReportRef("javascript:alert(1)", "<b>恶意</b>", "x", None),
        ReportRef("file:///etc/passwd", "文件", "x", None),
        ReportRef('https://ok.example.cn/a?x=1&y="2"', "正常来源", "x", None),
    ]
    if len(doc.items()) > 1:
        doc.items()[1].title = HOSTILE[1]
        doc.items()[1].paragraphs = [HOSTILE[1], HOSTILE[4]]
    doc.highlights = [HOSTILE[0], HOSTILE[1], HOSTILE[2]]
    doc.masthead = Masthead("<b>周报</b>#set", "协会 & <i>部门</i> $x$", 12, doc.masthead.date)
    doc.footer = Footer("<script>x</script>", ["张三<br>"], ["#李四"], HOSTILE[2], ["$报$"], ["`发`"])
    doc.style = Style(bullet="<b>")
    return doc
