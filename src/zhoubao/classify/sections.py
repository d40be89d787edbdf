"""Sections and beat: the profile's keyword rules, with the reasons kept for the desk."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhoubao.classify.learn import OFFBEAT, TextModel, example_text
from zhoubao.conf.settings import ProfileSpec
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon, default_lexicon


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


def classify(profile: ProfileSpec, title: str, text: str, *, fallback: str = "行业") -> SectionGuess:
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
    best = max(scores, key=lambda s: scores[s]) if scores else fallback
    if scores.get(best, 0.0) <= 0.0:
        names = [s.name for s in profile.sections]
        best = fallback if fallback in names else names[0]
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
LEARNED_WEIGHT = 0.7


def _rule_shares(guess: SectionGuess) -> dict[str, float]:
    pos = {k: max(v, 0.0) for k, v in guess.scores.items()}
    total = sum(pos.values())
    return {k: v / total for k, v in pos.items()} if total > 0 else {}


def classify_many(profile: ProfileSpec, stories: list[tuple[str, str]], model: TextModel | None = None,
                  *, fallback: str = "行业", weight: float = LEARNED_WEIGHT) -> list[tuple[SectionGuess, float]]:
    """(section guess, off-beat probability) for each (title, text): keyword rules and the learned model combined."""
    rules = [classify(profile, t, x, fallback=fallback) for t, x in stories]
    if model is None or not stories:
        return [(g, 0.0) for g in rules]
    probs = model.scores([example_text(t, x) for t, x in stories])
    names = [s.name for s in profile.sections]
    out: list[tuple[SectionGuess, float]] = []
    for guess, row in zip(rules, probs, strict=True):
        learned = {lab: float(p) for lab, p in zip(model.labels, row, strict=True)}
        offbeat = learned.pop(OFFBEAT, 0.0)
        on = sum(learned.get(n, 0.0) for n in names)
        learned = {n: learned.get(n, 0.0) / on if on > 0 else 0.0 for n in names}
        shares = _rule_shares(guess)
        w = weight if shares else 1.0
        final = {n: w * learned[n] + (1 - w) * shares.get(n, 0.0) for n in names}
        best = max(names, key=lambda n: (final[n], -names.index(n)))
        combined = SectionGuess(best, {k: round(v, 3) for k, v in final.items()}, guess.matched, "rules+learned")
        combined.learned = {k: round(v, 3) for k, v in learned.items()}
        out.append((combined, offbeat))
    return out


def judge_beat(profile: ProfileSpec, title: str, text: str, offbeat_probability: float,
               lexicon: Lexicon | None = None, *, threshold: float = 0.25) -> tuple[bool, str]:
    """On the beat? Keyword rules, the beat's names in the headline, and the learned off-beat probability.

    A story whose headline names a platform, regulator or association of the beat stays on it; otherwise the
    learned classifier's off-beat probability (at or above threshold) takes it off.
    """
    ok, why = on_beat(profile, title, text)
    lex = lexicon or default_lexicon()
    named = [m.name for m in lex.mentions(title) if m.category in ("platforms", "regulators", "associations")]
    if ok and offbeat_probability >= threshold and not named:
        return False, f"不属于本刊关注领域（分类器判断为领域外，概率 {offbeat_probability:.2f}）"
    if not ok and "标题涉及" not in why:
        # No beat keyword, but the headline names an organisation of the beat's lexicon, or the classifier
        # is sure it belongs: the keyword list is what misses, not the story.
        orgs = [m.name for m in lex.mentions(title) if m.category in ORGANISATIONS]
        if (orgs and offbeat_probability < threshold * 0.8) or offbeat_probability < threshold * 0.4:
            return True, ""
    return ok, why
