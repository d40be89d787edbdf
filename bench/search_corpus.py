"""The search bench's generated archive: 网络视听 reports, their vocabulary, the labelled queries and relevance.

Reports are written from templates over the beat's vocabulary with Zipf-like weights (a few companies and words
are everywhere, most are rare), as an office's archive is: companies (sometimes by an alias: B站, 广电总局),
two-character words (融资 芯片 版权), phrases (微短剧 人工智能), Latin model names in the case and width the
outlets use (GPT-4o, ＧＰＴ-4o, gpt-4o, DeepSeek-V3), works 《…》 with a number making each rare, people, dates.

Relevance ("the document holds the query as the user means it") is decided here, independently of the index:
the text folded (NFKC, lower case) holds every word of the query, a word counting in any of the forms the
labelled set lists for it (哔哩哔哩 or B站), a Latin or numbered form not glued to a longer Latin/number run
(Sora is not in Soraya, 山海长歌17 is not in 山海长歌170).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_DAY = date(2022, 1, 3)  # a Monday: the archive spans four years of weeks from here
WEEKS = 208

# (written form, weight); a company may be written by an alias the lexicon knows.
COMPANIES = [("爱奇艺", 30), ("腾讯视频", 28), ("优酷", 18), ("芒果TV", 16), ("哔哩哔哩", 20), ("抖音", 30),
             ("快手", 22), ("字节跳动", 14), ("阿里巴巴", 12), ("百度", 12), ("华为", 10), ("小米", 8),
             ("中国移动", 6), ("咪咕视频", 6), ("网易", 6), ("小红书", 8), ("商汤科技", 4), ("科大讯飞", 5),
             ("智谱", 4), ("月之暗面", 4), ("阅文集团", 5), ("华策影视", 4), ("柠萌影视", 2), ("光线传媒", 3),
             ("万达电影", 3), ("博纳影业", 2), ("欢喜传媒", 1), ("昆仑万维", 2), ("美图", 1), ("快看漫画", 1)]
ALIASES = {"哔哩哔哩": ["B站", "哔哩哔哩", "哔哩哔哩"], "国家广播电视总局": ["广电总局", "国家广播电视总局"]}
BODIES = [("国家广播电视总局", 10), ("中央网信办", 6), ("工业和信息化部", 5), ("国家电影局", 4),
          ("中国网络视听协会", 4), ("中国互联网络信息中心", 2)]
WORDS = [("融资", 12), ("芯片", 8), ("版权", 10), ("直播", 16), ("电商", 12), ("监管", 9), ("算法", 7),
         ("会员", 10), ("广告", 12), ("出海", 6), ("算力", 6), ("票房", 8), ("综艺", 9), ("动画", 6),
         ("电竞", 4), ("游戏", 9), ("主播", 7), ("带货", 6), ("专利", 3), ("营收", 8), ("裁员", 2), ("并购", 3)]
PHRASES = [("微短剧", 16), ("网络剧", 10), ("大模型", 14), ("人工智能", 12), ("超高清", 5), ("短视频", 18),
           ("长视频", 6), ("网络视听", 10), ("文生视频", 4), ("数字人", 5), ("虚拟现实", 3), ("未成年人保护", 3),
           ("生成式人工智能", 4), ("微短视频", 1), ("短剧出海", 2)]
# A model name and the forms outlets write it in (case, full-width letters, spacing of the vendor's own).
MODELS = [(["GPT-4o", "gpt-4o", "ＧＰＴ-4o"], 10), (["Sora", "SORA", "sora"], 8),
          (["DeepSeek-V3", "Deepseek-V3", "deepseek-v3"], 8), (["DeepSeek-R1"], 6), (["Qwen2.5", "qwen2.5"], 5),
          (["Llama-3"], 3), (["Kimi"], 5), (["GLM-4"], 3), (["Vidu"], 2), (["Gemini-1.5"], 2),
          (["Claude-3.5"], 2), (["Soraya"], 1), (["GPT-4"], 2)]
ACTIONS = ["发布", "上线", "完成", "签约", "宣布", "推出", "定档", "收官", "立项", "备案", "升级", "启动"]
WORKS = ["山海长歌", "夏日合唱团", "长安夜行", "星河漫游", "繁花似锦", "南风知意", "云上人间", "青春练习曲",
         "逐光者", "大城小事", "烟火人家", "故宫守夜人", "追风少年", "海上明珠", "千里江山"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["明远", "思雨", "建华", "晓峰", "雅琴", "志强", "婷婷", "海涛", "文博", "佳怡", "子涵", "国栋", "秀英",
         "宇航", "若曦", "振宇", "凯文", "诗涵", "俊杰", "欣然"]
POSTS = ["首席执行官", "总裁", "副总裁", "总编辑", "首席技术官", "董事长", "总经理"]
OUTLETS = ["新华网", "人民网", "36氪", "界面新闻", "澎湃新闻", "第一财经", "财新网", "钛媒体", "虎嗅",
           "新京报", "21世纪经济报道", "经济观察报", "娱乐资本论", "DoNews", "IT之家"]


def _pick(rnd: random.Random, table: list[tuple[str, int]]) -> str:
    return rnd.choices([w for w, _ in table], weights=[c for _, c in table])[0]


def _company(rnd: random.Random) -> str:
    name = _pick(rnd, COMPANIES)
    return rnd.choice(ALIASES[name]) if name in ALIASES else name


def _body(rnd: random.Random) -> str:
    name = _pick(rnd, BODIES)
    return rnd.choice(ALIASES[name]) if name in ALIASES else name


def _model(rnd: random.Random) -> str:
    forms = rnd.choices([f for f, _ in MODELS], weights=[c for _, c in MODELS])[0]
    return rnd.choice(forms)


@dataclass(frozen=True)
class Doc:
    """One generated report: its day, source number, title, text and outlet."""

    day: date
    source: int
    title: str
    text: str
    outlet: str


def report(rnd: random.Random, day: date, sources: int) -> Doc:
    """A report of the beat: a headline and three to five sentences."""
    a, b = _company(rnd), _company(rnd)
    word, word2 = _pick(rnd, WORDS), _pick(rnd, WORDS)
    phrase = _pick(rnd, PHRASES)
    work = f"《{rnd.choice(WORKS)}{rnd.randint(1, 400)}》"
    person = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
    model = _model(rnd)
    action = rnd.choice(ACTIONS)
    figure = rnd.randint(2, 999)
    when = f"{day.month}月{day.day}日"
    title = rnd.choice([f"{a}{phrase}{work}{action}", f"{a}完成{word}{figure}亿元", f"{a}{action}{model}{phrase}应用",
                        f"{_body(rnd)}部署{phrase}{word}工作", f"{person}出任{a}{rnd.choice(POSTS)}",
                        f"{a}与{b}达成{word}合作"])
    sentences = [
        f"{when}，{a}宣布{action}{phrase}项目{work}，{word}规模达{figure}亿元。",
        f"{_body(rnd)}发布通知，要求各平台加强{word2}管理，落实主体责任。",
        f"{a}表示，将基于{model}推进{phrase}业务，{word}与{word2}协同发展。",
        f"据{rnd.choice(OUTLETS)}报道，{person}出任{b}{rnd.choice(POSTS)}，负责{word2}业务。",
        f"业内人士认为，{_pick(rnd, PHRASES)}市场仍处于早期阶段，{b}的{word}策略值得关注。",
        f"数据显示，{a}{word}用户规模同比增长{rnd.randint(2, 90)}%，{_model(rnd)}带动{_pick(rnd, WORDS)}需求。",
    ]
    rnd.shuffle(sentences)
    text = "".join(sentences[: rnd.randint(3, 5)])
    return Doc(day, rnd.randrange(sources), title, text, rnd.choice(OUTLETS))


def reports(n: int, seed: int = 14, sources: int = 50) -> Iterator[Doc]:
    """n reports spread evenly over the archive's weeks, oldest first (as an archive grows)."""
    rnd = random.Random(seed)
    days = WEEKS * 7
    for i in range(n):
        yield report(rnd, FIRST_DAY + timedelta(days=i * days // max(n, 1)), sources)


# -- relevance ----------------------------------------------------------------------------------------------

def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


_ALNUM = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class Labelled:
    """A query as typed, its kind, and for each of its words the forms that mean it (folded)."""

    query: str
    kind: str
    words: tuple[tuple[str, ...], ...]

    def holds(self, folded: str) -> bool:
        return all(any(_holds(folded, form) for form in forms) for forms in self.words)


def _holds(folded: str, form: str) -> bool:
    start = folded.find(form)
    while start >= 0:
        end = start + len(form)
        glued_before = start > 0 and _ALNUM.match(form[0]) and _ALNUM.match(folded[start - 1])
        glued_after = end < len(folded) and _ALNUM.match(form[-1]) and _ALNUM.match(folded[end])
        if not glued_before and not glued_after:
            return True
        start = folded.find(form, start + 1)
    return False


def _labelled(query: str, kind: str) -> Labelled:
    words = []
    for word in query.split():
        forms = [*ALIASES.get(word, [word]), word]
        words.append(tuple(dict.fromkeys(fold(f) for f in forms)))
    return Labelled(query, kind, tuple(words))


# The labelled query set: what an editor types, by kind. Rare ones (a work with its number, a person) have a
# handful of relevant documents, so missing one shows.
LABELLED = [_labelled(q, k) for q, k in [
    ("融资", "word"), ("芯片", "word"), ("版权", "word"), ("算力", "word"), ("裁员", "word"),
    ("微短剧", "phrase"), ("人工智能", "phrase"), ("超高清", "phrase"), ("文生视频", "phrase"),
    ("未成年人保护", "phrase"),
    ("GPT-4o", "latin"), ("Sora", "latin"), ("DeepSeek-V3", "latin"), ("Qwen2.5", "latin"), ("GLM-4", "latin"),
    ("哔哩哔哩", "alias"), ("国家广播电视总局", "alias"),
    ("爱奇艺 融资", "words"), ("腾讯视频 微短剧", "words"), ("快手 Kimi", "words"),
    ("山海长歌17", "rare"), ("长安夜行203", "rare"), ("王明远", "rare"), ("李若曦 总裁", "rare"),
]]

# Latency query sets by kind; the filtered ones add a filter (date, source, section, issue) in turn.
LATENCY = {
    "word": ["融资", "芯片", "版权", "直播", "电商", "监管", "算法", "会员", "出海", "算力", "票房", "专利"],
    "phrase": ["微短剧", "网络剧", "大模型", "人工智能", "超高清", "短视频", "网络视听", "文生视频", "数字人",
               "未成年人保护", "爱奇艺 微短剧", "腾讯视频 融资"],
    "latin": ["GPT-4o", "Sora", "DeepSeek-V3", "DeepSeek-R1", "Qwen2.5", "Llama-3", "Kimi", "GLM-4", "Vidu",
              "gemini-1.5", "ＧＰＴ-4o", "claude-3.5"],
    "filtered": ["融资", "微短剧", "芯片", "GPT-4o", "版权", "大模型", "直播", "Sora", "监管", "人工智能",
                 "算力", "短视频"],
}
