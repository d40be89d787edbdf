"""Compose: stories → the items of an issue in the order of docs/weekly-format.md, grouped by platform, with
highlights; and a stored issue → the document model every renderer reads."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from zhoubao.archive.models import Issue, IssueSignoff, IssueSnapshot, Item
from zhoubao.classify.kinds import said_by_leadership
from zhoubao.compose.document import (
    Footer,
    IssueDoc,
    ItemDoc,
    Masthead,
    ReportRef,
    SectionDoc,
    StoryDoc,
    Style,
    doc_from_dict,
)
from zhoubao.conf.settings import ProfileSpec
from zhoubao.draft.extractive import strip_dateline
from zhoubao.draft.faithful import outside_pairs
from zhoubao.text.gazetteer import GROUPED_BY, ORGANISATIONS, Lexicon, default_lexicon, issuer_kind


@dataclass
class Candidate:
    """A drafted story that may go into the issue."""

    key: int
    section: str
    score: float
    title: str
    paragraphs: list[str]
    text: str = ""  # representative text, to find the platform of a story
    authority: float = 0.0
    pending: str = ""  # 待定 and why: proposed at the end of its section, alone, never a highlight
    outlets: int = 1  # how many outlets carried the story: the most general sign of how much it matters
    # The openings of the story's other reports, most authoritative first, and who published each report: where
    # the lead does not say on which platform a show airs, another report often does ("在腾讯视频收官"), or the
    # platform itself published it.
    leads: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()


@dataclass
class ComposedItem:
    section: str
    title: str
    paragraphs: list[str]
    parts: list[Candidate] = field(default_factory=list)
    group: str = ""
    highlight: int | None = None
    pending: str = ""

    @property
    def score(self) -> float:
        return max(p.score for p in self.parts)


# Words that end the subject of a headline or lead clause: what comes after the first of them is not the subject.
_VERBS = ("开播", "上线", "定档", "首播", "播出", "独播", "上映", "登陆", "官宣", "宣布", "发布", "推出", "出品",
          "启动", "签约", "签署", "收官", "杀青", "开机", "举行", "举办", "召开", "开幕", "公布", "入选", "获", "破",
          "达", "成立", "上新", "显示", "统计", "表示", "将", "在", "于", "与", "把", "从")
# Said right after a platform, the platform is the one launching or airing ("爱奇艺宣布…", "…今晚爱奇艺独播").
_LAUNCH = ("宣布", "官宣", "发布", "推出", "出品", "独播", "开播", "上线", "首播", "播出", "定档", "联合出品")
# Said right before a platform, the story airs on it ("在爱奇艺开播", "登陆优酷").
_ON = ("在", "登陆", "上线", "独家上线")
# Said before a platform named second in a list of where a show airs ("在湖南卫视金鹰独播剧场和芒果TV…").
_ON_SEVERAL = re.compile(r"(?:^|[^存现实])在[^，。；在]{2,12}(?:和|及|、|与)$")
# Lead clauses that only say when or from where ("7月8日", "据抖音官方数据", "截至6月8日", "当地时间…").
_SETTING = re.compile(r"^(?:据|截至|截止|当地时间|近日|日前|今年|\d{1,4}年|\d{1,2}月|\d{1,2}日)")
# Words of a technology product (an AI system, a model), not a programme.
_TECH_TERMS = frozenset({"人工智能", "大模型", "生成式人工智能", "智能体", "视频生成", "算法推荐"})


def _blank_works(text: str) -> str:
    # The names of works may hold verbs ("《我在古城送快递》"); keep positions, hide the words.
    return re.sub(r"《[^》]*》", lambda m: "《" + "＿" * (len(m.group(0)) - 2) + "》", text)


def _subject_platform(clause: str, lex: Lexicon, category: str = "platforms") -> str:
    """The platform (or body of another lexicon category) that is the subject of a clause: named before its first
    verb, or as the one launching or airing — not one of several named (an enumeration) nor one merely mentioned."""
    plain = _blank_works(clause)
    # A verb said of a noun ("9月19日开播的芒果TV慢综艺") does not end the subject.
    verbs = [m.start() for v in _VERBS for m in re.finditer(re.escape(v), plain) if not plain.startswith("的", m.end())]
    first_verb = min(verbs, default=len(plain))
    for m in lex.mentions(clause):
        if m.category != category:
            continue
        start, end = m.start, m.start + len(m.alias)
        before, after = plain[max(0, start - 4):start], plain[end:end + 4]
        if before.endswith(_ON) or _ON_SEVERAL.search(plain[max(0, start - 16):start]):
            return m.name  # aired on it ("在芒果TV和湖南卫视播出", "在湖南卫视金鹰独播剧场和芒果TV同步首播")
        tail = plain[end:first_verb] if start < first_verb else ""
        if before.endswith(("、", "和", "及")) or "等" in tail or re.search(r"[\d一二两三四五六七八九十几多]+家", tail):
            continue  # one of several (signatories, platforms in a market report)
        if start <= first_verb or after.startswith(_LAUNCH):
            return m.name
    return ""


def _first_clause(text: str) -> str:
    """The first clause of a lead that says what happened, past the clauses of time and source."""
    sentence = re.split(r"[。！？\n]", text.strip(), maxsplit=1)[0]
    clauses = [c for c in re.split(r"[，,；]", sentence) if c.strip()]
    for c in clauses:
        if not _SETTING.match(c.strip()) or any(v in c for v in _LAUNCH):
            return c
    return clauses[-1] if clauses else ""




# A section of works (shows, series, films): 内容 — where a platform's technology product is not one of its items.
_WORKS_SECTION = re.compile(r"剧|综艺|节目|纪录片|动画|电影|影片|作品")
_SPEAKER_OPENING = re.compile(r"^([^：:，,。《》“”\s]{2,12})[：:]")


def platform_of(c: Candidate, lex: Lexicon | None = None, *, works: bool = True) -> str:
    """The platform a 内容 story belongs to: the subject of its title, else of its lead's first clause.

    A platform only mentioned (one of many signatories, a figure in a market report) does not make a group,
    nor does a technology product of a platform that names no work (a company's does). lex: the profile's lexicon (default: shipped).
    """
    lex = lex or default_lexicon()
    terms = {m.name for m in lex.mentions(c.title) if m.category == "terms"}
    # A platform's technology product (an AI system, a model) is not a programme: 内容 groups a platform's shows.
    # A company's is still the company's news (京东物流's model, 阅文's AI tools in an office that groups companies).
    # Only where the section groups works (`works`: 内容's shows); another office lists its makers as platforms and
    # groups their AI products with the rest of their news (家电: 海尔智家's HomeGPT, 格力's AI air conditioner).
    categories = tuple(k for k in GROUPED_BY if k != "platforms" or not works
                       or not (terms & _TECH_TERMS and "《" not in c.title))
    # A headline that opens with its speaker ("阅文：起点国际上半年新增…") is that speaker's, whatever it names
    # after: the office wrote who acts, the platform named after is what it acted on.
    speaker = _SPEAKER_OPENING.match(c.title)
    if speaker:
        said = [m for m in lex.mentions(speaker.group(1)) if m.category in categories
                and m.start == 0 and len(m.alias) == len(speaker.group(1))]
        if said:
            return said[0].name
    # A platform first; else a company — another beat's office groups its companies' items (国家电网, 恒瑞医药),
    # which its lexicon lists as companies, not platforms.
    # The subject of a headline is in its first clause: "育碧下调全年指引…，腾讯持股子公司不受影响" is 育碧's.
    head = _first_clause(c.title) or c.title
    for category in categories:
        found = _subject_platform(head, lex, category)
        if found:
            return found
        for lead in (c.paragraphs[0] if c.paragraphs else "", c.text, *c.leads):
            found = _subject_platform(_first_clause(strip_dateline(lead)), lex, category)
            if found:
                return found
    if "platforms" not in categories:
        return ""
    # A platform's own press room telling of a show: the show is the platform's (one platform among the publishers).
    own = {m.name for p in c.publishers for m in lex.mentions(p) if m.category == "platforms" and m.alias == p}
    return own.pop() if len(own) == 1 else ""


# What continues a company's name rather than starting its news: 极兔速递, 顺丰控股股份有限公司, 中通(ZTO).
_NAME_GOES_ON = re.compile(r"^(?:速递|速运|快递|控股|股份|集团|科技|公司|有限|国际|智能|旗下|[（(][\dA-Za-z])")


_NAME_TAIL = re.compile(r"^(?:(?:集团)?(?:股份)?有限(?:责任)?公司)?(?:[（(][0-9A-Za-z.]{2,12}[）)])?(?:公告)?\s*[：:]\s*"
                        r"|^[（(]\d{4,6}(?:\.[A-Za-z]{2})?[）)]\s*")


def _short_title(title: str, group: str, lex: Lexicon) -> str:
    # In a grouped title the platform is said once: "爱奇艺：网络剧《X》开播" → "网络剧《X》开播".
    aliases = lex.category("platforms").get(group) or lex.category("companies").get(group) or (group,)
    for alias in aliases:
        for sep in ("：", ":"):
            if title.startswith(alias + sep):
                return title[len(alias) + 1 :].strip()
    # The longest of its names the title opens with, and only that one: "恒瑞医药(600276.SH)：…" is never
    # "恒瑞" + "医药(600276.SH)：…".
    alias = next((a for a in sorted(aliases, key=len, reverse=True) if title.startswith(a)), "")
    if not alias:
        return title
    rest = title[len(alias):]
    # Its legal form, stock code and 公告 go with it when a colon or a space follows: "华虹半导体有限公司公告：委任
    # 总裁" → "委任总裁", "恒瑞医药(600276.SH)：…" → "…".
    said = _NAME_TAIL.match(rest)
    if said and len(rest) - said.end() >= 4:
        return rest[said.end():].strip()
    # The name said as a whole word only: "极兔速递(01519)纳入…" is not "极兔" + "速递(01519)…".
    if len(rest) > 4 and not _NAME_GOES_ON.match(rest):
        return rest.lstrip("：: ")
    return title


def _one_colon(short: str) -> str:
    free = outside_pairs(short)
    at = next((i for i, ch in enumerate(short) if ch in "：:" and free[i] and not short[i - 1:i].isdigit()), -1)
    return short if at < 0 else short[:at] + "，" + short[at + 1:]


def compose(profile: ProfileSpec, candidates: list[Candidate], *, max_per_section: int = 12,
            lexicon: Lexicon | None = None) -> list[ComposedItem]:
    """Order sections as the profile does, best stories first, grouped where the section groups.

    A 待定 candidate (pending) comes after its section's sure items, one item each, outside the section's limit
    and the highlights: the editor keeps or removes it. A section of only 待定 candidates is still laid out.
    lexicon: the profile's (shipped names plus [profile.lexicon]); it decides platforms and issuers.
    """
    lex = lexicon or default_lexicon()
    items: list[ComposedItem] = []
    for sec in profile.sections:
        # The limit counts items, not stories: a grouped item of one platform is one item.
        chosen = sorted((c for c in candidates if c.section == sec.name and not c.pending), key=lambda c: -c.score)
        waiting = [ComposedItem(sec.name, c.title, list(c.paragraphs), [c], pending=c.pending)
                   for c in sorted((c for c in candidates if c.section == sec.name and c.pending),
                                   key=lambda c: -c.score)]
        if not chosen:
            items.extend(waiting)
            continue
        sec_items: list[ComposedItem] = []
        if sec.group_by == "platform":
            works = bool(_WORKS_SECTION.search(sec.name + sec.description))
            groups: dict[str, list[Candidate]] = {}
            singles: list[Candidate] = []
            for c in chosen:
                p = platform_of(c, lex, works=works)
                (groups.setdefault(p, []) if p else singles).append(c)
            for p, members in groups.items():
                if len(members) == 1:
                    singles.append(members[0])
                    continue
                # One colon to a title (主体：事件): a short title's own colon becomes a comma.
                shorts = [_one_colon(_short_title(m.title, p, lex)) for m in members]
                paras = [m.paragraphs[0] if m.paragraphs else "" for m in members]
                sec_items.append(ComposedItem(sec.name, f"{p}：" + " | ".join(shorts), paras, members, p))
            sec_items.extend(ComposedItem(sec.name, c.title, list(c.paragraphs), [c]) for c in singles)
        else:
            sec_items = [ComposedItem(sec.name, c.title, list(c.paragraphs), [c]) for c in chosen]
        sec_items.sort(key=lambda it: -it.score)
        items.extend(sec_items[:max_per_section])
        items.extend(waiting)
    sure = [it for it in items if not it.pending]
    lead, consequential = highlight_sections(profile)
    pick_highlights(sure, profile.highlights, lead=lead, consequence_from=consequential, lexicon=lex)
    return items


# What a section's description says it carries when it is where the trade's rules are published: policies,
# regulations, rules, drafts for comment. Words of the weekly's format (docs/weekly-format.md), not of one beat.
_RULES_DESCRIBED = re.compile(r"政策|法规|规章|规定|办法|征求意见|监管|通知|条例|标准")


def highlight_sections(profile: ProfileSpec) -> tuple[list[str], list[str]]:
    """The sections 摘要 draws on: (lead, consequence). The profile's `highlight` marks when it sets any; a profile
    that marks none (an office that left the key out) still has a 摘要 an editor would recognise: its first section
    leads (the format prints the state's and the regulators' top news first), and the section whose description
    names the trade's rules most often (政策/法规/规章/办法/征求意见 …, at least twice) gives the consequential
    items. Without this, such a profile's 摘要 was simply its first five items in print order."""
    lead, consequential = profile.sections_with("lead"), profile.sections_with("consequence")
    if lead or consequential or not profile.sections:
        return lead, consequential
    first = profile.sections[0].name
    hits = {s.name: len(_RULES_DESCRIBED.findall(s.description)) for s in profile.sections[1:]}
    best = max(hits.values(), default=0)
    return [first], [n for n, h in hits.items() if h == best and h >= 2][:1]


# What makes a 行业 story consequential enough for the highlights (摘要): a regulator acting — a campaign, a rule
# issued or taking effect, a draft for comment, content taken down — rather than publishing a list, a filing
# report or statistics. Words of the headline count fully, words of the lead's first sentence half.
_ACTS = ("专项行动", "专项治理", "印发", "施行", "实施", "征求意见", "下架", "处置", "部署", "出台", "颁布", "整治",
         "约谈", "发出通知", "生效", "审核", "规范")
_DOCUMENT = re.compile(r"《[^》]{2,60}(?:办法|规定|条例|细则|通知|意见|措施|计划|方案|法|准则|规范|标准|指南)"
                       r"(?:（[^）]*）)?》|通知|政策措施|行动计划")
_ROUTINE = ("名单", "公示", "片单", "推荐", "备案", "同比", "累计流量", "用户达", "案例", "榜", "入选", "出炉",
            "经济运行", "报告", "开幕", "举行", "召开", "大会", "出席")
_ISSUER = {"central": 2.0, "regulator": 1.0, "association": 0.3, "broadcaster": 0.0, "foreign": -0.5,
           "research": -0.5, "company": -1.0, "platform": -1.0}
# Several ministries acting together ("商务部等9部门", "两部门") are regulators even when none is named first.
_MINISTRIES = re.compile(r"(?:[\d一二两三四五六七八九十]+|多)部门")


def _lead_sentence(c: Candidate) -> str:
    lead = c.paragraphs[0] if c.paragraphs else c.text
    return re.split(r"[。！？\n]", lead, maxsplit=1)[0]


def _words(text: str) -> float:
    acts = sum(1 for w in _ACTS if w in text) + (1 if _DOCUMENT.search(text) else 0)
    routine = sum(1 for w in _ROUTINE if w in text)
    return min(acts, 2) - min(routine, 2)


def _issuer(text: str, lex: Lexicon) -> float:
    """How much the first organisation named weighs as an issuer of rules (the State Council most)."""
    kinds = [issuer_kind(m) for m in lex.mentions(text) if m.category in ORGANISATIONS]
    if any(k == "central" for k in kinds):
        return _ISSUER["central"]
    if kinds:
        return _ISSUER.get(kinds[0], 0.0)
    return _ISSUER["regulator"] if _MINISTRIES.search(text) else 0.0


def consequence(c: Candidate, lex: Lexicon | None = None) -> float:
    """How consequential a story is for the highlights: the action its headline and lead tell, who acts, and how
    authoritative its source is."""
    lex = lex or default_lexicon()
    lead = _lead_sentence(c)
    return _words(c.title) + 0.5 * _words(lead) + max(_issuer(c.title, lex), 0.5 * _issuer(lead, lex)) + c.authority


# How a 摘要 candidate is weighed. Coverage counts most: a story many outlets carried is one the trade talks about,
# and on the labelled weeks the editors' 摘要 were, nearly always, the stories most outlets told (a ministry's rule
# six outlets carried over a one-outlet draft with more "rule" words). It counts as log2(1 + outlets), as the rank
# score does, so a seventh outlet adds less than a second. The bonuses order stories of like coverage: the lead
# section's items (its top ones first: the editors took the lead's second and third items over a consequence
# section's of one more outlet), the central leadership or the State Council acting, and in a consequence section
# how consequential the item is (consequence(), capped). The values sit in the middle of a plateau measured on the
# fourteen labelled weeks (docs/first-look.md, 2026-12-05), not at a peak.
_COVERAGE = 1.5
_LEADERSHIP_BONUS = 0.3
_LEAD_BONUS = 0.8
_CONSEQUENCE_BONUS = 0.3
_CONSEQUENCE_FULL = 5.0  # consequence() of a regulator issuing a named rule: the full bonus
_POSITION_STEP = 0.05  # per place down its section (the section's order is the rank score's)


def highlight_value(it: ComposedItem, position: int, *, lead: bool, lex: Lexicon) -> float:
    """How much an item of a lead (lead=True) or consequence section claims a 摘要 line: the outlets that carried
    it, then who acts, the section's role and the item's place in it."""
    value = _COVERAGE * math.log2(1 + max(p.outlets for p in it.parts))
    if any(said_by_leadership(p.title, lex) or _issuer(p.title, lex) >= _ISSUER["central"] for p in it.parts):
        value += _LEADERSHIP_BONUS
    if lead:
        value += _LEAD_BONUS
    else:
        weight = max(consequence(p, lex) for p in it.parts) / _CONSEQUENCE_FULL
        value += _CONSEQUENCE_BONUS * min(max(weight, 0.0), 1.0)
    return value - _POSITION_STEP * min(position, 8)


def pick_highlights(items: list[ComposedItem], count: int, *, lead: Sequence[str], consequence_from: Sequence[str],
                    lexicon: Lexicon | None = None) -> None:
    """The `count` items of the lead and consequence sections with the most weight (highlight_value: coverage
    first, then the central leadership, the lead section and how consequential an item is), at most count - 1 of
    them from one section while another has one; if those sections are short, the first ungrouped items of the
    issue. Numbered in issue order."""
    if count <= 0:
        return
    lex = lexicon or default_lexicon()
    place: dict[str, int] = {}
    weighed: list[tuple[float, int, ComposedItem]] = []
    for i, it in enumerate(items):
        position = place.get(it.section, 0)
        place[it.section] = position + 1
        if it.section in lead or it.section in consequence_from:
            weighed.append((highlight_value(it, position, lead=it.section in lead, lex=lex), i, it))
    ranked = [it for _v, _i, it in sorted(weighed, key=lambda t: (-t[0], t[1]))]
    # A spread over sections: no one section fills every line while another has a candidate (a week of many
    # widely-reported rules still opens with its top news); its next items wait until the others are taken.
    pool: list[ComposedItem] = []
    waiting: list[ComposedItem] = []
    per_section: dict[str, int] = {}
    for it in ranked:
        if count > 1 and per_section.get(it.section, 0) >= count - 1:
            waiting.append(it)
            continue
        per_section[it.section] = per_section.get(it.section, 0) + 1
        pool.append(it)
    pool += waiting
    if len(pool) < count:
        pool += [it for it in items if it not in pool and not it.group]
    chosen = {id(it) for it in pool[:count]}
    rank = 1
    for it in items:
        if id(it) in chosen:
            it.highlight = rank
            rank += 1


# -- the issue as a document ------------------------------------------------------------------------------

def issue_document(issue: Issue) -> IssueDoc:
    """The stored issue as the document model every renderer reads (sections in the profile's order).

    A published issue is the document frozen when it was published (or imported): what it carried — text,
    reports, masthead, order, footer, style — no later edit of the weekly's settings or stories reaches."""
    if issue.state == Issue.State.PUBLISHED:
        frozen = published_document(issue)
        if frozen is not None:
            return frozen
    return live_document(issue)


def published_document(issue: Issue) -> IssueDoc | None:
    """The document frozen at publication, if the issue has one (issues published before issue 16 do not)."""
    data = (IssueSnapshot.objects.filter(issue=issue, kind=IssueSnapshot.Kind.PUBLISHED, document__isnull=False)
            .order_by("-id").values_list("document", flat=True).first())
    return doc_from_dict(data) if data else None


def _memory(item: Item, number: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """What the build stored of the item's stories for this issue (Story.memory, app/memory.py): the earlier
    issues that carried it and, for a follow-up, what is new."""
    for part in item.parts.all():
        entry = (part.story.memory or {}).get(str(number)) if part.story is not None else None
        if isinstance(entry, dict) and entry.get("seen_in"):
            seen = [{"issue": s["issue"], "state": s["state"], "title": s["title"]} for s in entry["seen_in"]]
            follow = {"issue": seen[0]["issue"], "stage": entry.get("stage", ""),
                      "stage_before": entry.get("stage_before", ""), "figures": list(entry.get("figures") or []),
                      "new": list(entry.get("new") or [])} if entry.get("follow_up") else None
            return seen, follow
    return [], None


PENDING_MARK = "【待定】"


def live_document(issue: Issue) -> IssueDoc:
    """The issue's document from its items and the weekly's profile as they are now."""
    profile = issue.profile
    spec = profile.spec
    tz = ZoneInfo(profile.timezone)
    order = spec.section_names
    items = list(issue.items.prefetch_related("parts__story__reports").all())
    sections: dict[str, SectionDoc] = {}
    shown: dict[int, str] = {}
    for item in sorted(items, key=lambda i: (order.index(i.section) if i.section in order else len(order), i.order, i.id)):
        stories = []
        for part in item.parts.all():
            reports = []
            if part.story is not None:
                for r in sorted(part.story.reports.all(), key=lambda r: (r.published is None, r.published, r.id)):
                    reports.append(ReportRef(r.url, r.outlet, r.title, r.published))
            stories.append(StoryDoc(part.title, list(part.paragraphs), reports))
        seen_in, follow_up_of = _memory(item, issue.number)
        # Every format shows a 待定 item as such (a draft's export is read by people who were not in the desk).
        shown[item.pk] = f"{PENDING_MARK}{item.title}" if item.pending else item.title
        sections.setdefault(item.section, SectionDoc(item.section)).items.append(
            ItemDoc(shown[item.pk], list(item.paragraphs), stories, seen_in, follow_up_of, item.pending)
        )
    highlights = [shown[i.pk] for i in sorted((i for i in items if i.highlight), key=lambda i: i.highlight or 0)]
    # Highlights are listed in issue order (docs/weekly-format.md), whatever order they were chosen in.
    issue_order = [it.title for sec in sections.values() for it in sec.items]
    highlights.sort(key=lambda t: issue_order.index(t) if t in issue_order else len(issue_order))
    f = issue.footer or spec.table()["footer"]
    editors, reviewers = signed_names(issue)
    return IssueDoc(
        masthead=Masthead(profile.title, profile.publisher, issue.number, issue.date),
        window_start=issue.window_start.astimezone(tz).date(),
        window_end=issue.window_end.astimezone(tz).date(),
        highlights=highlights,
        sections=list(sections.values()),
        footer=Footer(
            office=f.get("office", ""), editors=editors or list(f.get("editors", [])),
            reviewers=reviewers or list(f.get("reviewers", [])),
            note=f.get("note", ""), report_to=list(f.get("report_to", [])), send_to=list(f.get("send_to", [])),
        ),
        style=Style(cjk_spacing=spec.cjk_spacing, bullet=spec.bullet),
        state=issue.state,
    )


_CJK_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·]+")


def display_name(user: object) -> str:
    """A desk user as the footer prints them: the full name (a Chinese one family name first, unspaced: 王小明),
    else the user name."""
    first = str(getattr(user, "first_name", "") or "").strip()
    last = str(getattr(user, "last_name", "") or "").strip()
    if first and last and _CJK_NAME.fullmatch(first) and _CJK_NAME.fullmatch(last):
        return last + first
    full = " ".join(p for p in (first, last) if p)
    return full or str(getattr(user, "get_username", lambda: "")() or "").strip()


def signed_names(issue: Issue) -> tuple[list[str], list[str]]:
    """责编 and 复核 as the workflow recorded them: who submitted the issue and who approved it (empty when no
    person did, e.g. an issue not yet submitted, one taken through on the command line, or an imported one)."""
    sign = IssueSignoff.objects.filter(issue=issue).select_related("submitted_by", "approved_by").first()
    if sign is None:
        return [], []
    editor = display_name(sign.submitted_by) if sign.submitted_by is not None else ""
    reviewer = display_name(sign.approved_by) if sign.approved_by is not None else ""
    return ([editor] if editor else []), ([reviewer] if reviewer else [])
