"""The archive's models: Profile, Source, Report, Story, Issue, Item and the audit log (docs/architecture.md nouns)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhoubao.conf.settings import ProfileSpec, defaults


class Profile(models.Model):
    """One weekly: its name, publisher, sections, beat, house style and footer (as JSON from zhoubao.toml)."""

    key = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    first_number = models.PositiveIntegerField(default=1)
    # The whole [profile] table as last synced from zhoubao.toml (sections, beat, footer, style).
    config = models.JSONField(default=dict)
    config_hash = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    @property
    def spec(self) -> ProfileSpec:
        """The profile as stored (the desk's edits included), typed and validated like zhoubao.toml's."""
        cached: ProfileSpec | None = getattr(self, "_spec", None)
        if cached is None or getattr(self, "_spec_of", None) != self.config:
            cached = ProfileSpec.from_table(self.config or {})
            self._spec, self._spec_of = cached, self.config
        return cached

    @property
    def timezone(self) -> str:
        """The time zone the profile's dates are told in (stored beside it when it was synced)."""
        return str((self.config or {}).get("timezone") or defaults()["collect"]["timezone"])


# What an outlet kind (a source's `outlet_kind`, a report's `outlet_kind`) is called in Chinese; the codes stay
# what is stored and what `sources add --outlet-kind` and the desk's form accept.
OUTLET_KINDS: dict[str, str] = {
    "regulator": "监管部门", "ministry": "部委", "state_media": "中央媒体", "company": "企业", "media": "媒体",
    "wechat": "微信公众号", "research": "研究机构", "blog": "博客", "association": "行业协会",
}


def outlet_label(code: str) -> str:
    """The Chinese name of an outlet kind ("" for none; an unknown code as it is)."""
    return OUTLET_KINDS.get(code, code)


class Source(models.Model):
    """Where reports come from, with its polling state."""

    class Kind(models.TextChoices):
        FEED = "feed", "订阅源"
        LISTING = "listing", "列表页"
        PAGE = "page", "单页"
        SITEMAP = "sitemap", "站点地图"
        FILES = "files", "文件"

    name = models.CharField(max_length=200)
    url = models.CharField(max_length=2000, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FEED)
    # Outlet kind drives authority in ranking: regulator, ministry, state_media, company, media, wechat, research, blog,
    # association.
    outlet_kind = models.CharField(max_length=32, blank=True)
    # Per-source rules: {"selector": CSS selector, "pattern": regex on article URLs}.
    options = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_checked = models.DateTimeField(null=True, blank=True)
    last_success = models.DateTimeField(null=True, blank=True)
    next_check = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # -- polling state added by the collect issue (migration 0002_collect) --
    # Not polled before this moment: the server answered 429/503 with Retry-After (even `collect --all` waits).
    retry_after_until = models.DateTimeField(null=True, blank=True)
    # Smoothed seconds between two publications of this source; sets how soon it is checked again.
    publish_interval = models.FloatField(null=True, blank=True)
    # The robots.txt of the source's host as last fetched ("" with robots_checked set: none, all allowed).
    robots_txt = models.TextField(blank=True)
    robots_checked = models.DateTimeField(null=True, blank=True)

    @property
    def outlet_kind_label(self) -> str:
        return outlet_label(self.outlet_kind)

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """One fetched article. Never edited after it is stored (normalized text is derived, not overwritten)."""

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    url = models.CharField(max_length=2000, unique=True)  # canonical URL, tracking parameters removed
    guid = models.CharField(max_length=2000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    outlet_kind = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=1000)
    author = models.CharField(max_length=200, blank=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    fetched = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)  # sanitized main content
    lang = models.CharField(max_length=16, default="zh")
    encoding = models.CharField(max_length=32, blank=True)
    # Problems noticed on the way in (unclean decode, missing date…): shown to editors, never hidden.
    flags = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, blank=True)
    story = models.ForeignKey("Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], condition=~Q(guid=""), name="report_unique_source_guid"
            )
        ]
        # The sources page counts each source's reports, all and recent: from this index alone, not the wide rows.
        indexes = [models.Index(fields=["source", "fetched"], name="report_source_fetched")]

    def __str__(self) -> str:
        return self.title


class Story(models.Model):
    """The reports of one event, across outlets and days."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="stories")
    representative = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="represents"
    )
    title = models.CharField(max_length=1000)
    section = models.CharField(max_length=64, blank=True)
    # Why the section was chosen: {"keywords": [...], "scores": {...}, "method": "rules"}.
    reasons = models.JSONField(default=dict, blank=True)
    score = models.FloatField(default=0.0)
    entities = models.JSONField(default=list, blank=True)
    on_beat = models.BooleanField(default=True)
    # Why it stays out of the draft ("" when it may go in): off the beat, outside the window…
    excluded = models.CharField(max_length=200, blank=True)
    first_published = models.DateTimeField(null=True, blank=True, db_index=True)
    last_published = models.DateTimeField(null=True, blank=True)
    # Drafted text, kept so an issue can be recomposed without drafting again.
    draft_title = models.CharField(max_length=1000, blank=True)
    draft_paragraphs = models.JSONField(default=list, blank=True)
    # Memory across issues, as the last build found it (app/memory.py): {"seen_in": [{"issue", "item", "state",
    # "title"}], "follow_up": bool, "figures": [...], "stage": "开播", "stage_before": "定档", "new": [sentences]}.
    memory = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        # The desk's candidate list: one profile's stories in an issue's window (migration 0002_desk).
        indexes = [models.Index(fields=["profile", "first_published"], name="story_profile_window")]

    def __str__(self) -> str:
        return self.title


class Issue(models.Model):
    """A numbered edition of a profile over a date window."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "待复核"
        APPROVED = "approved", "已批准"
        PUBLISHED = "published", "已发布"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="issues")
    number = models.PositiveIntegerField()
    date = models.DateField()
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    # Footer as printed in this issue (copied from the profile when drafted, editable per issue).
    footer = models.JSONField(default=dict, blank=True)
    # Where the issue came from: "build" or "import:<file name>".
    origin = models.CharField(max_length=200, default="build")
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="issue_unique_number")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.profile.title} 第{self.number}期"


class Item(models.Model):
    """What the reader sees: a title and paragraphs in a section, built from one or more stories."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=64)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=1000)
    paragraphs = models.JSONField(default=list)
    # Platform or company a grouped item is grouped under ("" for a single-story item).
    group = models.CharField(max_length=200, blank=True)
    # Position in 摘要 (1-based), null when the item is not a highlight.
    highlight = models.PositiveIntegerField(null=True, blank=True)
    # 待定: why the build was unsure this story is on the beat ("" when it is sure). The item waits at the end of
    # its section for an editor to keep (clears it) or remove; no step past the draft is taken while one waits.
    pending = models.CharField(max_length=200, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    stories: models.ManyToManyField[Story, ItemStory] = models.ManyToManyField(
        Story, through="ItemStory", related_name="items"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class ItemStory(models.Model):
    """One story inside an item, with its own title and paragraphs (grouped items hold several)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="parts")
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="parts")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=1000)
    paragraphs = models.JSONField(default=list)

    class Meta:
        ordering = ["order", "id"]


class AuditEntry(models.Model):
    """Who changed what, when, with the before and after (every change to an issue)."""

    when = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor = models.CharField(max_length=200, blank=True)  # "cli", "worker", or the user name
    action = models.CharField(max_length=64)
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="audit")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-when", "-id"]
        # The desk asks an issue's log for one kind of entry (the last build, who edited): autosave makes the
        # log of a busy issue long (migration 0002_desk).
        indexes = [models.Index(fields=["issue", "action"], name="audit_issue_action")]


def audit(action: str, *, actor: str = "cli", issue: Issue | None = None, item: Item | None = None,
          before: Any = None, after: Any = None, user: Any = None) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action, actor=actor, issue=issue, item=item, before=before, after=after, user=user
    )


# -- the editorial desk (issue 5) -------------------------------------------------------------------

class Role(models.TextChoices):
    """Desk roles, stored as auth groups of the same name (created by migration 0002_desk)."""

    EDITOR = "editor", "责编"
    REVIEWER = "reviewer", "复核"
    ADMIN = "admin", "管理员"


class IssueSignoff(models.Model):
    """Who moved an issue through review and when: the record of submission, approval and publication."""

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="signoff")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    # One entry per registered format: {"format", "file" (name under data/published/<number>/) or "error"}.
    published_files = models.JSONField(default=list, blank=True)


class IssueSnapshot(models.Model):
    """The issue's text at one moment (machine draft, approval, publication), for diffs and the record."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "机器初稿"
        APPROVED = "approved", "批准稿"
        PUBLISHED = "published", "发布稿"
        # The items as they were just before a rebuild: what undoing the rebuild restores (issue 16).
        REBUILD = "rebuild", "重新生成前"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Lines as printed: "【栏目】", titles and paragraphs (see zhoubao.review.diff.issue_lines).
    lines = models.JSONField(default=list)
    # The build/rebuild audit entry the draft snapshot belongs to (a rebuild makes a new machine draft).
    build_mark = models.PositiveBigIntegerField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    when = models.DateTimeField(auto_now_add=True)
    # -- issue 16 --
    # REBUILD: the items with their parts, enough to put the issue back as it was (review.snapshots).
    items = models.JSONField(null=True, blank=True)
    # PUBLISHED: the whole document as published (masthead, order, text, reports, footer, style); every
    # later export of the issue is made from it (compose.document.doc_from_dict).
    document = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-when", "-id"]


class UndoStep(models.Model):
    """One undoable change to a draft's items: the items it changed, as they were before and after it (review.undo)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="undo_steps")
    action = models.CharField(max_length=64)  # the audit action undone: edit, move, merge, split, remove, …
    # The change's own audit entry, and the entry of the undo that took it back (null while it stands).
    entry = models.ForeignKey(AuditEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undone = models.ForeignKey(AuditEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    when = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # {"items": [item state, …]} of only the items the change touched (absent from a side: made or deleted by it);
    # after also holds "corrections": the section corrections the change taught, forgotten again by an undo.
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-id"]


class Comment(models.Model):
    """A remark on an issue or on one of its items."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField()
    resolved = models.BooleanField(default=False)
    when = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["when", "id"]


class SectionCorrection(models.Model):
    """An editor moved a story to another section: a labelled example for the learned classifier."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="section_corrections")
    from_section = models.CharField(max_length=64, blank=True)
    to_section = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    when = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-when", "-id"]


class LoginFailure(models.Model):
    """One failed desk login, kept briefly for throttling (per user name and client address)."""

    key = models.CharField(max_length=300, db_index=True)
    when = models.DateTimeField(auto_now_add=True, db_index=True)


# -- jobs and the schedule (issue 12) -----------------------------------------------------------------

class JobRun(models.Model):
    """One job (a collect, a build, a publish): what it was asked with (ids only), its state and progress.

    The queue (Huey) carries the run's id and those ids; the desk and `zhoubao status` read the run here. A run
    is claimed by one worker (queued → running, a conditional update), so a message delivered twice runs once.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField(max_length=32)  # collect, build, publish
    args = models.JSONField(default=dict, blank=True)  # ids and plain values, never archive objects
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    message = models.CharField(max_length=1000, blank=True)  # what it is doing, or how it ended (Chinese)
    result = models.JSONField(default=dict, blank=True)  # e.g. {"issue": id, "number": n}
    # The host key of a collect job's source: the scheduler keeps one collect job per host in flight.
    host = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=32, blank=True)  # "desk", "schedule", "cli"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    worker = models.CharField(max_length=200, blank=True)  # the WorkerBeat name running it
    attempts = models.PositiveIntegerField(default=0)  # times claimed (a handed-back run is claimed again)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["state", "kind"], name="jobrun_state_kind"),
                   models.Index(fields=["kind", "created"], name="jobrun_kind_created")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.state}"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class WorkerBeat(models.Model):
    """A worker process that is (or was) running: it beats every few seconds; a silent one has stopped."""

    name = models.CharField(max_length=200, unique=True)  # host:pid
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    threads = models.PositiveSmallIntegerField(default=1)
    started = models.DateTimeField()
    seen = models.DateTimeField(db_index=True)
    stopping = models.BooleanField(default=False)


class ScheduleMark(models.Model):
    """When a periodic duty last ran (collect tick, weekly build): the database is the scheduler, so of several
    workers ticking at once one wins each period (a conditional update on `last`)."""

    name = models.CharField(max_length=64, unique=True)
    last = models.DateTimeField(null=True, blank=True)


# -- delivery (issue 13) ----------------------------------------------------------------------------

class Recipient(models.Model):
    """One entry of the address book: a person of a unit on a mailing list (`zhoubao recipients import`)."""

    list = models.CharField(max_length=100)  # the mailing list's name, e.g. 理事单位
    unit = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=254)  # checked strictly on import (deliver/addresses.py)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["list", "unit", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["list", "email"], name="recipient_list_email")]

    def __str__(self) -> str:
        return f"{self.list}：{self.name} <{self.email}>"



class Delivery(models.Model):
    """One issue's message to one mailbox (or one part of its push to an IM group robot): the ledger `zhoubao send`
    keeps, so that a run that stops (an error, kill -9) goes on where it stopped and no reader gets an issue twice
    (app/send.py and app/webhooks.py say how)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "邮件"
        WEBHOOK = "webhook", "群机器人"

    class State(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"  # handed to the server, its answer not yet recorded
        SENT = "sent", "已发送"
        FAILED = "failed", "失败"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    round = models.PositiveIntegerField(default=1)  # 1, then one more for each `send --again`
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    # The mailbox; for a webhook the robot and the part, "wecom:名称 1/3" (never its URL, which holds its key).
    email = models.CharField(max_length=254)
    name = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    reply = models.TextField(blank=True)  # the mail server's last answer (or why there was none)
    message_id = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["issue", "round", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "round", "channel", "email"],
                                               name="delivery_unique_target")]

    def __str__(self) -> str:
        return f"第{self.issue.number}期 → {self.email}：{self.get_state_display()}"


# -- full-text search (issue 14) -------------------------------------------------------------------------

class SearchEntry(models.Model):
    """One searchable thing of the archive (a report, a story, an item) as the full-text index holds it.

    `tokens` is its title and text as zhoubao.text.search.token_text makes them; the index over it is not a
    Django field: on SQLite an FTS5 table (archive_searchentry_fts, kept by triggers), on PostgreSQL a generated
    column tsv = array_to_tsvector(tokens split at spaces) with a GIN index — both made by migration 0006_search. zhoubao.archive.search writes and asks.
    """

    class Kind(models.TextChoices):
        REPORT = "report", "报道"
        STORY = "story", "事件"
        ITEM = "item", "条目"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=1000)
    tokens = models.TextField(blank=True)
    published = models.DateTimeField(null=True, blank=True)
    # The day it is filed under in the home's time zone (a report's or story's publication, an item's issue date).
    day = models.DateField(null=True, blank=True, db_index=True)
    section = models.CharField(max_length=64, blank=True)
    # The number of the issue (draft or published) holding the item or the story; null for a report.
    issue_number = models.PositiveIntegerField(null=True, blank=True)
    profile_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_object")]
        # A search narrowed to a few entries (an issue's) starts from them (zhoubao.archive.search._ranked).
        # Meta indexes, not db_index: adding one on SQLite is a CREATE INDEX, not a rebuilt table that would
        # lose the FTS5 triggers.
        indexes = [models.Index(fields=["issue_number"], name="searchentry_issue"),
                   models.Index(fields=["section"], name="searchentry_section"),
                   models.Index(fields=["source_id"], name="searchentry_source")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} {self.title}"


class Derived(models.Model):
    """A result computed from the archive, kept until what it was computed from changes (issue 15's speed).

    `key` is a digest of everything the result depends on (its inputs and a fingerprint of the rows it read), so a
    changed input gives a new key and nothing stale is ever read; `scope` names what the result is about (a
    window of reports), and storing a result drops the older ones of its scope (zhoubao.app.derived)."""

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=200, db_index=True)
    value = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:12]}"
