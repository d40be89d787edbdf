"""The [deliver] settings' types: the mail server, the IM group robots, and what every send attaches."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zhoubao.conf.errors import ConfigError

SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str
    password_env: str
    from_addr: str
    per_minute: int
    allow: frozenset[str]

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ConfigError(f"deliver.smtp.port 应在 1–65535 之间，而不是 {self.port}")
        if self.per_minute < 0:
            raise ConfigError(f"deliver.smtp.per_minute 不能为负数：{self.per_minute}")


WEBHOOK_KINDS = ("wecom", "dingtalk", "feishu", "json")
WEBHOOK_CONTENT = ("summary", "full")


@dataclass(frozen=True)
class WebhookSettings:
    """One IM group robot or JSON endpoint of [[deliver.webhook]] (defaults: [deliver.webhook_defaults])."""

    kind: str
    url: str
    secret_env: str
    name: str
    content: str

    @property
    def target(self) -> str:
        """The ledger's name for this robot: its name, else its kind and the URL's host (never the URL, whose
        query often holds the robot's key)."""
        if self.name:
            return f"{self.kind}:{self.name}"
        host = self.url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
        return f"{self.kind}:{host}"


@dataclass(frozen=True)
class DeliverSettings:
    attach: tuple[str, ...]
    tries: int
    retry_delay: float
    base_url: str
    webhook_allow: frozenset[str]
    webhook_defaults: Mapping[str, Any]
    webhook: tuple[WebhookSettings, ...]
    smtp: SmtpSettings

    def __post_init__(self) -> None:
        if self.tries < 1:
            raise ConfigError(f"deliver.tries 至少为 1，而不是 {self.tries}")
        if self.retry_delay < 0:
            raise ConfigError(f"deliver.retry_delay 不能为负数：{self.retry_delay}")
        if self.base_url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", self.base_url):
            raise ConfigError(f"deliver.base_url 应为 http(s):// 开头的网址（或空），而不是 {self.base_url!r}")
        targets = [w.target for w in self.webhook]
        twice = sorted({t for t in targets if targets.count(t) > 1})
        if twice:
            raise ConfigError(f"[[deliver.webhook]] 中 {twice[0]} 重复：同一主机的两个机器人请用 name 区分")
