"""Entities of a text: organisations and people's titles from the lexicon, 《》 works, figures and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhoubao.text.cjk import HAN
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon, default_lexicon
from zhoubao.text.tokenize import works

# Figures that identify an event: amounts, counts with units, percentages ("326.1亿元", "24集", "15.6%").
FIGURE = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|‰|亿元|万元|亿美元|万美元|亿港元|亿|万|千|百|元|美元|集|期|部|家|个|人次|万人|亿人|次|条|款|项|小时|分钟|秒|GB|P|K|倍|户|所|名|座|场|国)"
)
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
# The hundred or so commonest surnames (and a few compound ones): a person's name starts with one of them.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
# Where a name sits in news copy: after a title ("副总裁周敏") or around an appointment ("任命孙立平为", "罗晓东出任").
_AFTER = re.compile(rf"(?:任命|聘任|聘请|提名|选举|推选)([{HAN}]{{2,3}})(?:为|担任|出任)")
_BEFORE = re.compile(rf"([{HAN}]{{2,3}})(?=(?:将|已|正式)?(?:出任|担任|接任|升任|卸任|辞任|辞去|离任|履新))")


@dataclass
class Entities:
    organisations: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    works: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)

    def as_list(self) -> list[str]:
        """What a Story stores: organisations, then 《works》 (the names that make a story)."""
        return self.organisations + [f"《{w}》" for w in self.works]


def figures(text: str) -> list[str]:
    """Distinct figures with units, as written (digits normalised: no spaces between number and unit)."""
    return list(dict.fromkeys(m.group(1) + m.group(2) for m in FIGURE.finditer(text)))


def dates(text: str) -> list[str]:
    return list(dict.fromkeys(f"{int(m.group(2))}月{int(m.group(3))}日" for m in DATE.finditer(text)))


def people(text: str, lexicon: Lexicon | None = None) -> set[str]:
    """Likely names of people (2 and 3 character readings of each), from titles and appointment phrases.

    Without a name dictionary a name's length is unknown ("周敏挂帅" vs "孙立平出任"), so both readings are kept;
    two reports name one person when their sets meet.
    """
    lex = lexicon or default_lexicon()
    out: set[str] = set()

    def add(cand: str) -> None:
        for k in (2, 3):
            name = cand[:k]
            if len(name) == k and name[0] in SURNAMES and not lex.knows(name):
                out.add(name)

    for hit in lex.mentions(text):
        if hit.category == "titles":
            end = hit.start + len(hit.alias)
            add(text[end : end + 3])
    for m in _AFTER.finditer(text):
        add(m.group(1))
    for m in _BEFORE.finditer(text):
        g = m.group(1)
        add(g)
        if len(g) == 3:
            add(g[1:])
    return out


def extract(text: str, lexicon: Lexicon | None = None) -> Entities:
    lex = lexicon or default_lexicon()
    found = lex.mentions(text)
    orgs = list(dict.fromkeys(m.name for m in found if m.category in ORGANISATIONS))
    return Entities(
        organisations=orgs,
        platforms=list(dict.fromkeys(m.name for m in found if m.category == "platforms")),
        titles=list(dict.fromkeys(m.name for m in found if m.category == "titles")),
        terms=list(dict.fromkeys(m.name for m in found if m.category == "terms")),
        works=works(text),
        figures=figures(text),
        dates=dates(text),
    )
