"""Optional drafting by a language model through an OpenAI-compatible endpoint, always fact-checked.

Every number, date, Latin name, organisation of the lexicon and 《》 title in the model's text must appear in
the story's reports (a date may also be a report's publication day); otherwise the extractive draft is kept and
the reason logged. The network is reached only through the zhoubao.net Fetcher it is given (its guard applies).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from zhoubao.conf.settings import LLMSettings
from zhoubao.draft.damage import LABELS, damage
from zhoubao.text.facts import unsupported
from zhoubao.text.gazetteer import Lexicon, default_lexicon
from zhoubao.text.normalize import clean_line

if TYPE_CHECKING:
    from zhoubao.draft.extractive import Source

log = logging.getLogger("zhoubao.draft.llm")

PROMPT = """你是行业动态周报的编辑。根据下面同一事件的几篇报道，写出周报条目：
- 标题：一行，“主体：事件”或一句简洁的标题，不写媒体名称、日期，末尾不加标点；
- 正文：一段，1至3句，以时间或来源开头（如“6月4日，”“近日，”“据…消息，”），写清谁、做了什么、关键数字；
- 只使用报道中出现的事实、数字、日期、名称，作品名用《》。
只输出 JSON：{"title": "…", "paragraph": "…"}

"""

@dataclass
class Checked:
    ok: bool
    reason: str = ""


def fact_check(texts: Sequence[str], sources: Sequence[Source], lexicon: Lexicon | None = None, *,
               tz: str) -> Checked:
    """Whether every number, date, name and 《》 title of the texts appears in the sources (text/facts.py)."""
    found = unsupported(texts, [t for s in sources for t in (s.title, s.text)], [s.published for s in sources],
                        tz=tz, lexicon=lexicon or default_lexicon())
    return Checked(not found, found[0].message() if found else "")


def parse_answer(content: str) -> tuple[str, str]:
    """(title, paragraph) from the model's answer: JSON, possibly inside a code fence."""
    m = re.search(r"\{.*\}", content, re.S)
    if not m:
        raise ValueError("回答中没有 JSON")
    data = json.loads(m.group(0))
    title = str(data.get("title", "")).strip()
    para = str(data.get("paragraph", "") or "".join(data.get("paragraphs", []) or [])).strip()
    if not title or not para:
        raise ValueError("回答缺少 title 或 paragraph")
    return title, para


class LLMDrafter:
    """Asks the endpoint for a title and paragraph; keeps the extractive draft when the answer fails its check."""

    def __init__(self, cfg: LLMSettings, *, tz: str, api_key: str, fetcher: Any) -> None:
        """fetcher: a zhoubao.net Fetcher with the home's policy (its guard applies to the endpoint too)."""
        self.url = cfg.url.rstrip("/") + "/chat/completions"
        self.model = cfg.model
        self.key = api_key
        self.budget = cfg.max_stories
        self.tz = tz
        self.fetcher = fetcher
        self.used = 0

    def ask(self, sources: Sequence[Source]) -> tuple[str, str]:
        parts = []
        for n, s in enumerate(sources[:3], 1):
            when = s.published.astimezone(ZoneInfo(self.tz)).strftime("%Y-%m-%d") if s.published else "未知"
            parts.append(f"报道{n}（{s.outlet}，{when}）：{s.title}\n{s.text[:800]}")
        payload = {"model": self.model, "temperature": 0,
                   "messages": [{"role": "user", "content": PROMPT + "\n\n".join(parts)}]}
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        res = self.fetcher.post_json(self.url, payload, headers)
        data = json.loads(res.content.decode("utf-8"))
        return parse_answer(str(data["choices"][0]["message"]["content"]))

    def improve(self, story: Any, *, spacing: str = "none") -> tuple[str, list[str]]:
        """(title, paragraphs) for an understood story: the model's if they pass the check, else the extractive."""
        keep = (story.draft_title, list(story.paragraphs))
        if self.used >= self.budget or not story.sources:
            return keep
        self.used += 1
        try:
            title, para = self.ask(story.sources)
        except Exception as exc:  # a failing endpoint never fails the build
            self._note(story, f"模型调用失败：{exc}")
            return keep
        title = re.sub(r"[。！？!?；;，,\s]+$", "", title)
        checked = fact_check([title, para], story.sources, tz=self.tz)
        if not checked.ok:
            self._note(story, f"模型稿未通过核对（{checked.reason}），保留摘录稿")
            return keep
        hurt = list(dict.fromkeys(damage(title) + damage(para)))
        if hurt:
            self._note(story, f"模型稿有破损（{'、'.join(LABELS[h] for h in hurt)}），保留摘录稿")
            return keep
        story.reasons["draft"] = "llm"
        return clean_line(title, rule=spacing), [clean_line(para, rule=spacing)]

    def _note(self, story: Any, reason: str) -> None:
        log.warning("%s: %s", story.title[:40], reason)
        story.reasons["draft"] = reason

    def close(self) -> None:
        close = getattr(self.fetcher, "close", None)
        if callable(close):
            close()



