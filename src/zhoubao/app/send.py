"""Send a published issue by email to the address book, keeping a ledger (Delivery) so that no reader gets it twice.

The ledger and what a stopped run leaves behind. Sending an issue first writes one `queued` row per mailbox (in a
"round": 1, then one more for each `send --again`), then sends the rows one by one. A row becomes `sending` only
after the server took the sender and the recipient, right before the message itself goes out (the claim is a
conditional update, so two runs never hand over the same row), and `sent` as soon as the server answers 250.
A run killed before the claim leaves the row `queued`: nothing was handed over (a server drops a transaction whose
connection is lost before the message's end), and the next run sends it. A run killed between the claim and
recording the answer leaves it `sending`: the server may or may not have accepted the message, and nothing can
tell which. We choose at-most-once: such a row is never sent again by itself; the next run marks it `failed`,
saying so, and an editor who learns the reader got nothing sends again with --again. A reader may miss an issue
(and the ledger says who may have), but never gets it twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from zhoubao.app.names import file_name
from zhoubao.app.publish import published_dir
from zhoubao.app.sending import INTERRUPTED, STALE_SENDING, SendRefused, _published
from zhoubao.app.webhooks import channels, check_pushable, webhook_rows
from zhoubao.archive.models import Delivery, Issue, Recipient, audit
from zhoubao.conf.settings import Settings, secret
from zhoubao.deliver.addresses import email_problem, normalise_email
from zhoubao.deliver.message import Attachment, Letter, make_message, message_id
from zhoubao.net.guard import Resolver
from zhoubao.net.smtp import Mailer, Outcome, SmtpError, check_server

__all__ = ["INTERRUPTED", "STALE_SENDING", "SendRefused", "SendReport", "ledger", "send_issue"]

EMAIL = Delivery.Channel.EMAIL  # the ledger also holds the IM group robots' pushes (app/webhooks.py)


@dataclass(frozen=True)
class Planned:
    email: str
    name: str
    unit: str
    lists: str
    skip: bool = False  # already in the ledger (sent, failed or being sent): not sent without --again


@dataclass
class SendReport:
    number: int
    subject: str
    attachments: list[str]
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (email, the server's answer)
    planned: list[Planned] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"已发送 {self.sent}，失败 {self.failed}，跳过 {self.skipped}（已发送过）"


def letter(settings: Settings, issue: Issue) -> Letter:
    """The issue's email as every reader gets it, read from its published folder."""
    sign = getattr(issue, "signoff", None)
    listed = {f["format"]: f for f in (sign.published_files if sign else []) if "file" in f}
    folder = published_dir(settings.home, issue)
    name = f"{issue.profile.title}第{issue.number}期"

    def read(fmt: str) -> bytes:
        entry = listed.get(fmt)
        path = folder / str(entry["file"]) if entry else None
        if path is None or not path.is_file():
            raise SendRefused(f"第{issue.number}期的发布文件中没有 {fmt.upper()} 格式（{folder}）：检查 [deliver] attach，"
                              "或重新发布")
        return path.read_bytes()

    html = read("email").decode("utf-8")
    text = read("md").decode("utf-8") if "md" in listed else ""
    attachments = []
    for fmt in settings.deliver.attach:
        entry = listed.get(fmt)
        ext = entry["file"].rsplit(".", 1)[-1] if entry else fmt
        attachments.append(Attachment(file_name(issue, fmt, ext), read(fmt), entry.get("media_type", "") if entry else ""))
    smtp = settings.deliver.smtp
    return Letter(issue.number, name, html, text, tuple(attachments), smtp.from_addr, issue.profile.title,
                  issue.profile.key)


def _chosen(lists: tuple[str, ...]) -> list[Planned]:
    """The address book's mailboxes (of `lists`, or all), each once whatever the case it is typed in."""
    rows = Recipient.objects.all()
    if lists:
        rows = rows.filter(list__in=lists)
    by_email: dict[str, list[Recipient]] = {}
    for r in rows:
        by_email.setdefault(r.email.lower(), []).append(r)
    if not by_email:
        where = f"名单 {'、'.join(lists)} 中" if lists else "通讯录中"
        raise SendRefused(f"{where}没有收件人：先导入通讯录（zhoubao recipients import FILE）")
    return [Planned(rs[0].email, rs[0].name, rs[0].unit, "、".join(dict.fromkeys(r.list for r in rs)))
            for rs in by_email.values()]


def _check_smtp(settings: Settings) -> str:
    """The mail server's password (possibly ""); SendRefused when the server is not configured."""
    smtp = settings.deliver.smtp
    if not smtp.host or not smtp.from_addr:
        raise SendRefused("邮件服务器未配置：在 zhoubao.toml 的 [deliver.smtp] 中设 host 和 from_addr"
                          "（或环境变量 ZHOUBAO_DELIVER_SMTP_HOST、ZHOUBAO_DELIVER_SMTP_FROM_ADDR）")
    problem = email_problem(smtp.from_addr)
    if problem:
        raise SendRefused(f"[deliver.smtp] from_addr 不可用：{problem}")
    password = secret(smtp.password_env)
    if smtp.user and not password:
        raise SendRefused(f"邮件服务器未配置密码：[deliver.smtp] user 已设，但环境变量 {smtp.password_env or '（password_env 为空）'} 没有值")
    return password


def _round(issue: Issue, again: bool) -> int:
    current = Delivery.objects.filter(issue=issue, channel=EMAIL).aggregate(top=Max("round"))["top"] or 0
    return current + 1 if again or current == 0 else current


def _latest(issue: Issue) -> dict[str, Delivery]:
    """Each mailbox's latest row of the issue's ledger (a --again for one list leaves the others' in earlier
    rounds: they count as sent all the same)."""
    latest: dict[str, Delivery] = {}
    for d in Delivery.objects.filter(issue=issue, channel=EMAIL).order_by("round", "id"):
        latest[d.email.lower()] = d
    return latest


def _ledger_rows(issue: Issue, people: list[Planned], again: bool, from_addr: str) -> tuple[int, list[Delivery]]:
    """This run's round and each of `people`'s latest row (rows missing, or all with --again, are added to the
    round as queued), in one transaction."""
    with transaction.atomic():
        Issue.objects.select_for_update().filter(pk=issue.pk).first()  # one run at a time sets up the ledger
        Delivery.objects.filter(issue=issue, channel=EMAIL, state=Delivery.State.SENDING,
                                updated__lt=timezone.now() - STALE_SENDING).update(
            state=Delivery.State.FAILED, reply=INTERRUPTED, updated=timezone.now())
        rnd = _round(issue, again)
        have = _latest(issue)
        for p in people:
            if again or p.email.lower() not in have:
                Delivery.objects.create(issue=issue, round=rnd, email=p.email, name=p.name, unit=p.unit,
                                        message_id=message_id(issue.number, p.email, from_addr))
        latest = _latest(issue)
    return rnd, [latest[p.email.lower()] for p in people]


def _clean(text: str) -> str:
    return text.replace("\x00", "")[:2000]  # QuerySet.update() skips the archive's fitting (fit.py)


def send_issue(settings: Settings, number: int, *, lists: tuple[str, ...] = (), test_address: str = "",
               dry_run: bool = False, again: bool = False, progress: Callable[[str], None] | None = None,
               sleep: Callable[[float], None] = time.sleep, resolver: Resolver | None = None,
               actor: str = "命令行") -> SendReport:
    """Send published issue `number` to the address book (or its `lists`), or one test message to
    `test_address`; `dry_run` says who would get what and sends nothing."""
    say = progress or (lambda _m: None)
    issue = _published(settings, number)
    mail = letter(settings, issue)
    report = SendReport(number, mail.subject, [a.filename for a in mail.attachments])
    if test_address:
        address = normalise_email(test_address)
        problem = email_problem(address)
        if problem:
            raise SendRefused(f"--test 的地址不可用：{problem}")
        people = [Planned(address, "", "", "（试发）")]
    else:
        people = _chosen(lists)
    if dry_run:
        done = set() if test_address or again else set(_latest(issue))
        report.planned = [Planned(p.email, p.name, p.unit, p.lists, p.email.lower() in done) for p in people]
        report.skipped = sum(p.skip for p in report.planned)
        return report
    password = _check_smtp(settings)
    smtp = settings.deliver.smtp
    try:
        check_server(smtp, resolver=resolver)  # refused before any row is written or any connection made
    except SmtpError as exc:
        raise SendRefused(str(exc)) from None
    with Mailer(smtp, password, resolver=resolver) as mailer:
        try:
            if test_address:
                _send_test(mailer, mail, people[0], report, settings, sleep)
            else:
                _send_all(mailer, mail, issue, people, again, report, settings, say, sleep, actor)
        except SmtpError as exc:
            more = f"（已发送 {report.sent} 封并已记录，重新运行会从中断处继续）" if report.sent else ""
            raise SendRefused(f"{exc}{more}") from None
    return report


def _send_test(mailer: Mailer, mail: Letter, person: Planned, report: SendReport, settings: Settings,
               sleep: Callable[[float], None]) -> None:
    msg = make_message(mail, person.email)
    del msg["Subject"]
    msg["Subject"] = f"【试发】{mail.subject}"
    outcome = _with_retries(lambda: mailer.send(msg, person.email), settings, sleep, lambda _o: None)
    if outcome.state == "sent":
        report.sent = 1
    else:
        report.failed = 1
        report.failures.append((person.email, outcome.reply))


def _with_retries(attempt: Callable[[], Outcome], settings: Settings, sleep: Callable[[float], None],
                  put_off: Callable[[Outcome], None]) -> Outcome:
    """One message, tried again after a temporary answer (4xx, or a connection lost before it was handed over),
    waiting retry_delay, then twice as long each time, at most `tries` times in all."""
    tries, delay = settings.deliver.tries, settings.deliver.retry_delay
    for n in range(1, tries + 1):
        outcome = attempt()
        if outcome.state != "deferred":
            return outcome
        if n < tries:
            put_off(outcome)
            sleep(delay * 2 ** (n - 1))
    return Outcome("failed", f"{outcome.reply}（已试 {tries} 次）", outcome.code)


def _send_all(mailer: Mailer, mail: Letter, issue: Issue, people: list[Planned], again: bool, report: SendReport,
              settings: Settings, say: Callable[[str], None], sleep: Callable[[float], None], actor: str) -> None:
    rnd, rows = _ledger_rows(issue, people, again, mail.from_addr)
    report.skipped = sum(d.state == Delivery.State.SENT for d in rows)
    queued = [d for d in rows if d.state == Delivery.State.QUEUED]
    per_minute = settings.deliver.smtp.per_minute
    gap = 60.0 / per_minute if per_minute else 0.0
    last = 0.0
    for i, row in enumerate(queued, 1):
        say(f"发送 {i}/{len(queued)}：{row.email}")
        wait = last + gap - time.monotonic()
        if gap and last and wait > 0:
            sleep(wait)
        last = time.monotonic()
        msg = make_message(mail, row.email, row.name)
        claimed = [False]

        def claim(row: Delivery = row, claimed: list[bool] = claimed) -> bool:
            got = Delivery.objects.filter(pk=row.pk, state=Delivery.State.QUEUED).update(
                state=Delivery.State.SENDING, attempts=F("attempts") + 1, updated=timezone.now())
            claimed[0] = got == 1
            return claimed[0]

        def attempt(row: Delivery = row, msg: EmailMessage = msg, claimed: list[bool] = claimed) -> Outcome:
            claimed[0] = False
            return mailer.send(msg, row.email, claim)

        def put_off(outcome: Outcome, row: Delivery = row, claimed: list[bool] = claimed) -> None:
            # The server refused the message for now: it was not accepted, so the row is queued again.
            _record(row, Delivery.State.QUEUED, outcome.reply, claimed[0])

        outcome = _with_retries(attempt, settings, sleep, put_off)
        if outcome.state == "skipped":  # another run claimed it meanwhile
            continue
        if outcome.state == "sent":
            _record(row, Delivery.State.SENT, outcome.reply, claimed[0])
            report.sent += 1
            continue
        reply = f"{outcome.reply}；{INTERRUPTED}" if outcome.state == "unknown" else outcome.reply
        _record(row, Delivery.State.FAILED, reply, claimed[0])
    failed = Delivery.objects.filter(pk__in=[d.pk for d in rows], state=Delivery.State.FAILED)
    report.failed = failed.count()
    report.failures = [(d.email, d.reply) for d in failed]
    audit("send", actor=actor, issue=issue,
          after={"round": rnd, "sent": report.sent, "failed": report.failed, "skipped": report.skipped})


def _record(row: Delivery, state: str, reply: str, claimed: bool) -> None:
    """The row's new state and the server's answer; an attempt that never reached the claim is counted here. Only
    a row still as this run left it is changed (one another run claimed meanwhile is that run's to record)."""
    extra = {} if claimed else {"attempts": F("attempts") + 1}
    was = Delivery.State.SENDING if claimed else Delivery.State.QUEUED
    Delivery.objects.filter(pk=row.pk, state=was).update(state=state, reply=_clean(reply), updated=timezone.now(),
                                                         **extra)


def ledger(issue: Issue) -> list[Delivery]:
    """Each mailbox's latest row of the issue's ledger, then each IM group robot message's, as the desk shows it."""
    return sorted(_latest(issue).values(), key=lambda d: (d.round, d.pk)) + webhook_rows(issue)


def check_sendable(settings: Settings, issue_id: int) -> Issue:
    """The issue, if it can be sent now (published; for email someone in the address book and a mail server, for
    the IM group robots their secrets and allowed addresses); SendRefused says why not. The desk asks this before it queues a send."""
    issue = Issue.objects.select_related("profile").filter(pk=issue_id).first()
    if issue is None:
        raise SendRefused("没有这一期")
    _published(settings, issue.number)
    email, robots = channels(settings, "")
    if email:
        _chosen(())
        _check_smtp(settings)
    if robots:
        check_pushable(settings, issue)
    return issue


@dataclass(frozen=True)
class LedgerView:
    """What the desk shows of an issue's sending: counts by state and the failures with the server's answers."""

    sent: int
    failed: int
    queued: int
    sending: int
    failures: list[Delivery]

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.queued + self.sending


def ledger_view(issue: Issue) -> LedgerView:
    rows = ledger(issue)
    count = {s: sum(d.state == s for d in rows) for s in Delivery.State.values}
    return LedgerView(count[Delivery.State.SENT], count[Delivery.State.FAILED], count[Delivery.State.QUEUED],
                      count[Delivery.State.SENDING], [d for d in rows if d.state == Delivery.State.FAILED])
