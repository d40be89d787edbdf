"""Push a published issue to the IM group robots of [[deliver.webhook]], keeping the same ledger as email.

Each robot's message (or each part of it, when the text is split under the platform's limit) is one Delivery row of
channel "webhook", its target "kind:name" (and "i/n" for a part), never the URL (which holds the robot's key). As
with email (app/send.py), the row is claimed (`sending`) before the request goes out and recorded `sent` or `failed`
with the platform's answer; a run killed in between leaves it `sending`, and the next run marks it failed rather
than push it twice (at most once). A failure (an errcode, an HTTP error, no connection) is pushed again only with
`--again`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from zhoubao.app.sending import INTERRUPTED, STALE_SENDING, SendRefused, _published
from zhoubao.archive.models import Delivery, Issue, IssueSnapshot, audit
from zhoubao.compose.document import doc_from_dict
from zhoubao.conf.deliver import WebhookSettings
from zhoubao.conf.settings import Settings, secret
from zhoubao.deliver import webhook as robot
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher, FetchPolicy
from zhoubao.net.guard import Resolver

__all__ = ["PushReport", "channels", "check_pushable", "push_issue", "webhook_rows"]

WEBHOOK = Delivery.Channel.WEBHOOK


@dataclass
class PushReport:
    number: int
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (target, the platform's answer)
    planned: list[tuple[str, str, bool]] = field(default_factory=list)  # (target, text, already pushed) for --dry-run

    @property
    def summary(self) -> str:
        return f"群机器人：已推送 {self.sent}，失败 {self.failed}，跳过 {self.skipped}（已推送过）"


@dataclass(frozen=True)
class _Part:
    hook: WebhookSettings
    secret: str
    target: str
    text: str
    part: int
    parts: int


def issue_text(settings: Settings, issue: Issue) -> robot.IssueText:
    """The issue as published (its frozen document), with the link to it when [deliver] base_url is set."""
    snap = IssueSnapshot.objects.filter(issue=issue, kind=IssueSnapshot.Kind.PUBLISHED,
                                        document__isnull=False).order_by("-when").first()
    if snap is None or not snap.document:
        raise SendRefused(f"第{issue.number}期没有发布稿（发布时冻结的全文）：重新发布后再推送")
    doc = doc_from_dict(snap.document)
    m = doc.masthead
    base = settings.deliver.base_url.rstrip("/")
    sections = tuple((s.name, tuple((it.title, tuple(it.paragraphs)) for it in s.items)) for s in doc.sections
                     if s.items)
    return robot.IssueText(m.number, f"{m.title}第{m.number}期", f"{m.date.year}年{m.date.month}月{m.date.day}日",
                           tuple(doc.highlights), sections, f"{base}/issues/{issue.pk}/" if base else "")


def _policy(settings: Settings, resolver: Resolver | None) -> FetchPolicy:
    f = settings.fetch
    return FetchPolicy(allow=settings.deliver.webhook_allow, user_agent=f.user_agent, timeout=f.timeout,
                       max_bytes=1024 * 1024, max_redirects=0, resolver=resolver)


def _secrets(settings: Settings) -> dict[str, str]:
    """Each robot's signing secret; SendRefused when a robot names a variable that is not set."""
    out = {}
    for hook in settings.deliver.webhook:
        value = secret(hook.secret_env)
        if hook.secret_env and not value:
            raise SendRefused(f"群机器人 {hook.target} 的签名密钥未设置：环境变量 {hook.secret_env} 没有值")
        if value and hook.kind == "wecom":
            raise SendRefused(f"群机器人 {hook.target}：企业微信群机器人不签名，请去掉 secret_env")
        out[hook.target] = value
    return out


def check_policy(settings: Settings, resolver: Resolver | None = None) -> None:
    """Every robot's URL against the address policy, before any connection; SendRefused says which is refused."""
    with Fetcher(_policy(settings, resolver)) as fetcher:
        for hook in settings.deliver.webhook:
            try:
                fetcher.check_url(hook.url)
            except FetchError as exc:
                key = _allow_key(hook.url)
                raise SendRefused(f"群机器人 {hook.target} 的地址被地址策略拒绝（{exc.message}）：如确需推送到本机或内网"
                                  f"地址，在 zhoubao.toml 的 [deliver] webhook_allow 中加入 \"{key}\"") from None


def _allow_key(url: str) -> str:
    from zhoubao.net.url import parse_url

    try:
        return parse_url(url).allow_key
    except FetchError:
        return url


def _parts(settings: Settings, text: robot.IssueText, secrets: dict[str, str]) -> list[_Part]:
    out = []
    for hook in settings.deliver.webhook:
        pieces = robot.messages(text, hook.kind, hook.content)
        for i, piece in enumerate(pieces, 1):
            target = hook.target if len(pieces) == 1 else f"{hook.target} {i}/{len(pieces)}"
            out.append(_Part(hook, secrets[hook.target], target[:254], piece, i, len(pieces)))
    return out


def _latest(issue: Issue) -> dict[str, Delivery]:
    latest: dict[str, Delivery] = {}
    for d in Delivery.objects.filter(issue=issue, channel=WEBHOOK).order_by("round", "id"):
        latest[d.email] = d
    return latest


def webhook_rows(issue: Issue) -> list[Delivery]:
    """Each robot message's latest row of the issue's ledger, as the desk shows it."""
    return sorted(_latest(issue).values(), key=lambda d: (d.round, d.pk))


def _ledger_rows(issue: Issue, parts: list[_Part], again: bool) -> list[Delivery]:
    with transaction.atomic():
        Issue.objects.select_for_update().filter(pk=issue.pk).first()  # one run at a time sets up the ledger
        Delivery.objects.filter(issue=issue, channel=WEBHOOK, state=Delivery.State.SENDING,
                                updated__lt=timezone.now() - STALE_SENDING).update(
            state=Delivery.State.FAILED, reply=INTERRUPTED, updated=timezone.now())
        top = Delivery.objects.filter(issue=issue, channel=WEBHOOK).aggregate(top=Max("round"))["top"] or 0
        rnd = top + 1 if again or top == 0 else top
        have = _latest(issue)
        for p in parts:
            if again or p.target not in have:
                Delivery.objects.create(issue=issue, round=rnd, channel=WEBHOOK, email=p.target, name=p.hook.kind,
                                        message_id=f"webhook:{issue.number}:{p.target}"[:255])
        latest = _latest(issue)
    return [latest[p.target] for p in parts]


def channels(settings: Settings, only: str) -> tuple[bool, bool]:
    """Whether `send` mails the issue and whether it pushes it to the robots: `only` "email" or "webhook", else
    email when a mail server is set (or no robot is, so that its absence is said) and the robots when any is."""
    if only == "email":
        return True, False
    if only == "webhook":
        return False, True
    robots = bool(settings.deliver.webhook)
    return bool(settings.deliver.smtp.host) or not robots, robots


def check_pushable(settings: Settings, issue: Issue) -> None:
    """SendRefused unless every robot can be pushed to (secrets set, addresses allowed)."""
    _secrets(settings)
    check_policy(settings)
    issue_text(settings, issue)


def push_issue(settings: Settings, number: int, *, again: bool = False, dry_run: bool = False,
               progress: Callable[[str], None] | None = None, sleep: Callable[[float], None] = time.sleep,
               resolver: Resolver | None = None, actor: str = "命令行") -> PushReport:
    """Push published issue `number` to every [[deliver.webhook]] robot not pushed to yet (all with `again`)."""
    say = progress or (lambda _m: None)
    issue = _published(settings, number)
    if not settings.deliver.webhook:
        raise SendRefused("未配置群机器人：在 zhoubao.toml 中加入 [[deliver.webhook]]（kind、url、secret_env）")
    report = PushReport(number)
    secrets = _secrets(settings)
    text = issue_text(settings, issue)
    parts = _parts(settings, text, secrets)
    if dry_run:
        done = set() if again else {t for t, d in _latest(issue).items() if d.state != Delivery.State.QUEUED}
        report.planned = [(p.target, p.text, p.target in done) for p in parts]
        report.skipped = sum(skip for _t, _x, skip in report.planned)
        return report
    check_policy(settings, resolver)  # refused before any row is written or any connection made
    rows = _ledger_rows(issue, parts, again)
    report.skipped = sum(d.state == Delivery.State.SENT for d in rows)
    with Fetcher(_policy(settings, resolver)) as fetcher:
        last: dict[str, float] = {}
        for i, (part, row) in enumerate(zip(parts, rows, strict=True), 1):
            if row.state != Delivery.State.QUEUED:
                continue
            gap = robot.GAPS[part.hook.kind]
            wait = last.get(part.hook.target, 0.0) + gap - time.monotonic()
            if wait > 0:
                sleep(wait)  # the platforms refuse a robot more than 20 messages a minute (WeCom, DingTalk)
            say(f"推送 {i}/{len(parts)}：{part.target}")
            claimed = Delivery.objects.filter(pk=row.pk, state=Delivery.State.QUEUED).update(
                state=Delivery.State.SENDING, attempts=F("attempts") + 1, updated=timezone.now())
            if not claimed:
                continue  # another run took it
            req = robot.request(part.hook.kind, part.hook.url, part.secret, text, part.text,
                                part.part, part.parts)
            ok, reply = _post(fetcher, part.hook.kind, req)
            last[part.hook.target] = time.monotonic()
            Delivery.objects.filter(pk=row.pk, state=Delivery.State.SENDING).update(
                state=Delivery.State.SENT if ok else Delivery.State.FAILED, reply=reply.replace("\x00", "")[:2000],
                updated=timezone.now())
            if ok:
                report.sent += 1
    failed = Delivery.objects.filter(pk__in=[d.pk for d in rows], state=Delivery.State.FAILED)
    report.failed = failed.count()
    report.failures = [(d.email, d.reply) for d in failed]
    audit("send", actor=actor, issue=issue, after={"channel": "webhook", "sent": report.sent,
                                                   "failed": report.failed, "skipped": report.skipped})
    return report


def _post(fetcher: Fetcher, kind: str, req: robot.Request) -> tuple[bool, str]:
    try:
        result = fetcher.post(req.url, req.body, req.headers)
    except FetchError as exc:
        return False, f"推送失败（{exc.kind}）：{exc.message}"
    return robot.verdict(kind, result.content)
