"""Past issues in layouts of our own, as offices' Word and WPS set them, each with what a reader must find in it.

Written with python-docx, never by zhoubao's renderers: a red-head WPS document (titles told from the body by
their typeface alone, 仿宋 body with first-line indents, running header and page numbers, the masthead's
publisher and date in a borderless table), a compact 五号宋体 bulletin (titles bold at the body's size, 【栏目】
bars, a numbered 提要 without bullets, 2026.01.05), a report with sections of its own (第一部分 …, titles
numbered 1. to N across the whole issue, 总第 only, 编印：), and a sans-serif newsletter (sections in shaded
one-cell tables, ▶ 摘要 in a table, a date with spaced digits, long titles that wrap) and a bulletin whose bold
titles run in before their text in one paragraph, and one whose titles are numbered by Word's list numbering. Paragraphs are long
enough that a PDF made of them breaks some across pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

Item = tuple[str, list[str]]


@dataclass
class Layout:
    """What a file of one layout holds: the reader must give back exactly this."""

    title: str
    publisher: str
    number: int
    day: date
    highlights: list[str]
    sections: list[tuple[str, list[Item]]]
    editors: list[str] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [it for _name, items in self.sections for it in items]


_BODIES = ["国家广播电视总局", "国家互联网信息办公室", "工业和信息化部", "星河视频", "云图科技", "海蓝音乐", "中国信息通信研究院",
           "北辰影业", "OpenAI", "华光传媒"]
_EVENTS = [
    ("发布《关于推进网络视听节目高质量发展的指导意见》",
     "{d}，{b}发布《关于推进网络视听节目高质量发展的指导意见》，提出到2027年，培育100个以上精品节目品牌，建成一批具有国际影响力的"
     "网络视听平台。意见要求，各地要加强统筹协调，完善政策支持，推动网络视听与文化、旅游、体育等领域深度融合，"
     "并在内容审核、版权保护和未成年人保护等方面建立长效机制。"),
    ("公布2024年第一季度网络视听行业统计数据",
     "{d}，{b}公布2024年第一季度网络视听行业统计数据。数据显示，一季度全国网络视听用户规模达10.74亿人，同比增长2.6%；"
     "行业营收1,203.5亿元，同比增长11.4%，其中短视频营收占比58.3%，网络直播营收占比21.7%。"),
    ("上线“长辈模式”并升级无障碍观影功能",
     "{d}，{b}上线“长辈模式”，字号放大至1.5倍，首页仅保留“看电视”“看电影”“听戏曲”三个入口，并为视障用户提供"
     "口述影像版影片300余部。{b}表示，将在年内把无障碍片库扩充至1000部。"),
    ("与香港电台签署合作备忘录，共同制作纪录片《湾区故事》",
     "{d}，{b}与香港电台在香港签署合作备忘录，双方将共同制作6集纪录片《湾区故事》，记录粤港澳大湾区青年创业者的生活，"
     "预计于2025年初在两地同步播出。"),
    ("发布GPT-4o mini模型，API价格下调60%",
     "{d}，{b}发布GPT-4o mini模型，在MMLU基准上得分82.0%，API价格为每百万输入token 0.15美元，较GPT-3.5 Turbo下降60%以上。"
     "{b}称，该模型将逐步取代GPT-3.5 Turbo，成为ChatGPT免费用户的默认模型。"),
    ("启动2024年度“优秀网络视听作品”征集活动",
     "{d}，{b}启动2024年度“优秀网络视听作品”征集活动，征集范围包括网络剧、网络电影、网络纪录片、网络动画片、网络综艺节目和"
     "网络微短剧，申报截止日期为8月31日。活动设一等奖10名、二等奖20名、三等奖30名。"),
]


def _item(k: int, *, long: bool) -> Item:
    body, (event, text) = _BODIES[k % len(_BODIES)], _EVENTS[k % len(_EVENTS)]
    paras = [text.format(d=f"6月{k % 28 + 1}日", b=body)]
    if long:  # a second paragraph and a longer first: a PDF of 16pt text breaks some across pages
        paras[0] += "业内人士认为，此举有助于进一步规范市场秩序，提升优质内容供给能力，推动形成健康有序的行业生态。"
        paras.append(f"据了解，{body}此前已在北京、上海、广州、成都等12个城市开展试点，累计覆盖用户超过3,000万人。")
    return f"{body}：{event}", paras


def _sections(names: list[str], counts: list[int], *, long: bool = False) -> list[tuple[str, list[Item]]]:
    out, k = [], 0
    for name, n in zip(names, counts, strict=True):
        items = []
        for _ in range(n):
            items.append(_item(k, long=long and k % 2 == 0))
            k += 1
        out.append((name, items))
    return out


def _run(p: Any, text: str, *, bold: bool | None = None, size: float | None = None, font: str | None = None,
         red: bool = False) -> None:
    r = p.add_run(text)
    r.bold = bold
    if size:
        r.font.size = Pt(size)
    if font:
        r.font.name = font
        r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if red:
        r.font.color.rgb = RGBColor(0xC0, 0, 0)


def _para(d: Any, text: str, *, centred: bool = False, indent: float | None = None, **kw: Any) -> Any:
    p = d.add_paragraph()
    if centred:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent is not None:
        p.paragraph_format.first_line_indent = Pt(indent)
    _run(p, text, **kw)
    return p


def _bottom_rule(p: Any) -> None:
    """The red line under a red-head masthead: a paragraph border, as WPS draws it."""
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    p._p.get_or_add_pPr().append(bdr)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _shade_cell(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _header_footer(d: Any, header: str, footer: str) -> None:
    sec = d.sections[0]
    sec.header.paragraphs[0].text = header
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.text = footer


def redhead(path: Path) -> Layout:
    """A WPS red-head: titles in 楷体 and sections in 黑体, both at the 仿宋 body's size, none bold."""
    want = Layout("网络视听产业动态", "中国网络视听产业促进会", 412, date(2024, 6, 3), [],
                  _sections(["要闻", "行业", "技术"], [3, 4, 3], long=True), ["陈明", "刘芳"])
    want.highlights = [want.sections[0][1][0][0], want.sections[1][1][1][0], want.sections[2][1][0][0]]
    for _name, items in want.sections:  # a source line under some items' text: a note, never a title
        for _title, paras in items[::2]:
            paras.append("（来源：中国网络视听产业促进会）")
    d = Document()
    _para(d, want.title, centred=True, size=26, font="方正小标宋简体", red=True)
    _para(d, "2024年第23期（总第412期）", centred=True, size=16, font="仿宋_GB2312")
    t = d.add_table(rows=1, cols=2)
    _no_borders(t)
    _run(t.cell(0, 0).paragraphs[0], "中国网络视听产业促进会秘书处编", size=14, font="仿宋_GB2312")
    right = t.cell(0, 1).paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(right, "2024 年 6 月 3 日", size=14, font="仿宋_GB2312")
    _bottom_rule(_para(d, "", size=6))
    _para(d, "【本期要目】", size=16, font="黑体")
    for h in want.highlights:
        _para(d, "● " + h, size=16, font="仿宋_GB2312")
    for i, (name, items) in enumerate(want.sections):
        _para(d, "一二三四五"[i] + "、" + name, size=16, font="黑体", indent=32)
        for title, paras in items:
            _para(d, title, size=16, font="楷体_GB2312", indent=32)
            for text in paras:
                _para(d, text, size=16, font="仿宋_GB2312", indent=32)
    _para(d, "责编：陈明　刘芳", size=12, font="仿宋_GB2312")
    _para(d, "报：中央宣传部，国家广播电视总局", size=12, font="仿宋_GB2312")
    _para(d, "发：各会员单位", size=12, font="仿宋_GB2312")
    _header_footer(d, "网络视听产业动态　2024年第23期", "- 1 -")
    d.save(str(path))
    return want


def compact(path: Path) -> Layout:
    """A 五号宋体 bulletin: titles bold at the body's size, 【栏目】 bars, a numbered 提要, 2026.01.05."""
    want = Layout("数字文化周报", "数字文化研究中心", 5, date(2026, 1, 5), [],
                  _sections(["要闻", "政策", "市场", "企业"], [2, 3, 3, 2]), ["孙丽"])
    want.highlights = [it[0] for it in want.items()[:4]]
    d = Document()
    _para(d, want.title, centred=True, bold=True, size=22, font="宋体")
    _para(d, "第5期　　数字文化研究中心　　2026.01.05", centred=True, size=10.5, font="宋体")
    _para(d, "内容提要", bold=True, size=10.5, font="宋体")
    for n, h in enumerate(want.highlights, 1):
        _para(d, f"{n}．{h}", size=10.5, font="宋体")
    for name, items in want.sections:
        _para(d, f"【{name}】", bold=True, size=10.5, font="宋体")
        for title, paras in items:
            _para(d, title, bold=True, size=10.5, font="宋体")
            for text in paras:
                _para(d, text, size=10.5, font="宋体", indent=21)
    _para(d, "（编辑：孙丽　　审核：周强）", size=9, font="宋体")
    _header_footer(d, "", "第 1 页")
    d.save(str(path))
    return want


def numbered(path: Path) -> Layout:
    """Sections of the office's own (第一部分 …), titles numbered 1. to N across the issue, 总第 only, 编印："""
    names = ["政策动态", "行业数据", "企业动向"]
    want = Layout("产业观察", "华东文化产业研究院", 126, date(2025, 3, 17), [],
                  _sections(names, [3, 3, 4]), ["吴桐"])
    d = Document()
    _para(d, want.title, centred=True, bold=True, size=24, font="黑体")
    _para(d, "（总第126期）", centred=True, size=12, font="宋体")
    _para(d, "编印：华东文化产业研究院\t\t2025年3月17日", size=12, font="宋体")
    n = 0
    for i, (name, items) in enumerate(want.sections):
        _para(d, f"第{'一二三'[i]}部分　{name}", bold=True, size=15, font="黑体", centred=True)
        for title, paras in items:
            n += 1
            _para(d, f"{n}. {title}", bold=True, size=12, font="宋体")
            for text in paras:
                _para(d, text, size=12, font="宋体", indent=24)
    _para(d, "责任编辑：吴桐", size=10.5, font="宋体")
    _header_footer(d, "产业观察（内部资料）", "3")
    d.save(str(path))
    return want


def newsletter(path: Path) -> Layout:
    """Sans titles over a serif body, sections in shaded one-cell tables, ▶ 摘要 in a table, spaced digits."""
    want = Layout("视听行业简报", "长三角网络视听联盟", 36, date(2025, 9, 8), [],
                  _sections(["要闻", "行业", "内容", "资本"], [2, 3, 3, 2], long=True), ["郑洁", "冯远"])
    # A title long enough to wrap over two lines of the page.
    name, items = want.sections[1]
    items[0] = ("国家互联网信息办公室：发布《网络数据安全管理条例》配套规定征求意见稿并公开征求社会各界意见和建议", items[0][1])
    want.highlights = [want.sections[0][1][0][0], want.sections[1][1][0][0], want.sections[3][1][1][0]]
    d = Document()
    _para(d, want.title, centred=True, bold=True, size=28, font="微软雅黑")
    _para(d, "第 36 期", centred=True, size=12, font="微软雅黑")
    _para(d, "主办：长三角网络视听联盟　　　　2 0 2 5 年 9 月 8 日", centred=True, size=12, font="微软雅黑")
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    _run(cell.paragraphs[0], "本期摘要", bold=True, size=12, font="微软雅黑")
    for h in want.highlights:
        _run(cell.add_paragraph(), "▶ " + h, size=11, font="宋体")
    for name, items in want.sections:
        d.add_paragraph()
        bar = d.add_table(rows=1, cols=1).cell(0, 0)
        _shade_cell(bar, "1F4E79")
        _run(bar.paragraphs[0], name, bold=True, size=14, font="微软雅黑")
        for title, paras in items:
            _para(d, title, bold=True, size=12, font="微软雅黑")
            for text in paras:
                _para(d, text, size=11, font="宋体", indent=22)
    _para(d, "责编：郑洁、冯远　　复核：韩雪", size=10, font="宋体")
    _para(d, "发送：联盟各成员单位", size=10, font="宋体")
    _header_footer(d, "视听行业简报", "第1页 共3页")
    d.save(str(path))
    return want


def listed(path: Path) -> Layout:
    """Titles numbered by Word's own list numbering (the number is not in their text) in the body's face and size;
    a source line in brackets under each item's text."""
    want = Layout("行业参考", "某某视听研究会", 61, date(2025, 11, 10), [],
                  _sections(["要闻", "行业", "企业"], [3, 3, 3]), ["李四"])
    for _name, items in want.sections:
        for k, (_title, paras) in enumerate(items):
            paras.append(f"（来源：{['新华网', '人民网', '央视新闻'][k % 3]}）")
    d = Document()
    _para(d, want.title, centred=True, bold=True, size=22, font="宋体")
    _para(d, "第61期", centred=True, size=12, font="宋体")
    _para(d, "某某视听研究会　　2025年11月10日", centred=True, size=12, font="宋体")
    for name, items in want.sections:
        _para(d, name, bold=True, size=14, font="黑体")
        for title, paras in items:
            _run(d.add_paragraph(style="List Number"), title, size=12, font="宋体")
            for text in paras:
                _para(d, text, size=12, font="宋体", indent=0 if text.startswith("（") else 24)
    _para(d, "责编：李四", size=10, font="宋体")
    d.save(str(path))
    return want


def runin(path: Path) -> Layout:
    """Each title run in before its text in one paragraph (bold, a full-width space, then the text), no 摘要."""
    want = Layout("行业简讯", "某某网络视听协会", 8, date(2025, 3, 3), [],
                  _sections(["要闻", "行业", "企业"], [3, 3, 3], long=True), ["张三"])
    d = Document()
    _para(d, want.title, centred=True, bold=True, size=22, font="宋体")
    _para(d, "第8期　　某某网络视听协会　　2025年3月3日", centred=True, size=12, font="宋体")
    for name, items in want.sections:
        _para(d, name, bold=True, size=14, font="黑体")
        for title, paras in items:
            p = _para(d, title, bold=True, size=12, font="宋体", indent=24)
            _run(p, "\u3000" + paras[0], size=12, font="宋体")
            for text in paras[1:]:
                _para(d, text, size=12, font="宋体", indent=24)
    _para(d, "责编：张三", size=10, font="宋体")
    _header_footer(d, "", "- 1 -")
    d.save(str(path))
    return want


LAYOUTS = {"redhead": redhead, "compact": compact, "numbered": numbered, "newsletter": newsletter, "runin": runin,
           "listed": listed}
SECTION_NAMES = {"redhead": ["要闻", "行业", "技术"], "compact": ["要闻", "政策", "市场", "企业"],
                 "numbered": ["政策动态", "行业数据", "企业动向"], "newsletter": ["要闻", "行业", "内容", "资本"],
                 "runin": ["要闻", "行业", "企业"], "listed": ["要闻", "行业", "企业"]}
