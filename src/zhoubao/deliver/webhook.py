"""IM group robots (WeCom, DingTalk, Feishu/Lark) and a generic JSON webhook: message text, size limits, signing.

No I/O here: `messages` turns an issue's text into the parts one robot takes, `request` makes one part's POST (its
URL, body and headers, signed where the platform signs), `verdict` reads the platform's reply. The limits and the
signing follow each platform's documentation (docs/deploy.md cites them):

- WeCom (企业微信) group robot: `{"msgtype": "markdown", "markdown": {"content": …}}`, content at most 4096 bytes
  of UTF-8; no signature (the key in the URL is the credential); reply `{"errcode": 0, "errmsg": "ok"}`.
- DingTalk (钉钉) custom robot, 加签: `timestamp` (milliseconds) and `sign` = Base64(HMAC-SHA256(key=secret,
  message="timestamp\\nsecret")), URL-encoded, added to the URL's query; reply `{"errcode": 0, "errmsg": "ok"}`.
  The robot documentation names no byte limit for markdown; DingTalk's robot group-message API caps a message's
  parameters at 15,000 bytes, which we keep to.
- Feishu/Lark (飞书) custom bot, 签名校验: `timestamp` (seconds) and `sign` = Base64(HMAC-SHA256(key="timestamp
  \\nsecret", message=empty)) in the JSON body; the request body at most 20 KB; reply `{"code": 0, "msg": …}`.
- JSON: `{"issue", "title", "date", "url", "part", "parts", "text"}` POSTed as is; with a secret, the header
  `X-Zhoubao-Signature: sha256=<hex HMAC-SHA256 of the body>`; any 2xx answer is success. Bodies at most 64 KiB
  (our own limit, so that a receiver can hold one in memory).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

__all__ = ["IssueText", "Request", "limit_of", "messages", "request", "sign_dingtalk", "sign_feishu", "sign_json",
           "verdict"]

# What each kind's limit measures, and how large it may be, in bytes.
LIMITS = {"wecom": 4096, "dingtalk": 15000, "feishu": 20 * 1024, "json": 64 * 1024}
# Seconds between two messages to one robot: WeCom and DingTalk take at most 20 a minute, Feishu 5 a second.
GAPS = {"wecom": 3.0, "dingtalk": 3.0, "feishu": 0.25, "json": 0.0}
SIGNATURE_HEADER = "X-Zhoubao-Signature"


@dataclass(frozen=True)
class IssueText:
    """What a robot is told of an issue."""

    number: int
    title: str  # 行业动态周报第3期
    date: str  # 2026年6月8日
    highlights: tuple[str, ...]
    sections: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]  # (section, ((title, paragraphs),))
    url: str  # "" when there is no public address


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes
    headers: dict[str, str]


def _markdown(kind: str) -> bool:
    return kind in ("wecom", "dingtalk")


def _lines(issue: IssueText, kind: str, content: str) -> list[str]:
    """The issue as lines of text: the 摘要 (and, for "full", every section), then the link."""
    md = _markdown(kind)
    bold = (lambda t: f"**{t}**") if md else (lambda t: t)
    lines = [bold(f"{issue.title}（{issue.date}）")]
    if issue.highlights:
        lines += ["", bold("摘要")] + [f"- {h}" if md else f"· {h}" for h in issue.highlights]
    if content == "full":
        for name, items in issue.sections:
            lines += ["", bold(f"【{name}】")]
            for title, paragraphs in items:
                lines += ["", bold(title), *paragraphs]
    if issue.url:
        lines += ["", f"[阅读全文]({issue.url})" if md else f"阅读全文：{issue.url}"]
    return lines


def limit_of(kind: str) -> int:
    return LIMITS[kind]


def _size(kind: str, issue: IssueText, text: str) -> int:
    """The measure the platform limits: WeCom's content and DingTalk's text in bytes; Feishu's and JSON's body
    (made with the longest timestamp and signature they can carry)."""
    if _markdown(kind):
        return len(text.encode("utf-8"))
    return len(_body(kind, issue, text, 99, 99, "9" * 13, "=" * 44))


def messages(issue: IssueText, kind: str, content: str = "summary") -> list[str]:
    """The issue's text for a `kind` robot, split at line ends (a line too long at characters) into parts that
    each keep under the platform's limit; parts after the first say which they are ("（2/3）")."""
    limit = LIMITS[kind]
    head = "（99/99）\n"  # the widest part mark, kept room for in every part

    def fits(text: str) -> bool:
        return _size(kind, issue, head + text) <= limit

    parts: list[str] = []
    current = ""
    for line in _lines(issue, kind, content):
        joined = f"{current}\n{line}" if current else line
        if fits(joined):
            current = joined
            continue
        if current:
            parts.append(current)
        current = ""
        while not fits(line):  # one line longer than a message: cut it where it no longer fits
            cut = _longest(line, fits)
            parts.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        parts.append(current)
    if len(parts) > 1:
        parts = [f"（{i}/{len(parts)}）\n{p}" for i, p in enumerate(parts, 1)]
    return parts


def _longest(line: str, fits: Callable[[str], bool]) -> int:
    lo, hi = 1, len(line)  # a single character always fits any platform's limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(line[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def sign_dingtalk(secret: str, timestamp_ms: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def sign_feishu(secret: str, timestamp_s: str) -> str:
    mac = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def sign_json(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _dump(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _body(kind: str, issue: IssueText, text: str, part: int, parts: int, timestamp: str, sign: str) -> bytes:
    if kind == "wecom":
        return _dump({"msgtype": "markdown", "markdown": {"content": text}})
    if kind == "dingtalk":
        return _dump({"msgtype": "markdown", "markdown": {"title": issue.title, "text": text}})
    if kind == "feishu":
        payload: dict[str, Any] = {"msg_type": "text", "content": {"text": text}}
        if sign:
            payload = {"timestamp": timestamp, "sign": sign, **payload}
        return _dump(payload)
    return _dump({"issue": issue.number, "title": issue.title, "date": issue.date, "url": issue.url or None,
                  "part": part, "parts": parts, "text": text})


def request(kind: str, url: str, secret: str, issue: IssueText, text: str, part: int, parts: int,
            now: Callable[[], float] = time.time) -> Request:
    """One part's POST to a `kind` robot at `url`, signed with `secret` when there is one."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if kind == "dingtalk" and secret:
        ts = str(int(now() * 1000))
        url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={quote(sign_dingtalk(secret, ts), safe='')}"
        return Request(url, _body(kind, issue, text, part, parts, "", ""), headers)
    if kind == "feishu" and secret:
        ts = str(int(now()))
        return Request(url, _body(kind, issue, text, part, parts, ts, sign_feishu(secret, ts)), headers)
    body = _body(kind, issue, text, part, parts, "", "")
    if kind == "json" and secret:
        headers[SIGNATURE_HEADER] = sign_json(secret, body)
    return Request(url, body, headers)


def verdict(kind: str, reply: bytes) -> tuple[bool, str]:
    """Whether the platform took the message, and its answer as recorded: WeCom and DingTalk answer errcode,
    Feishu code (older bots StatusCode); anything else than 0 is a failure with the platform's message."""
    text = reply.decode("utf-8", "replace").strip()
    if kind == "json":
        return True, text[:1000] or "（空回复）"
    try:
        data = json.loads(text)
    except ValueError:
        return False, f"回复不是 JSON：{text[:500]}"
    if not isinstance(data, dict):
        return False, f"回复无法识别：{text[:500]}"
    keys = ("errcode", "errmsg") if kind in ("wecom", "dingtalk") else ("code", "msg")
    code = data.get(keys[0], data.get("StatusCode"))
    message = data.get(keys[1], data.get("StatusMessage", ""))
    if code is None:
        return False, f"回复中没有 {keys[0]}：{text[:500]}"
    shown = f"{keys[0]}={code} {message}".strip()
    return code == 0, shown[:1000]
