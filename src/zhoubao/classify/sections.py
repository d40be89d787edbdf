"""Sections and beat: the profile's keyword rules, with the reasons kept for the desk."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhoubao.classify.kinds import story_kind
from zhoubao.classify.learn import OFFBEAT, TextModel, example_text, speaks_of_shipped_beat
from zhoubao.conf.settings import ProfileSpec
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon, beat_bodies, default_lexicon, lexicon_table


@dataclass
class SectionGuess:
    section: str
    scores: dict[str, float]
    matched: dict[str, list[str]] = field(default_factory=dict)
    method: str = "rules"
    learned: dict[str, float] = field(default_factory=dict)

    def reasons(self) -> dict[str, object]:
        out: dict[str, object] = {"method": self.method, "scores": self.scores,
                                  "keywords": self.matched.get(self.section, [])}
        if self.learned:
            out["classifier"] = self.learned
        return out


def classify(profile: ProfileSpec, title: str, text: str) -> SectionGuess:
    """Score each section by its keywords: a hit in the title counts three times one in the lead."""
    lead = text[:400]
    scores: dict[str, float] = {}
    matched: dict[str, list[str]] = {}
    for order, sec in enumerate(profile.sections):
        hits = [k for k in sec.keywords if k and (k in title or k in lead)]
        score = sum(3.0 if k in title else 1.0 for k in hits)
        # Earlier sections win ties: they are the more specific in the house order (要闻 before 行业).
        scores[sec.name] = score - order * 0.01 if score else 0.0
        matched[sec.name] = hits
    best = max(scores, key=lambda s: scores[s]) if scores else profile.fallback
    if scores.get(best, 0.0) <= 0.0:
        best = profile.fallback
    return SectionGuess(best, {k: round(v, 2) for k, v in scores.items()}, matched)


def on_beat(profile: ProfileSpec, title: str, text: str) -> tuple[bool, str]:
    """(on the beat?, reason). Off when nothing of the beat is mentioned, or an excluded topic leads the title."""
    lead = title + text[:600]
    section_words = {k for s in profile.sections for k in s.keywords if len(k) > 1}
    beat_hits = [k for k in profile.beat_keywords if k in lead]
    excluded = [k for k in profile.beat_exclude if k in title]
    if excluded and not any(k in title for k in beat_hits) and not any(k in title for k in section_words):
        return False, f"不属于本刊关注领域（标题涉及：{'、'.join(excluded)}）"
    if not beat_hits:
        return False, "不属于本刊关注领域（未出现领域关键词）"
    return True, ""


# -- rules and the learned classifier, combined -----------------------------------------------------

# How much the learned classifier counts against the profile's keyword rules when both are there.
LEARNED_WEIGHT = 0.95


def _rule_shares(guess: SectionGuess) -> dict[str, float]:
    pos = {k: max(v, 0.0) for k, v in guess.scores.items()}
    total = sum(pos.values())
    return {k: v / total for k, v in pos.items()} if total > 0 else {}


# Examples a section needs before the learned model gets its full weight: with fewer (an office starting from ~30
# examples, four a section) its probabilities are nearly flat and would outvote the profile's keyword rules.
FULL_WEIGHT_EXAMPLES = 30


def learned_weight(model: TextModel, weight: float) -> float:
    """The learned model's weight against the rules, scaled down while it has few examples per section."""
    per_section = model.examples / max(len(model.labels), 1)
    return weight * min(1.0, per_section / FULL_WEIGHT_EXAMPLES)


def _to_home(guess: SectionGuess, home: str, kind: str) -> SectionGuess:
    """The guess moved to the section the profile marks for the story's kind (marked.py), the scores kept."""
    moved = SectionGuess(home, guess.scores, guess.matched, guess.method + "+kind", guess.learned)
    return moved if kind else guess


def classify_many(profile: ProfileSpec, stories: list[tuple[str, str]], model: TextModel | None = None,
                  *, weight: float = LEARNED_WEIGHT, embeddings: bool = True,
                  homes: Sequence[tuple[str, str]] = ()) -> list[tuple[SectionGuess, float | None]]:
    """(section guess, off-beat probability) for each (title, text): keyword rules and the learned model combined;
    the probability is None without a model (the beat is then judged by its evidence alone).

    embeddings: let the model mix in its sentence-embedding head (when it has one).
    homes: per story, (section, kind) the profile marks for its kind (marked.story_home), ("", "") for none: such a
    story goes there whatever its words say."""
    out = _classify_many(profile, stories, model, weight=weight, embeddings=embeddings)
    names = set(profile.section_names)
    for i, (home, kind) in enumerate(homes):
        if home in names and out[i][0].section != home:
            out[i] = (_to_home(out[i][0], home, kind), out[i][1])
    return out


def _classify_many(profile: ProfileSpec, stories: list[tuple[str, str]], model: TextModel | None,
                   *, weight: float, embeddings: bool) -> list[tuple[SectionGuess, float | None]]:
    rules = [classify(profile, t, x) for t, x in stories]
    if model is None or not stories:
        return [(g, None) for g in rules]
    weight = learned_weight(model, weight)
    probs = model.scores([example_text(t, x) for t, x in stories], embeddings=embeddings)
    names = [s.name for s in profile.sections]
    known = set(model.labels)
    out: list[tuple[SectionGuess, float | None]] = []
    for guess, row in zip(rules, probs, strict=True):
        learned = {lab: float(p) for lab, p in zip(model.labels, row, strict=True)}
        offbeat = learned.pop(OFFBEAT, 0.0)
        on = sum(learned.get(n, 0.0) for n in names)
        learned = {n: learned.get(n, 0.0) / on if on > 0 else 0.0 for n in names}
        shares = _rule_shares(guess)
        w = weight if shares else 1.0
        final = {n: w * learned[n] + (1 - w) * shares.get(n, 0.0) for n in names}
        # A section the model never learned (added or renamed in the desk) is judged by its keywords alone, and
        # what its keywords claim is taken from the learned sections' share.
        unknown = [n for n in names if n not in known]
        claimed = sum(shares.get(n, 0.0) for n in unknown)
        if claimed > 0:
            final = {n: shares.get(n, 0.0) if n in unknown else (1 - claimed) * v for n, v in final.items()}
        best = max(names, key=lambda n: (final[n], -names.index(n)))
        combined = SectionGuess(best, {k: round(v, 3) for k, v in final.items()}, guess.matched, "rules+learned")
        combined.learned = {k: round(v, 3) for k, v in learned.items()}
        out.append((combined, offbeat))
    return out


_SENTENCE_END = ("。", "！", "？", "\n")


def _first_sentence(text: str) -> str:
    from zhoubao.dedupe.stories import lead

    head = lead(text, 200)
    cut = min((i for i in (head.find(e) for e in _SENTENCE_END) if i >= 0), default=len(head))
    return head[:cut]


# Per profile object (it is asked for every headline of every story): the profile itself is kept beside its answer,
# so an id is never taken for another profile's; a few profiles live in a process, the cache is cleared past 64.
_OWN: dict[int, tuple[ProfileSpec, frozenset[str] | None]] = {}


def beat_names(profile: ProfileSpec) -> frozenset[str] | None:
    """The names whose mention speaks of the profile's beat: None for the shipped beat (every platform, association,
    research firm, term and beat body of the shipped lexicon), else only the names of the profile's own lexicon — an
    energy weekly's headline naming 爱奇艺 or 国家广播电视总局 is not about energy, though the shipped lexicon knows them."""
    kept = _OWN.get(id(profile))
    if kept is not None and kept[0] is profile:
        return kept[1]
    names = None if speaks_of_shipped_beat(profile.beat_keywords) else frozenset(
        name for table in lexicon_table(profile.lexicon).values() for name in table)
    if len(_OWN) >= 64:
        _OWN.clear()
    _OWN[id(profile)] = (profile, names)
    return names


def beat_evidence(profile: ProfileSpec, title: str, text: str, lexicon: Lexicon | None = None,
                  weak: frozenset[str] | set[str] = frozenset()) -> tuple[int, list[str]]:
    """How strongly the story itself is of the beat: (level, what says so).

    3: the headline's subject is of the beat (a beat keyword or term, a platform, association or research firm);
    2: the headline names an organisation of the lexicon (a regulator, a company), or the lead's first sentence
       has a beat keyword or name; 1: only common words (平台, 视频, AI …) or a mention further down;
    0: nothing of the beat at all (the classifier may still know better, e.g. a ministry's statistics). A passing mention in the body is not what the story is about.
    """
    lex = lexicon or default_lexicon()
    strong_kw = [k for k in profile.beat_keywords if k not in weak]
    t_kw = [k for k in strong_kw if k in title]
    own = beat_names(profile)
    t_ment = lex.mentions(title)
    bodies = beat_bodies() if own is None else frozenset()
    t_subject = [m.name for m in t_ment if (own is None or m.name in own) and (
                 m.category in ("platforms", "associations", "research") or m.name in bodies
                 or (m.category == "terms" and m.name not in weak and m.alias not in weak))]
    if t_kw or t_subject:
        return 3, (t_kw + t_subject)[:6]
    t_orgs = [m.name for m in t_ment if m.category in ORGANISATIONS]
    first = _first_sentence(text)
    f_kw = [k for k in strong_kw if k in first]
    f_names = [m.name for m in lex.mentions(first) if m.category in ("platforms", "associations")
               and (own is None or m.name in own)]
    if t_orgs or f_kw or f_names:
        return 2, (t_orgs + f_kw + f_names)[:6]
    body = title + text[:600]
    w = [k for k in profile.beat_keywords if k in body]
    if w:
        return 1, w[:6]
    return 0, []


def story_evidence(profile: ProfileSpec, title: str, text: str, lexicon: Lexicon,
                   weak: frozenset[str] | set[str] = frozenset(), other_titles: Sequence[str] = ()) -> tuple[int, list[str]]:
    """beat_evidence of the story, not of one report: the strongest of its lead report's (title and text) and of
    its other reports' headlines (their first clause). A platform's own post ("《2026拜年纪》播放量破1.8亿，感谢大家！") names neither
    itself nor the beat; the outlets retelling it do ("B站拜年纪24小时播放量破1.8亿")."""
    best = beat_evidence(profile, title, text, lexicon, weak)
    for other in other_titles:
        if best[0] >= 3:
            break
        # Its first clause only: a second one is often a passing mention ("平安银行一季度营收337.09亿元 线上直播投教
        # 活动超2000场", "“五一”出游热度攀升 影视和微短剧取景地带火小众目的地").
        first = re.split(r"[，,；;！!？?\s]", other.strip(), maxsplit=1)[0]
        found = beat_evidence(profile, first, "", lexicon, weak)
        if found[0] > best[0]:
            best = found
    return best


def judge_beat(profile: ProfileSpec, title: str, text: str, offbeat_probability: float | None,
               lexicon: Lexicon | None = None, *, threshold: float = 0.25,
               weak: frozenset[str] | set[str] = frozenset(), sure: float = 0.6,
               outlet_kind: str = "", other_titles: Sequence[str] = ()) -> tuple[bool, str]:
    """On the beat? The beat must be the story's subject; the learned off-beat probability decides the rest.

    The bar the classifier's off-beat probability must reach to take a story off rises with the evidence that
    the story is of the beat (beat_evidence): at `sure` for a headline about the beat, at threshold for one naming
    an organisation of the lexicon, at 0.6 of it when only common words or passing mentions tie it to the beat, 0.4 when nothing does.
    An excluded topic (the profile's beat exclude list) in a headline with no beat subject takes it off; a story
    of a kind the format carries ([profile.beat] kinds: classify/kinds.py) stays on — judged on every headline of
    the story (`other_titles`: its lead report may be in English or name no issuer). Without a classifier
    (offbeat_probability None) a story with any word of the beat stays on.
    """
    lex = lexicon or default_lexicon()
    level, said = story_evidence(profile, title, text, lex, weak, other_titles)
    excluded = [k for k in profile.beat_exclude if k in title]
    p = offbeat_probability
    if excluded and level < 3:
        return False, f"不属于本刊关注领域（标题涉及：{'、'.join(excluded)}）"
    strong = [k for k in profile.beat_keywords if k not in weak]
    lead = _first_sentence(text)
    if any(story_kind(profile.beat.kinds, t, lex, lead=lead, beat_words=strong, outlet_kind=outlet_kind)
           for t in (title, *other_titles)):
        return True, ""  # a kind the format carries whatever its words: dropping it needs an editor, not a guess
    if p is None:  # no classifier for this beat: any word of the beat keeps a story, dropping needs none at all
        return (True, "") if level >= 1 else (False, "不属于本刊关注领域（未出现领域关键词）")
    if level == 3:
        own = beat_names(profile)
        named = [m.name for m in lex.mentions(title) if m.category in ("platforms", "regulators", "associations")
                 and (own is None or m.name in own)]
        if p >= sure and not named:
            return False, f"不属于本刊关注领域（分类器判断为领域外，概率 {p:.2f}）"
        return True, ""
    bar = threshold if level == 2 else threshold * (0.6 if level == 1 else 0.4)
    if p >= bar:
        why = "未出现领域关键词" if level == 0 else f"领域词只是顺带提及：{'、'.join(said[:3])}"
        return False, f"不属于本刊关注领域（{why}；分类器判断为领域外，概率 {p:.2f}）"
    return True, ""


# -- strong evidence or 待定 -------------------------------------------------------------------------

# The off-beat probability at which dropping needs no editor, by the story's evidence level (beat_evidence 0–3).
# Below it, yet above judge_beat's bar, the classifier and the story's words disagree or the classifier is unsure:
# the story is proposed as 待定 instead of dropped. Set from the labelled weeks: the on-beat stories judge_beat
# dropped (foreign platforms' English reports, an AI model launch) scored 0.16–0.26 at level 0, while weather,
# sport, housing and the economy at large score 0.4–0.95.
STRONG_DROP = (0.3, 0.5, 0.5, 0.8)
# The off-beat probability under which the classifier is sure a story is of the beat.
SURE_ON_BEAT = 0.05


@dataclass(frozen=True)
class BeatVerdict:
    """What the build does with a story: keep it, propose it as 待定 (pending: why), or drop it (reason)."""

    on: bool
    pending: str = ""
    reason: str = ""


def beat_verdict(profile: ProfileSpec, title: str, text: str, offbeat_probability: float | None,
                 lexicon: Lexicon | None = None, *, threshold: float = 0.25,
                 weak: frozenset[str] | set[str] = frozenset(), sure: float = 0.6, outlet_kind: str = "",
                 other_titles: Sequence[str] = (), strong: Sequence[float] = STRONG_DROP) -> BeatVerdict:
    """judge_beat, with its drops split: a story leaves the issue only on strong evidence — a topic the profile
    excludes, nothing of the beat with no classifier to say otherwise, or a classifier sure enough for the story's
    evidence level (`strong`). A weaker drop becomes 待定, with its reason, for an editor to keep or remove."""
    lex = lexicon or default_lexicon()
    on, why = judge_beat(profile, title, text, offbeat_probability, lex, threshold=threshold, weak=weak, sure=sure,
                         outlet_kind=outlet_kind, other_titles=other_titles)
    if on:
        # A topic the profile excludes in a headline that also names the beat ("机场私服", "寒潮…航班动态"): the
        # two rules disagree, and unless the classifier is sure of the beat (微短剧…篮球梦: 0.02; dev-u's 私服,
        # 票房 and 运价 stories 0.12–0.17) an editor decides.
        clash = [k for k in profile.beat_exclude if any(k in t for t in (title, *other_titles))]
        if clash and (offbeat_probability is None or offbeat_probability >= SURE_ON_BEAT):
            return BeatVerdict(True, pending=f"待定：标题涉及本刊排除的话题（{'、'.join(clash[:3])}），也有本刊领域的词")
        return BeatVerdict(True)
    p = offbeat_probability
    level, said = story_evidence(profile, title, text, lex, weak, other_titles)
    excluded = [k for k in profile.beat_exclude if k in title]
    if p is None or (excluded and level < 3) or p >= strong[level]:
        return BeatVerdict(False, reason=why)
    if level == 3:
        doubt = f"标题属本刊领域（{'、'.join(said[:3])}），但分类器判断为领域外（概率 {p:.2f}）"
    elif level == 0:
        doubt = f"未出现领域关键词，分类器把握不足（领域外概率 {p:.2f}）"
    else:
        doubt = f"领域词只是顺带提及（{'、'.join(said[:3])}），分类器把握不足（领域外概率 {p:.2f}）"
    return BeatVerdict(True, pending=f"待定：{doubt}")
