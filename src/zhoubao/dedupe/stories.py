"""Dedupe: group reports into stories — fingerprints, MinHash-LSH over character shingles, title and name checks.

Candidates come from indexes, never from all pairs: MinHash-LSH over the lead's character shingles, an inverted
index over title bigrams, and inverted indexes over 《works》 and figures (each posting list capped, so a common
bigram or figure costs nothing). A candidate pair is confirmed by body and title similarity, shared names, works
and figures, and nearby dates; conflicting works or figures keep two events of one company apart. Merging is
union-find with cannot-link constraints, strongest pairs first, so one weak link never chains two events.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from datasketch import MinHash, MinHashLSH

from zhoubao.dedupe import anchors as _anchors
from zhoubao.dedupe.anchors import amounts, latin_names, other_editions, places, serials
from zhoubao.dedupe.anchors import figure_keys as _figure_keys
from zhoubao.dedupe.works import DOC_TITLE as _DOC_TITLE
from zhoubao.dedupe.works import kindred as _kindred
from zhoubao.dedupe.works import other_kinds as _other_kinds
from zhoubao.dedupe.works import work_keys as _work_keys
from zhoubao.text.boilerplate import WIRE, is_bar_byline
from zhoubao.text.cjk import HAN
from zhoubao.text.entities import people
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon, default_lexicon
from zhoubao.text.normalize import to_simplified
from zhoubao.text.tokenize import content_words

_KEEP = re.compile(rf"[{HAN}A-Za-z0-9]")
# A model or product version in Latin letters ("Wan2.2-Animate", "Veo 3", "Hailuo 02"), keyed as "wan2.2": a name
# with a capital letter (a lowercase word before a number is English prose: "take 10% stake", "first 18A chips"),
# and a number with % is a share, no version.
_MODEL = re.compile(r"(?<![A-Za-z0-9])((?=[a-z]*[A-Z])[A-Za-z]{2,})[ -]?(\d+(?:\.\d+)*)(?![\d.%％])"
                    # or two Chinese characters and a dotted version: "可灵2.0", "豆包1.5" (never "前4", "第2")
                    rf"|([{HAN}]{{2}})(\d{{1,2}}\.\d{{1,2}})(?![\d.%％亿万千百元个倍岁年月日美港英台])")
# A name in quotes in a headline: a feature, product or campaign ("音画同出", 「大芒短剧」).
_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,12})[”」』\"]")
_PREFIX = re.compile(r"^\s*(【[^】]{1,12}】|(快讯|独家|重磅|突发|最新|官宣)\s*[｜|丨:：!！]\s*)+")
_SUFFIX = re.compile(r"\s*([_｜|丨]|\s-\s|-|——)\s*[^_｜|丨\s]{1,12}$")
# Datelines and bylines at the head of a text ("新华社北京6月3日电（记者 张三）", "界面新闻记者 | 李彪").
_HEAD = re.compile(
    rf"^\s*(?:[{HAN}]{{1,10}}(?:社|网|报|台)[{HAN}]{{0,8}}?\d{{1,2}}月\d{{1,2}}日(?:电|讯)|[{HAN}]{{2,8}}讯)"
    r"\s*(?:[（(][^）)]{0,40}[）)])?\s*"
)

Embedder = Callable[[list[str]], list[list[float]]]


@dataclass(frozen=True)
class Doc:
    """What dedupe needs of a report (already normalized)."""

    key: int
    title: str
    text: str
    published: datetime | None
    fingerprint: str = ""
    outlet: str = ""


def _chars(text: str) -> str:
    return "".join(_KEEP.findall(text))


def shingles(text: str, k: int = 3) -> set[str]:
    s = _chars(text)
    return {s[i : i + k] for i in range(max(len(s) - k + 1, 1))} if s else set()


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def bare_title(title: str, outlet: str = "") -> str:
    """The headline without outlet flavour: 【独家】 prefixes, _新浪科技 and -36氪 suffixes."""
    t = _PREFIX.sub("", " ".join(title.split()))
    if outlet and t.endswith(outlet) and len(t) > len(outlet) + 6:
        t = t[: -len(outlet)]
    m = _SUFFIX.search(t)
    if m and len(t) - len(m.group(0)) >= 8 and not re.search(r"\d$", m.group(0)):
        t = t[: m.start()]
    return t.strip(" -_|｜")


def lead(text: str, chars: int = 320) -> str:
    """The opening of a text without dateline or byline lines (where rewrites of one release agree most)."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    # A byline alone on a line ("界面新闻记者 | 李彪", "文｜王毓婵") is not news.
    paras = [p for p in paras if not is_bar_byline(p)]
    body = "".join(paras)
    return _HEAD.sub("", body, count=1)[:chars]


@dataclass
class _Features:
    title: str
    shingles: set[str]
    bigrams: set[str]
    works: set[str]
    title_works: set[str]
    figures: set[str]
    orgs: set[str]
    title_orgs: set[str]
    people: set[str]
    quoted: set[str]
    models: set[str]
    event: str
    when: float | None
    text_len: int
    amounts: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)
    words: dict[str, int] = field(default_factory=dict)
    latin: bool = False  # a headline in a Latin-script language (_latin): an English wire or release
    editions: dict[str, set[int]] = field(default_factory=dict)  # "第七批", "22组" of the title and the lead's start
    vector: dict[str, float] = field(default_factory=dict)
    firms: set[str] = field(default_factory=set)  # research firms the headline names (IDC, Gartner, 艾媒咨询)
    indices: set[str] = field(default_factory=set)  # indices the headline names ("电商物流", "仓储")


# What a headline says happened, by kind. Two headlines of one work or company with different kinds of event
# are two events (a premiere and an overseas sale; a model launch and the unit's new head) unless their texts
# agree closely. Earlier kinds win within one headline ("发布财报" is results, "登陆国际版" overseas). A named
# film's 票房 is its results (《X》票房破25亿 and 《X》在北美上映 are two events); a market's 票房 is not.
_EVENT_KINDS = (
    ("overseas", re.compile(r"出海|海外|国际版|发行至|登陆(?:泰国|越南|日本|韩国|北美|欧洲|东南亚|中东|拉美)|译制|全球上线")),
    ("people", re.compile(r"任命|出任|担任|接任|卸任|离职|辞职|辞任|换帅|履新|聘任|人事|挂帅|掌舵"
                         r"|新聘|聘请|任(?:总裁|总经理|董事长|CEO|首席|负责人|副总裁|高级副总裁)"
                         r"|(?i:\b(?:appoints?|names|named|hires|steps? down|resigns?|promotes?)\b)")),
    ("results", re.compile(r"财报|营收|净利|季度|年报|业绩|亏损|盈利|《[^》]+》[^，,、：:]*票房|(?i:\b(?:revenue|earnings|quarter|profit)\b)")),
    ("money", re.compile(r"融资|收购|并购|入股|增资|出资|IPO|上市|募资|估值"
                        r"|(?i:\b(?:funding|acquires?|acquisition|buys|bought|merger|takeover|raises|stake)\b)")),
    ("finale", re.compile(r"收官|大结局|完结|落幕|闭幕")),
    ("production", re.compile(r"杀青|开机|立项|备案")),
    # A research firm's or a platform's figures of many shows (a chart, a market report): not one show's finale or
    # premiere, though it names the show that topped it ("暑期档剧集有效播放328亿 《白夜回声》夺冠"). One show's own
    # figures ("《冬至》上线首日播放量破6000万") are its event's (see _event_kind).
    ("data", re.compile(r"霸屏榜|榜单|市场报告|月报|周报|洞察报告|研究报告|数据报告"
                        r"|^[^《]*(?:有效播放|播放量|收视率)[^《]*$|(?:有效播放|播放量|收视率).*(?:夺冠|居首|领跑|榜首|TOP|第一)")),
    ("launch", re.compile(r"发布|推出|上线|上映|开播|首播|定档|亮相|开幕|启动|举办|召开"
                         r"|(?i:\b(?:launch(?:es)?|introduc\w*|unveils?|releases?|rolls? out|debuts?|premieres?)\b)")),
)


def _versions(models: set[str]) -> set[str]:
    return {re.sub(r"^\D+", "", m) for m in models}


def _event_kind(title: str) -> str:
    """The kind of event the headline's first clause tells, else the whole headline's: "《X》第二季湛江开机 第一季收官仅
    五天" is a production start; its second clause is background."""
    clauses = re.split(r"[\s，,｜|；;！!？?]", title.strip())
    first = clauses[0]
    # "第二季刚开播，《X》第三季就开机了": what 刚 happened is the setting, what 就 follows is the news.
    if "刚" in first and (then := next((c for c in clauses[1:] if "就" in c), "")):
        first = then
    for text in (first, title):
        for kind, pattern in _EVENT_KINDS:
            if pattern.search(text):
                return kind
    return ""


def _features(d: Doc, lex: Lexicon) -> _Features:
    # Compared in simplified characters, so a Hong Kong or Taiwan outlet's 繁体 report shares its words and
    # figures ("2200萬" = "2200万") with the mainland ones; the stored text stays as written.
    t = to_simplified(bare_title(d.title, d.outlet))
    english = _latin(t)
    head = to_simplified(lead(english_body(d.text) if english else d.text))
    named = _DOC_TITLE.search(t)  # an official headline names its document without 《》
    title_works = _work_keys(t) | ({named.group(1)} if named else set())
    found = lex.mentions(t + "\n" + head[:200])
    title_found = lex.mentions(t)
    return _Features(
        title=t,
        shingles=shingles(t + head),
        bigrams=shingles(t, 2),
        works=title_works | _work_keys(head),
        title_works=title_works,
        figures=_figure_keys(t + "\n" + head),
        orgs={m.name for m in found if m.category in ORGANISATIONS},
        title_orgs={m.name for m in title_found if m.category in ORGANISATIONS},
        firms={m.name for m in title_found if m.category == "research"},
        indices=_anchors.indices(t),
        people=people(t + "\n" + head, lex),
        quoted={q for q in _QUOTED.findall(t) if not lex.knows(q)},
        event=_event_kind(t),
        models={(n + v + cn + cv).lower() for n, v, cn, cv in _MODEL.findall(t)
                if not re.fullmatch(r"(19|20)\d\d", v)},
        when=d.published.timestamp() if d.published else None,
        text_len=len(d.text),
        # An English release gives its figures after a paragraph of who the company is: read further for them.
        amounts=amounts(t + "\n" + (lead(english_body(d.text), 1200) if english else head)),
        names=latin_names(t + "\n" + head),
        places=places(t + "\n" + head),
        words=_count(content_words(t + "\n" + head, lex)),
        latin=english,
        editions=serials(t + "\n" + head[:120]),
    )


def _count(items: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w in items:
        out[w] = out.get(w, 0) + 1
    return out


def _weigh(feats: list[_Features]) -> dict[str, int]:
    """TF-IDF word vectors (IDF from this batch of reports), unit length; returns document frequencies."""
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for w in f.words:
            df[w] += 1
    n = len(feats)
    for f in feats:
        v = {w: (1.0 + math.log(c)) * math.log(1.0 + n / df[w]) for w, c in f.words.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        f.vector = {w: x / norm for w, x in v.items()}
    return df


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.cannot: dict[int, set[int]] = defaultdict(set)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbid(self, a: int, b: int) -> None:
        self.cannot[a].add(b)
        self.cannot[b].add(a)

    def allowed(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = (ra, rb) if len(self.cannot.get(ra, ())) <= len(self.cannot.get(rb, ())) else (rb, ra)
        return all(self.find(x) != big for x in self.cannot.get(small, ()))

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        if gone in self.cannot:
            self.cannot[keep] |= self.cannot.pop(gone)


def _shared_keys(feats: list[_Features], word_df: dict[str, int], cap: int,
                 per_doc: int) -> set[tuple[int, int]]:
    """Pairs of reports sharing enough rare keys, at most per_doc partners each (by shared weight)."""
    import numpy as np
    from scipy import sparse

    key_df: dict[str, int] = defaultdict(int)
    rows: list[dict[str, float]] = []
    for f in feats:
        keys: dict[str, float] = {}
        for w in f.words:
            if word_df[w] <= cap:
                keys["w" + w] = 1.0
        for b in f.bigrams:
            keys["b" + b] = 0.5
        for w in f.works | f.models:
            keys["k" + w] = 3.0
        for g in f.figures:
            if len(g) >= 3:  # "6集" is common; "326.1亿元" is not
                keys["f" + g] = 2.0
        rows.append(keys)
        for k in keys:
            if k[0] != "w":
                key_df[k] += 1
    vocab: dict[str, int] = {}
    ind: list[int] = []
    ptr = [0]
    data: list[float] = []
    for keys in rows:
        for k, weight in keys.items():
            if k[0] != "w" and key_df[k] > cap:
                continue
            ind.append(vocab.setdefault(k, len(vocab)))
            data.append(np.sqrt(weight))
        ptr.append(len(ind))
    if not vocab:
        return set()
    m = sparse.csr_matrix((np.array(data), np.array(ind), np.array(ptr)), shape=(len(feats), len(vocab)))
    shared = sparse.triu(m @ m.T, k=1).tocsr()
    out: set[tuple[int, int]] = set()
    for i in range(shared.shape[0]):
        lo, hi = shared.indptr[i], shared.indptr[i + 1]
        if lo == hi:
            continue
        cols, vals = shared.indices[lo:hi], shared.data[lo:hi]
        keep = vals >= 2.0
        cols, vals = cols[keep], vals[keep]
        if len(cols) > per_doc:
            top = np.argsort(-vals)[:per_doc]
            cols = cols[top]
        out.update((i, int(j)) for j in cols)
    return out


def _verdict(a: _Features, b: _Features, threshold: float, body: float | None = None,
             cos: float | None = None) -> tuple[float, bool]:
    """(strength, conflict) of the evidence that two reports tell one event; strength 0 means not the same.

    body is the lead's shingle Jaccard (estimated from MinHash by cluster(); exact when not given); cos the word
    TF-IDF cosine (computed for all candidate pairs at once by cluster(); here when not given).
    """
    body = jaccard(a.shingles, b.shingles) if body is None else body
    cos = cosine(a.vector, b.vector) if cos is None else cos
    ttl = jaccard(a.bigrams, b.bigrams)
    ttl_over = overlap(a.bigrams, b.bigrams)
    # A model version both headlines name counts as a shared work; two headlines naming different versions
    # ("Music 1.5", "Hailuo 02") are two launches.
    w_shared = len(a.works & b.works) + len(a.models & b.models)
    f_shared = len(a.figures & b.figures)
    # Works that differ keep reports apart, unless only the body's citations differ and the rest agrees closely
    # (one report names the rule a platform implements, the other the platform's own notice).
    # One show's seasons and editions are written several ways (《山野来信2》, 《山野来信》第二季; 《我们的歌·春日版》
    # cited as 《我们的歌》): not a conflict, though not a shared work either.
    kin = _kindred(a.works, b.works)
    w_conflict = bool(a.works and b.works and not w_shared and not kin and not _other_kinds(a.works, b.works)) and not (
        cos >= 0.6 and f_shared and not (a.title_works and b.title_works))
    # Figures written differently ("2.17万件" and "21715件", "84.4亿" and "8.44 billion") are one amount.
    f_conflict = len(a.figures) >= 2 and len(b.figures) >= 2 and not f_shared and not a.amounts & b.amounts
    o_shared = len(a.orgs & b.orgs)
    # Two headlines naming different organisations, neither naming the other's. English releases are written to
    # one template ("X Announces Third Quarter 2026 Financial Results … today announced its unaudited…"): their
    # texts agree however different the companies, so only a near copy outweighs the names there.
    o_conflict = bool(a.title_orgs and b.title_orgs and not (a.title_orgs & b.title_orgs)
                      and not (a.orgs & b.orgs))
    # Conflict on the versions alone: "可灵AI 2.1" and "可灵2.1" are one model read two ways.
    m_conflict = bool(a.models and b.models and not (_versions(a.models) & _versions(b.models)))
    # Two headlines naming different works are two events (a report may cite the other show in its body).
    tw_conflict = bool(a.title_works and b.title_works and not (a.title_works & b.title_works)
                       and not _kindred(a.title_works, b.title_works))
    # Different kinds of event in the headlines: only close texts (not shared names alone) make them one — or three
    # figures both give (a listing's filing told by its revenue, profit and shop count: "卤有方冲刺港股：2025年营收
    # 21.6亿元" and "又一家卤味连锁赴港IPO，卤有方门店达3126家").
    e_differ = bool(a.event and b.event and a.event != b.event)
    if e_differ and body < 0.3 and cos < 0.5 and f_shared < 3:
        w_shared = 0
        f_shared = min(f_shared, 1)
        o_shared = 0
    # Different 《works》 keep two reports apart unless they share two figures (one cites a law the other omits).
    # Different editions of one series ("低轨22组" and "极轨08组" satellites, the 第七批 and 第八批 lists), however alike
    # their templated texts: copies of one report name the same edition.
    s_conflict = other_editions(a.editions, b.editions)
    # Two research firms' headlines naming not one firm alike (IDC's and Gartner's PC shipments of a quarter, dev-zu,
    # though one's text cites the other); two indices (an association's 电商物流指数 and its 仓储指数, dev-zv).
    r_conflict = bool(a.firms and b.firms and not (a.firms & b.firms))
    x_conflict = _anchors.other_indices(a.indices, b.indices)
    conflict = (w_conflict and body < 0.5 and f_shared < 2) or ((m_conflict or tw_conflict) and body < 0.5) \
        or (f_conflict and body < 0.45) or (o_conflict and (body < 0.4 or (a.latin and b.latin and body < 0.8))) \
        or s_conflict or ((r_conflict or x_conflict) and body < 0.6)
    if conflict:
        return 0.0, True
    # A shared work says little when the figures disagree outright: a follow-up event cites the notice it
    # implements ("为落实《…通知》要求") but carries its own numbers.
    if a.figures and b.figures and not f_shared and max(len(a.figures), len(b.figures)) >= 3 \
            and body < 0.3 and ttl < 0.5:
        w_shared = 0
    strength = 0.0
    # Word TF-IDF cosine of title and lead: the main signal; a middling cosine needs a shared work or figures.
    if cos >= 0.45 or (cos >= 0.33 and (ttl >= 0.2 or w_shared or f_shared >= 2)):
        strength = max(strength, 0.6 + cos)
    if cos >= 0.25 and (w_shared or f_shared >= 2 or (f_shared and ttl >= 0.2)):
        strength = max(strength, 0.5 + cos)
    if body >= threshold:
        strength = max(strength, 1.0 + body)
    if ttl >= 0.75 or (ttl_over >= 0.85 and min(len(a.bigrams), len(b.bigrams)) >= 8):
        strength = max(strength, 0.9 + ttl)
    if w_shared and (body >= 0.12 or ttl >= 0.3 or f_shared):
        strength = max(strength, 0.8 + body)
    if f_shared >= 2 and (body >= 0.1 or ttl >= 0.25 or o_shared):
        strength = max(strength, 0.7 + body)
    # One quoted name in both headlines (a feature or product, not a lexicon term such as 清朗).
    if a.quoted & b.quoted and cos >= 0.25 and (o_shared or ttl >= 0.2):
        strength = max(strength, 0.55 + cos)
    # One person named by both, in one organisation: an appointment or departure told twice.
    if a.people & b.people and o_shared and cos >= 0.3:
        strength = max(strength, 0.55 + cos)
    if f_shared >= 1 and o_shared and (body >= 0.18 or ttl >= 0.3):
        strength = max(strength, 0.6 + body)
    if o_shared and body >= threshold * 0.6 and ttl >= 0.2:
        strength = max(strength, 0.5 + body)
    return strength, False


def cluster(docs: Sequence[Doc], *, threshold: float = 0.5, num_perm: int = 64, max_days: float = 4.0,
            work_days: float = 7.0, lexicon: Lexicon | None = None, embed: Embedder | None = None,
            embed_threshold: float = 0.82, cross_threshold: float = 0.45, close_threshold: float = 0.55,
            per_doc: int = 24, embed_undecided: bool = True, cross_limit: int = 500) -> list[list[int]]:
    """Groups of indices into docs, each group one story; stable order (by first member).

    threshold is the body-shingle Jaccard that alone makes two reports one story; weaker similarity needs shared
    works, figures or names. Reports more than max_days apart are one story only when their headlines name the
    same 《work》 (a show announced on Tuesday and premiered on Sunday) and at most work_days apart. embed
    (optional) embeds texts; it confirms pairs the rules leave undecided (embed_threshold; close_threshold for
    two reports of one body within a day whose words already agree somewhat) and pairs an English report with
    its Chinese retellings (cross_threshold, lower when several anchors agree).
    """
    n = len(docs)
    lex = lexicon or default_lexicon()
    uf = _UnionFind(n)
    by_fp: dict[str, int] = {}
    for i, d in enumerate(docs):
        if d.fingerprint:
            if d.fingerprint in by_fp:
                uf.union(by_fp[d.fingerprint], i)
            else:
                by_fp[d.fingerprint] = i
    feats = [_features(d, lex) for d in docs]
    df = _weigh(feats)
    pairs: set[tuple[int, int]] = set()

    # 1. MinHash-LSH over the lead's shingles, at a lower threshold than the merge one (rewrites differ).
    lsh = MinHashLSH(threshold=max(0.3, threshold * 0.7), num_perm=num_perm)
    # One set of permutations for all (MinHash.bulk): building them per report costs more than hashing.
    hashes: list[MinHash] = list(MinHash.bulk([[x.encode("utf-8") for x in f.shingles] for f in feats],
                                              num_perm=num_perm, seed=7)) if feats else []
    for i, m in enumerate(hashes):
        lsh.insert(i, m, check_duplication=False)
        feats[i].shingles = set()  # from here on the MinHash stands for the set (memory of big weeks)
    import numpy as np

    sig = np.vstack([m.hashvalues for m in hashes]) if hashes else np.zeros((0, num_perm), dtype=np.uint64)
    for i in range(n):
        near = [j for j in lsh.query(hashes[i]) if j != i]
        if len(near) > per_doc:  # templated texts: keep the closest few, never all pairs
            arr = np.array(near)
            sim = (sig[arr] == sig[i]).mean(axis=1)
            near = arr[np.argsort(-sim, kind="stable")[:per_doc]].tolist()
        pairs.update((min(i, j), max(i, j)) for j in near)

    # 2. Shared rare keys — words, title bigrams, 《works》, figures — counted by one sparse product; a key
    # held by more than `cap` reports says nothing and is left out, so the cost stays near-linear.
    cap = max(20, int(2 * math.sqrt(max(n, 1))))
    pairs.update(_shared_keys(feats, df, cap, per_doc))

    # 3. Confirm each candidate; strongest first, never across a cannot-link.
    limit = max_days * 86400
    long_limit = max(work_days, max_days) * 86400
    scored: list[tuple[float, int, int]] = []
    undecided: list[tuple[int, int, float]] = []
    def near_in_time(i: int, j: int) -> bool:
        wi, wj = feats[i].when, feats[j].when
        if wi is None or wj is None or abs(wi - wj) <= limit:
            return True
        return abs(wi - wj) <= long_limit and bool(feats[i].title_works & feats[j].title_works)

    todo = sorted((i, j) for i, j in pairs if near_in_time(i, j))
    bodies, cosines = _pair_similarities(feats, sig, todo)
    for (i, j), body, cos in zip(todo, bodies, cosines, strict=True):
        a, b = feats[i], feats[j]
        strength, conflict = _verdict(a, b, threshold, float(body), float(cos))
        if conflict:
            uf.forbid(i, j)
        elif strength > 0:
            scored.append((strength, i, j))
        elif embed is not None and (a.orgs & b.orgs or a.works & b.works):
            if cos >= 0.25 and _within(a, b, 86400) and not (a.event and b.event and a.event != b.event):
                # One body, one day, words that half agree (a commentary and the news it comments, a release
                # and a retelling in other words): the encoder decides at a bar it rarely reaches for two
                # events of one body (measured on the labelled weeks: 105 such pairs of one story, 1 of two).
                undecided.append((i, j, close_threshold))
            elif body >= 0.08:
                undecided.append((i, j, embed_threshold))
    if embed is not None and undecided and embed_undecided:
        scored.extend(_embedded(docs, feats, undecided, embed))
    confirmed: list[tuple[float, int, int]] = []
    at_odds: set[tuple[int, int]] = set()  # cross-language pairs the rules find at odds: cannot-links
    if embed is not None:
        # A report in English (a foreign wire, a company's own release) shares no characters with its Chinese
        # retellings: its candidates are the reports near in time sharing an anchor with it (an organisation, a
        # name in Latin letters, an amount), and a multilingual sentence embedding decides (cross-language
        # similarity runs lower, hence its own bar, lower still when anchors agree).
        cross = _cross_language_pairs(feats, per_doc, lex, cross_threshold)
        # A pair the rules find at odds (figures or named companies) is a cannot-link, so that no group joins the
        # two by way of a third report (an English-only story's second report confirmed beside another story).
        at_odds = {(i, j) for i, j, _bar in cross if _verdict(feats[i], feats[j], threshold)[1]}
        for i, j in at_odds:
            uf.forbid(i, j)
        if len({p[0] for p in cross} | {p[1] for p in cross}) <= cross_limit:  # mostly English: rules only
            confirmed = _embedded(docs, feats, cross, embed)
    for _s, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if uf.allowed(i, j):
            uf.union(i, j)
    # An English report tells one story: it joins the group of Chinese reports it is closest to, never two groups
    # the rules keep apart (a wire on the FDA's vouchers does not bridge them to a drug the FDA cleared that day).
    # Nor one whose figures or named companies the rules find at odds with it (an English-only story on US apparel
    # imports is no retelling of Vietnam's textile exports, however alike the encoder finds the two).
    oriented = [(i, j) if feats[i].latin else (j, i)
                for _s, i, j in sorted(confirmed, key=lambda t: (-t[0], t[1], t[2])) if (i, j) not in at_odds]
    best: dict[int, int] = {}
    for latin, other in oriented:  # strongest first: the first Chinese report met is the closest
        best.setdefault(latin, other)
    for latin, other in oriented:
        if uf.find(other) == uf.find(best[latin]) and uf.allowed(latin, other):
            uf.union(latin, other)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


_WIRE_OPENING = re.compile(r"^\s*(?:" + WIRE + r")\s*")
# An aside in brackets: ("Kuaishou" or the "Company"; HKD Counter Stock Code: 01024), (Nasdaq: BILI).
_ASIDE = re.compile(r"\s*\([^()\n]{0,160}\)")


def english_body(text: str) -> str:
    """An English report's text without its wire dateline and its bracketed asides — what is left says the news
    ("BEIJING, May 6, 2026 /PRNewswire/ -- Kuaishou Technology ("Kuaishou" …; Stock Code: 01024) today announced
    …" → "Kuaishou Technology today announced …"): the encoder and the amounts read the news, not the boilerplate."""
    return _ASIDE.sub("", _WIRE_OPENING.sub("", text, count=1))


def _latin(title: str) -> bool:
    """A headline in a Latin-script language: mostly Latin letters and at most two Chinese characters (a Chinese
    headline full of product names, "OpenAI推AI浏览器ChatGPT Atlas抢攻Chrome地盘", is Chinese)."""
    letters = [c for c in title if not c.isspace() and not c.isdigit()]
    han = sum(1 for c in letters if re.match(rf"[{HAN}]", c))
    return bool(letters) and han <= 2 and sum(c.isascii() for c in letters) / len(letters) >= 0.7


def _within(a: _Features, b: _Features, seconds: float) -> bool:
    return a.when is None or b.when is None or abs(a.when - b.when) <= seconds


def _cross_language_pairs(feats: list[_Features], per_doc: int, lex: Lexicon,
                          threshold: float) -> list[tuple[int, int, float]]:
    """Pairs of an English-headlined report and a Chinese one near in time sharing an anchor, with the bar the
    sentence embedding must reach: `threshold` for one anchor (an organisation, a Latin name, an amount, a foreign
    state named in both languages), 0.05
    less for two, and 0.25 less for an organisation and an amount both (a company's results: "Tencent … 184.5
    billion yuan" and "腾讯 … 1845亿元" are one release, whatever the encoder makes of two languages)."""
    is_latin = [f.latin for f in feats]
    latin = [i for i in range(len(feats)) if is_latin[i]]
    if not latin:
        return []
    index: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(feats):
        if not is_latin[j]:
            for key in {"o" + o for o in f.orgs} | {"n" + k for k in f.names} | {"a" + x for x in f.amounts} \
                    | {"p" + x for x in f.places}:
                index[key].append(j)
    # A Latin name or a place many Chinese reports carry (CEO, App, 美国) tells no event from another.
    cap = max(6, int(math.sqrt(len(feats))))
    organisation_names: dict[str, bool] = {}

    def is_organisation(name: str) -> bool:  # counted once, as the organisation, not again as a name
        if name not in organisation_names:
            organisation_names[name] = any(m.category in ORGANISATIONS for m in lex.mentions(name))
        return organisation_names[name]

    out: dict[tuple[int, int], float] = {}
    for i in latin:
        a = feats[i]
        keys = {"o" + o for o in a.orgs} | {"a" + x for x in a.amounts} | {"p" + x for x in a.places} \
            | {"n" + k for k, name in a.names.items() if not is_organisation(name)}
        near: dict[int, float] = {}
        for key in keys:
            posting = index.get(key, [])
            if key[0] in "np" and len(posting) > cap:
                continue
            for j in posting:
                b = feats[j]
                if not _within(a, b, 2 * 86400) or (a.event and b.event and a.event != b.event):
                    continue
                near.setdefault(j, abs((a.when or 0) - (b.when or 0)))
        ranked = []
        for j, gap in near.items():
            b = feats[j]
            shared_amounts = a.amounts & b.amounts
            if len(a.amounts) >= 2 and len(b.amounts) >= 2 and not shared_amounts:
                continue  # both give figures and none agree: two results, two deals
            orgs = bool(a.orgs & b.orgs)
            names = sum(1 for k in a.names.keys() & b.names.keys()
                        if not is_organisation(a.names[k]) and len(index.get("n" + k, [])) <= cap)
            shared_places = sum(1 for x in a.places & b.places if len(index.get("p" + x, [])) <= cap)
            anchors = orgs + names + len(shared_amounts) + shared_places
            bar = threshold - 0.25 if orgs and shared_amounts else threshold - 0.05 if anchors >= 2 else threshold
            ranked.append((-anchors, gap, j, bar))
        for _n, _gap, j, bar in sorted(ranked)[:per_doc]:
            out[(min(i, j), max(i, j))] = min(bar, out.get((min(i, j), max(i, j)), bar))
    return sorted((i, j, bar) for (i, j), bar in out.items())


def _pair_similarities(feats: list[_Features], sig: object, pairs: list[tuple[int, int]]) -> tuple[Any, Any]:
    """MinHash Jaccard and word TF-IDF cosine of many pairs at once (numpy and scipy, not a Python loop)."""
    import numpy as np
    from scipy import sparse

    if not pairs:
        return np.zeros(0), np.zeros(0)
    left = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    right = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    hv = np.asarray(sig)
    bodies = np.empty(len(pairs))
    step = 200_000
    for k in range(0, len(pairs), step):
        bodies[k : k + step] = (hv[left[k : k + step]] == hv[right[k : k + step]]).mean(axis=1)
    vocab: dict[str, int] = {}
    ind: list[int] = []
    data: list[float] = []
    ptr = [0]
    for f in feats:
        for w, x in f.vector.items():
            ind.append(vocab.setdefault(w, len(vocab)))
            data.append(x)
        ptr.append(len(ind))
    m = sparse.csr_matrix((np.array(data), np.array(ind, dtype=np.int64), np.array(ptr)),
                          shape=(len(feats), max(len(vocab), 1)))
    cosines = np.empty(len(pairs))
    for k in range(0, len(pairs), step):
        cosines[k : k + step] = np.asarray(m[left[k : k + step]].multiply(m[right[k : k + step]]).sum(axis=1)).ravel()
    return bodies, cosines


def _embedded(docs: Sequence[Doc], feats: list[_Features], pairs: list[tuple[int, int, float]],
              embed: Embedder) -> list[tuple[float, int, int]]:
    """Pairs (i, j, bar) confirmed by the cosine of sentence embeddings of title and lead reaching their bar (the
    rules' undecided pairs, and English reports with Chinese ones); none when the encoder gives no vectors."""
    need = sorted({i for p in pairs for i in p[:2]})
    vectors = embed([feats[i].title + "。" + lead(english_body(docs[i].text) if feats[i].latin else docs[i].text, 120)
                     for i in need])
    if len(vectors) != len(need):
        return []
    vec = dict(zip(need, vectors, strict=True))

    def cos(u: list[float], v: list[float]) -> float:
        dot = sum(x * y for x, y in zip(u, v, strict=True))
        nu = math.sqrt(sum(x * x for x in u))
        nv = math.sqrt(sum(y * y for y in v))
        return dot / (nu * nv) if nu and nv else 0.0

    out = []
    for i, j, bar in pairs:
        c = cos(vec[i], vec[j])
        if c >= bar:
            out.append((0.3 + c, i, j))
    return out


def representative(members: Sequence[Doc], authority: Callable[[Doc], float]) -> int:
    """Index (into members) of the report that best stands for the story: authoritative, complete, central."""
    if len(members) == 1:
        return 0
    # Centrality against at most a dozen members (the most authoritative): a big story costs no more.
    peers = sorted(range(len(members)), key=lambda i: (-authority(members[i]), i))[:12]
    sets = {i: shingles(lead(members[i].text)) for i in range(len(members))}
    best, best_score = 0, -1.0
    for i, d in enumerate(members):
        others = [j for j in peers if j != i]
        centrality = sum(jaccard(sets[i], sets[j]) for j in others) / max(len(others), 1)
        complete = min(len(d.text), 1200) / 1200
        s = 2.0 * authority(d) + 1.0 * centrality + 0.5 * complete
        if s > best_score:
            best, best_score = i, s
    return best


def same_story(earlier: Doc, later: Doc, *, threshold: float = 0.5, lexicon: Lexicon | None = None) -> bool:
    """Whether a later report continues the story of an earlier one, however far apart in time (memory across
    issues): the pair rules of cluster() with no time limit, or headlines naming one 《work》 without conflict
    (a show's 定档 and, weeks later, its 开播 are one story told in two steps)."""
    lex = lexicon or default_lexicon()
    a, b = _features(earlier, lex), _features(later, lex)
    _weigh([a, b])  # IDF over two texts: words both share weigh little, so the cosine stays conservative
    strength, conflict = _verdict(a, b, threshold)
    if conflict:
        # A different 《work》 or model, or figures that disagree: a new step of one work is still that work.
        return bool(a.title_works & b.title_works) and not (a.models and b.models and not a.models & b.models)
    return strength > 0 or bool(a.title_works & b.title_works)
