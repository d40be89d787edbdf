"""Intake: a report an editor brings into an issue — by URL, pasted text or file — or splits off a story becomes a
story judged exactly as a build judges one (app/understand.py: the same model, beat rules, lexicon and drafting)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhoubao.app.advice import fetch_advice
from zhoubao.app.build import ReportIn, understand
from zhoubao.app.files import FileRefused, limited_pool, read_file
from zhoubao.archive.models import Issue, Report, Story, audit
from zhoubao.archive.profiles import with_desk_profile
from zhoubao.collect.extract import Extracted
from zhoubao.collect.feedworker import WorkerFailed
from zhoubao.collect.store import store
from zhoubao.conf.settings import Settings
from zhoubao.draft.house import house_path, read_style
from zhoubao.errors import DeskError
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.net.url import canonical
from zhoubao.review import edits
from zhoubao.review.workflow import actor, locked


def story_of_report(settings: Settings, issue: Issue, report: Report, *, reasons: dict[str, Any]) -> Story:
    """A new story made of one report, understood as a build understands a story, in the issue's window."""
    settings = with_desk_profile(settings, issue.profile)
    days = max((issue.window_end - issue.window_start).days, 0)
    kind = report.outlet_kind or (report.source.outlet_kind if report.source else "")
    outlet = report.outlet or (report.source.name if report.source else "")
    [u] = understand(settings, [ReportIn(report.title, report.text, report.published, outlet, kind,
                                         report.fingerprint)],
                     start=issue.window_start, end=issue.window_end, days=days, house=read_style(house_path(settings.data_dir)))
    story = Story.objects.create(
        profile=issue.profile, representative=report, title=u.title, section=u.section,
        reasons={**u.reasons, **reasons}, score=u.score, on_beat=u.on_beat,
        # The editor chose this report: the window and the beat inform, they do not keep it out.
        excluded="",
        first_published=report.published, last_published=report.published,
        draft_title=u.draft_title, draft_paragraphs=u.paragraphs, entities=u.entities,
    )
    Report.objects.filter(pk=report.pk).update(story=story)
    return story


def fetch_report(settings: Settings, url: str) -> Report:
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
        raise DeskError(f"抓取失败：{fetch_advice(exc)}") from None
    try:  # outside input: read in a worker under the same limits as a collect
        ex = limited_pool(settings).extract(got.content, got.url, content_type=got.headers.get("content-type"),
                                            reference=None, tz=settings.timezone)
    except WorkerFailed as exc:
        raise DeskError(f"该网页无法提取正文：{exc.reason}。可以改用“粘贴正文”添加。") from None
    if not ex.text.strip():
        raise DeskError("该网页没有提取到正文：可以改用“粘贴正文”添加。")
    report = store(ex, url=key, source=None)
    return report or Report.objects.get(url=key)


# What an editor may paste as a report: a headline, and an article's text (a long report is some 20,000 characters;
# 200,000 CJK characters are some 600 kB, well inside the desk's DATA_UPLOAD_MAX_MEMORY_SIZE of 5 MB).
REPORT_TITLE_MAX = 200
REPORT_TEXT_MAX = 200_000


def pasted_problems(title: str, text: str) -> list[str]:
    """What is wrong with a pasted report's title and text, in Chinese (empty when nothing is)."""
    title, text = " ".join(title.split()), text.strip()
    problems = []
    if not title:
        problems.append("请填写标题。")
    elif len(title) > REPORT_TITLE_MAX:
        problems.append(f"标题过长：现有 {len(title):,} 字，最多 {REPORT_TITLE_MAX:,} 字。")
    if not text:
        problems.append("请粘贴正文。")
    elif len(text) > REPORT_TEXT_MAX:
        problems.append(f"正文过长：现有 {len(text):,} 字，最多 {REPORT_TEXT_MAX:,} 字。"
                        "请只粘贴与本事件有关的部分，或分成几篇添加。")
    return problems


def text_report(*, title: str, text: str, outlet: str, url: str, published: datetime | None) -> Report:
    """Store a report whose text an editor pasted (keyed by its URL, or by its content when it has none)."""
    problems = pasted_problems(title, text)
    if problems:
        raise DeskError("".join(problems))
    title, text = " ".join(title.split()), text.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise DeskError("原文链接只支持 http 或 https 网址。")
    try:
        key = canonical(url) if url else "manual:" + hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()
    except FetchError as exc:
        raise DeskError(f"原文链接有误：{fetch_advice(exc)}") from None
    known = Report.objects.filter(url=key).first()
    if known is not None:
        return known
    paras = [p.strip() for p in text.splitlines() if p.strip()]
    ex = Extracted(title, "\n".join(paras), published, outlet.strip(), "", "", "utf-8", True, "", "")
    report = store(ex, url=key, source=None, published=published or timezone.now())
    return report or Report.objects.get(url=key)


def file_report(settings: Settings, path: Path) -> Report:
    """Store a report from a local file (HTML, Word, PDF, text, email)."""
    url = path.resolve().as_uri()
    known = Report.objects.filter(url=url).first()
    if known is not None:
        return known
    try:
        ex = read_file(settings, path)
    except FileRefused as exc:
        raise DeskError(f"{path.name}：{exc}") from None
    report = store(ex, url=url, source=None)
    return report or Report.objects.get(url=url)


def add_report(settings: Settings, issue_id: int, report: Report, user: Any, *, issue_version: int,
               into_issue: bool) -> Story:
    """Make a story of a new report; put it into the issue (its judged section) or leave it a candidate."""
    with transaction.atomic():
        with locked(issue_id) as issue:
            report.refresh_from_db()
            if report.story_id is not None:
                story = report.story
                assert story is not None
            else:
                story = story_of_report(settings, issue, report,
                                        reasons={"method": "editor", "added_by": actor(user)})
            audit("add_report", actor=actor(user), user=user, issue=issue,
                  after={"report": report.pk, "url": report.url, "story": story.pk})
        if into_issue and not story.parts.exists():
            edits.add_story(issue_id, story.pk, user, issue_version=issue_version)
    return story


def split_report(settings: Settings, issue_id: int, report_id: int, user: Any, *, issue_version: int) -> Story:
    """A report wrongly merged into a story becomes a story of its own (a candidate, understood afresh)."""
    def make(issue: Issue, report: Report, reasons: dict[str, Any]) -> Story:
        return story_of_report(settings, issue, report, reasons=reasons)

    return edits.split_report(issue_id, report_id, user, issue_version=issue_version, make_story=make)
