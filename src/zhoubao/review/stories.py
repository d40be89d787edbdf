"""Reports an editor brings in by URL or pasted text become stories, drafted like the pipeline drafts them."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhoubao.archive.models import Issue, Report, Story, audit
from zhoubao.classify import rank
from zhoubao.classify.sections import classify, on_beat
from zhoubao.collect.extract import Extracted, extract
from zhoubao.collect.run import store
from zhoubao.conf.settings import Settings, load
from zhoubao.draft.extractive import draft
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.net.url import canonical
from zhoubao.review.errors import DeskError
from zhoubao.review.workflow import actor
from zhoubao.text.normalize import clean_line, clean_text


def home_settings(home: str) -> Settings:
    from pathlib import Path

    return load(Path(home))


def draft_story(issue: Issue, report: Report, *, reasons: dict[str, Any], settings: Settings | None = None) -> Story:
    """A new story made of one report: classified, scored and drafted as pipeline.build does."""
    from django.conf import settings as dj

    s = settings or home_settings(dj.ZHOUBAO_HOME)
    spec = s.profile
    text = clean_text(report.text, simplified=spec.traditional_to_simplified)
    title = clean_line(report.title)
    beat, _why = on_beat(spec, title, text)
    guess = classify(spec, title, text)
    names = [x["name"] for x in issue.profile.config.get("sections", [])]
    section = guess.section if guess.section in names else (names[0] if names else guess.section)
    score = rank.score(outlet_kinds=[report.outlet_kind], outlets=1, published=report.published,
                       window_end=issue.window_end, section=section, days=int(s.raw["build"]["days"]))
    d = draft(report.title, text, report.published, outlet=report.outlet, tz=s.timezone)
    rule = spec.cjk_spacing
    story = Story.objects.create(
        profile=issue.profile, representative=report, title=title[:1000], section=section,
        reasons={**guess.reasons(), **reasons}, score=score, on_beat=beat, excluded="",
        first_published=report.published, last_published=report.published,
        draft_title=clean_line(d.title, rule=rule)[:1000], draft_paragraphs=[clean_line(p, rule=rule) for p in d.paragraphs],
    )
    Report.objects.filter(pk=report.pk).update(story=story)
    return story


def fetch_report(url: str, settings: Settings) -> Report:
    """Fetch one page through the guarded fetcher with the home's policy, extract and store it."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise DeskError("只支持 http 或 https 网址。")
    try:
        key = canonical(url)
    except Exception:
        raise DeskError("网址无法识别。") from None
    known = Report.objects.filter(url=key).first()
    if known is not None:
        return known
    try:
        with Fetcher(policy_for(settings)) as fetcher:
            got = fetcher.get(url)
    except FetchError as exc:
        raise DeskError(f"抓取失败：{exc}") from None
    ex = extract(got.content, got.url, content_type=got.headers.get("content-type"), tz=settings.timezone)
    if not ex.text.strip():
        raise DeskError("该网页没有提取到正文：可以改用“粘贴正文”添加。")
    report = store(ex, url=key, source=None)
    return report or Report.objects.get(url=key)


def text_report(*, title: str, text: str, outlet: str, url: str, published: datetime | None) -> Report:
    title, text = " ".join(title.split()), text.strip()
    if not title or not text:
        raise DeskError("请填写标题和正文。")
    if url and not url.lower().startswith(("http://", "https://")):
        raise DeskError("原文链接只支持 http 或 https 网址。")
    key = canonical(url) if url else "manual:" + hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()
    known = Report.objects.filter(url=key).first()
    if known is not None:
        return known
    paras = [p.strip() for p in text.splitlines() if p.strip()]
    ex = Extracted(title, "\n".join(paras), published, outlet.strip(), "", "", "utf-8", True, "", "")
    report = store(ex, url=key, source=None, published=published or timezone.now())
    return report or Report.objects.get(url=key)


def add_report(issue_id: int, report: Report, user: Any, *, issue_version: int, into_issue: bool) -> Story:
    """Make a story of a new report; put it into the issue (its guessed section) or leave it a candidate."""
    from zhoubao.review.edits import add_story
    from zhoubao.review.workflow import locked

    with transaction.atomic():
        with locked(issue_id) as issue:
            report.refresh_from_db()
            if report.story_id is not None:
                story = report.story
                assert story is not None
            else:
                story = draft_story(issue, report, reasons={"method": "editor", "added_by": actor(user)})
            audit("add_report", actor=actor(user), user=user, issue=issue,
                  after={"report": report.pk, "url": report.url, "story": story.pk})
        if into_issue and not story.parts.exists():
            add_story(issue_id, story.pk, user, issue_version=issue_version)
    return story
