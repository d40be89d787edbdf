"""What the mail and the IM robot senders share: the refusal, the published issue they send, and the ledger's
terms for a run that stopped mid-send."""

from __future__ import annotations

from datetime import timedelta

from zhoubao.app.issues import find_issue
from zhoubao.archive.models import Issue
from zhoubao.conf.settings import Settings
from zhoubao.errors import ZhoubaoError

__all__ = ["INTERRUPTED", "STALE_SENDING", "SendRefused"]

# A row left `sending` longer than this was left by a run that stopped (a live run records the server's answer
# within the connection's timeout); younger ones may belong to a run still going, and are left to it.
STALE_SENDING = timedelta(minutes=5)
INTERRUPTED = "发送中断：服务器是否已接收未知；为免重复发送，不再自动重发（确认对方未收到后可用 --again 重发）"


class SendRefused(ZhoubaoError):
    """The issue cannot be sent as asked (not published, no recipients, no mail server, address refused)."""


def _published(settings: Settings, number: int) -> Issue:
    issue = find_issue(settings, number)
    if issue is None:
        raise SendRefused(f"没有第{number}期：先运行 zhoubao build --date YYYY-MM-DD")
    if issue.state != Issue.State.PUBLISHED:
        raise SendRefused(f"第{number}期尚未发布（当前为“{issue.get_state_display()}”），不能发送：先发布（zhoubao publish {number}）")
    return issue
