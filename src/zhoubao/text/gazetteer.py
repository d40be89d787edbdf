"""Names of the beat — platforms, regulators, associations, companies, research firms, titles, terms — with aliases.

The names ship as data (text/lexicon/beat.toml); a profile adds its own under [profile.lexicon] in zhoubao.toml.
One Lexicon drives the segmenter's user dictionary, entity tagging and keywords.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

# Categories whose names are organisations (the "who" of a story); titles and terms are not.
ORGANISATIONS = ("platforms", "regulators", "associations", "companies", "research")
# The bodies a section that groups "by platform" groups its items under, in order of preference (compose, and the
# sections an office's archive groups a company in: draft/house.py).
GROUPED_BY = ("platforms", "companies")

Names = dict[str, tuple[str, ...]]


# Tables of beat.toml that are not categories of names.
NOT_NAMES = ("issuer_kinds", "beat_bodies")


def _read_raw() -> dict[str, Any]:
    text = resources.files("zhoubao.text.lexicon").joinpath("beat.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _read_default() -> dict[str, Names]:
    return _normalise({k: v for k, v in _read_raw().items() if k not in NOT_NAMES})


def _normalise(data: Mapping[str, Any]) -> dict[str, Names]:
    out: dict[str, Names] = {}
    for cat, table in data.items():
        if not isinstance(table, Mapping):
            continue
        names: Names = {}
        for canon, aliases in table.items():
            if isinstance(aliases, str):
                aliases = [aliases]
            al = [str(canon)] + [str(a) for a in (aliases or []) if str(a).strip()]
            names[str(canon)] = tuple(dict.fromkeys(al))
        out[str(cat)] = names
    return out


def _boundary_ok(text: str, start: int, end: int, alias: str) -> bool:
    """A Latin alias must not be part of a longer Latin word ("AR" in "ARM", "AI" in "OpenAI"), nor a figure's
    tail ("8K" in "2.8K")."""
    if alias[:1].isdigit() and start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
        return False
    if alias[:1].isascii() and alias[:1].isalnum() and start > 0 and text[start - 1].isascii() \
            and text[start - 1].isalnum():
        return False
    return not (alias[-1:].isascii() and alias[-1:].isalnum() and end < len(text) and text[end].isascii()
                and text[end].isalnum())


def trie_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of words, longest first at each position (a trie, so it stays fast)."""
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def walk(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    pattern = walk(trie)
    return re.compile(pattern) if pattern else re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Mention:
    category: str
    name: str  # canonical
    alias: str  # as written
    start: int


@dataclass
class Lexicon:
    """Canonical names with aliases, by category."""

    names: dict[str, Names] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._alias: dict[str, tuple[str, str]] = {}
        for cat in self.names:
            for canon, aliases in self.names[cat].items():
                for a in aliases:
                    # The first category to claim an alias keeps it (organisations before terms).
                    self._alias.setdefault(a, (cat, canon))
                    self._alias.setdefault(a.lower(), (cat, canon)) if a.isascii() else None
        self._re = trie_regex(self._alias)

    def __hash__(self) -> int:  # cached by identity
        return id(self)

    def category(self, cat: str) -> Names:
        return self.names.get(cat, {})

    def words(self) -> list[tuple[str, str]]:
        """(alias, category) for the segmenter's user dictionary."""
        return [(a, cat) for a, (cat, _c) in self._alias.items()]

    def knows(self, word: str) -> bool:
        """Whether word is a name or alias of the lexicon, as written."""
        return word in self._alias

    def canonical(self, alias: str) -> str:
        hit = self._alias.get(alias)
        return hit[1] if hit else alias

    def mentions(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        for m in self._re.finditer(text):
            alias = m.group(0)
            hit = self._alias.get(alias)
            if hit is None or not _boundary_ok(text, m.start(), m.end(), alias):
                continue
            out.append(Mention(hit[0], hit[1], alias, m.start()))
        return out

    def find(self, text: str, categories: Iterable[str] = ORGANISATIONS) -> list[str]:
        """Canonical names of the given categories mentioned in text, in order of first mention."""
        cats = set(categories)
        return list(dict.fromkeys(m.name for m in self.mentions(text) if m.category in cats))

    def first(self, text: str, categories: Iterable[str] = ORGANISATIONS) -> str:
        found = self.find(text, categories)
        return found[0] if found else ""

    def extended(self, extra: Mapping[str, Any] | None) -> Lexicon:
        """This lexicon with a profile's additions ([profile.lexicon]): new names and more aliases."""
        if not extra:
            return self
        merged = {cat: dict(names) for cat, names in self.names.items()}
        for cat, names in _normalise(extra).items():
            table = merged.setdefault(cat, {})
            for canon, aliases in names.items():
                table[canon] = tuple(dict.fromkeys(table.get(canon, ()) + aliases))
        return Lexicon(merged)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon(_read_default())


_EXTENDED: dict[str, Lexicon] = {}


def lexicon_for(extra: Mapping[str, Any] | None) -> Lexicon:
    """The shipped lexicon extended by a profile's [profile.lexicon] table (cached per content)."""
    if not extra or not any(extra.values()):
        return default_lexicon()
    key = repr(sorted((k, sorted(v.items()) if isinstance(v, Mapping) else v) for k, v in extra.items()))
    if key not in _EXTENDED:
        _EXTENDED[key] = default_lexicon().extended(extra)
    return _EXTENDED[key]


@lru_cache(maxsize=1)
def issuer_kinds() -> dict[str, str]:
    """Canonical name → its kind as an issuer ("central", "foreign", "broadcaster"), from beat.toml's [issuer_kinds]."""
    table = _read_raw().get("issuer_kinds", {})
    return {str(name): str(kind) for kind, names in table.items() for name in (names or [])}


@lru_cache(maxsize=1)
def beat_bodies() -> frozenset[str]:
    """Canonical names of the bodies whose acts are all of the beat (beat.toml's [beat_bodies])."""
    return frozenset(str(n) for n in _read_raw().get("beat_bodies", {}).get("names", []))


def issuer_kind(mention: Mention) -> str:
    """What kind of issuer a named organisation is: central, regulator, foreign, broadcaster, association, company,
    platform, research — the lexicon's category, refined by [issuer_kinds]."""
    kind = issuer_kinds().get(mention.name)
    if kind:
        return kind
    return {"regulators": "regulator", "associations": "association", "companies": "company",
            "platforms": "platform", "research": "research"}.get(mention.category, "")


def lexicon_table(raw: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
    """The [profile.lexicon] table of zhoubao.toml as categories of names.

    Each category is a list of strings, "canonical" or "canonical=alias1|alias2" (e.g. "星河视频=星河|XH Video").
    """
    out: dict[str, dict[str, list[str]]] = {}
    for cat, entries in (raw or {}).items():
        if isinstance(entries, Mapping):  # also accept a table of canonical = [aliases]
            out[cat] = {str(k): [str(a) for a in (v if isinstance(v, list) else [v])] for k, v in entries.items()}
            continue
        table: dict[str, list[str]] = {}
        for entry in entries or []:
            canon, _, aliases = str(entry).partition("=")
            if canon.strip():
                table[canon.strip()] = [a.strip() for a in re.split(r"[|｜,，]", aliases) if a.strip()]
        out[cat] = table
    return out
