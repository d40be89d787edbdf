"""Entities of a text: organisations and people's titles from the lexicon, 《》 works, figures and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon, default_lexicon
from zhoubao.text.tokenize import works

# Figures that identify an event: amounts, counts with units, percentages ("326.1亿元", "24集", "15.6%").
FIGURE = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|‰|亿元|万元|亿美元|万美元|亿港元|亿|万|千|百|元|美元|集|期|部|家|个|人次|万人|亿人|次|条|款|项|小时|分钟|秒|GB|P|K|倍|户|所|名|座|场|国)"
)
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


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
