"""Sections and beat: the profile's keyword rules, with the reasons kept for the desk."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhoubao.conf.settings import ProfileSpec


@dataclass
class SectionGuess:
    section: str
    scores: dict[str, float]
    matched: dict[str, list[str]] = field(default_factory=dict)
    method: str = "rules"

    def reasons(self) -> dict[str, object]:
        return {"method": self.method, "scores": self.scores, "keywords": self.matched.get(self.section, [])}


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
