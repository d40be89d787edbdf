"""What a later report says that an earlier item did not: new figures and a later step (stage) of its story."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from zhoubao.text.entities import figures
from zhoubao.text.normalize import sentences


@dataclass(frozen=True)
class Chain:
    """One general sequence of steps (定档 → 开播 → 收官), each step a tuple of the words that say it."""

    name: str
    steps: tuple[tuple[str, ...], ...]


@dataclass
class News:
    """The new facts of a story since an earlier item: figures it lacked, a later step, the sentences saying so."""

    figures: list[str] = field(default_factory=list)
    stage: str = ""  # the later step's word as written ("开播"), or "" when no chain moved on
    stage_before: str = ""  # the step the earlier item had reached ("定档")
    sentences: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.figures or self.stage)


@cache
def chains() -> tuple[Chain, ...]:
    """The stage vocabulary shipped in stages.toml."""
    data = tomllib.loads(resources.files("zhoubao.text").joinpath("stages.toml").read_text(encoding="utf-8"))
    return tuple(Chain(str(c["name"]), tuple(tuple(str(w) for w in step) for step in c["steps"]))
                 for c in data["chain"])


def _reached(text: str, chain: Chain) -> tuple[int, str]:
    """The latest step of chain the text names (index, word), or (-1, "")."""
    for i in range(len(chain.steps) - 1, -1, -1):
        for word in chain.steps[i]:
            if word in text:
                return i, word
    return -1, ""


def news(earlier: str, later: list[str], *, limit: int = 3) -> News:
    """What the later paragraphs tell that the earlier text did not: figures absent from it, and the step of a
    chain beyond the one the earlier text reached (a chain it never named is no news: every report says 发布)."""
    out = News()
    known = set(figures(earlier))
    said = "\n".join(later)
    out.figures = [f for f in figures(said) if f not in known]
    moved: tuple[str, str] | None = None
    for chain in chains():
        before, word_before = _reached(earlier, chain)
        now, word = _reached(said, chain)
        if before >= 0 and now > before:
            moved = (word, word_before)
            break
    if moved:
        out.stage, out.stage_before = moved
    for para in later:
        for s in sentences(para):
            if s in earlier:
                continue
            if (out.stage and out.stage in s) or any(f in figures(s) for f in out.figures):
                out.sentences.append(s)
                if len(out.sentences) >= limit:
                    return out
    return out
