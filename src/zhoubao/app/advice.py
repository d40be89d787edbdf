"""What editors read when a fetch fails: one Chinese sentence that says what to do; the English detail goes to the log."""

from __future__ import annotations

import logging
import re

from zhoubao.net.errors import FetchError

log = logging.getLogger(__name__)

__all__ = ["fetch_advice", "readable"]

_HTTP = {
    401: "该网页需要登录才能查看（HTTP 401），编辑台无法抓取。请改用“粘贴正文”添加。",
    403: "对方网站拒绝了访问（HTTP 403）。请稍后再试，或改用“粘贴正文”添加。",
    404: "该网页不存在（HTTP 404）。请检查网址是否完整、正确。",
    410: "该网页已被删除（HTTP 410）。请换一个网址，或改用“粘贴正文”添加。",
    429: "对方网站认为访问过于频繁（HTTP 429）。请过几分钟再试。",
}


def fetch_advice(exc: FetchError) -> str:
    """The editor's sentence for a fetch that failed (kind by kind); the English detail is logged."""
    log.info("fetch failed (%s): %s", exc.kind, exc)
    kind = exc.kind
    if kind == "refused":
        return ("该网址指向本机或内部网络地址，编辑台不抓取这类地址。请换用公开网站的网址；"
                "如确需抓取，请管理员在 zhoubao.toml 的 [fetch] allow 中列出它。")
    if kind == "scheme":
        return "只支持以 http:// 或 https:// 开头的网址。请在浏览器中打开该网页，复制地址栏里的网址再试。"
    if kind == "bad_url":
        return "网址无法识别。请检查是否完整（以 http:// 或 https:// 开头、没有空格），再重新粘贴。"
    if kind == "timeout":
        return "对方网站长时间没有响应。请稍后再试，或改用“粘贴正文”添加。"
    if kind == "too_large":
        return "该网页太大，超过了抓取上限。请改用“粘贴正文”添加。"
    if kind == "redirects":
        return "该网址跳转次数过多。请在浏览器中打开它，复制最终停留页面的网址再试。"
    if kind == "http":
        status = exc.status or 0
        if status in _HTTP:
            return _HTTP[status]
        if status >= 500:
            return f"对方网站出错了（HTTP {status}）。请稍后再试，或改用“粘贴正文”添加。"
        return f"对方网站没有返回网页（HTTP {status}）。请检查网址，或改用“粘贴正文”添加。"
    return "无法连接到该网站。请检查网址是否正确、网站能否在浏览器中打开，稍后再试，或改用“粘贴正文”添加。"


_URL_END = r"(?= \((?:https?|ftp)://|$|；|。)"
# The English a fetch failure leaves in a stored message (a source's last error, a job's end), in Chinese.
_ENGLISH = [
    (re.compile(r"network error: [^\n]*?" + _URL_END), "无法连接到该网站"),
    (re.compile(r"cannot resolve \S+?(?:: [^\n]*?)?" + _URL_END), "网站的域名无法解析"),
    (re.compile(r"timed out after [\d.]+s(?: \([^)]*\))?|deadline of [\d.]+s passed(?: while reading)?"
                r"|name lookup for \S+ timed out|deadline passed before name lookup"), "对方网站响应超时"),
    (re.compile(r"\S+ is \S+ \([^)]*\); not fetched"), "地址指向本机或内部网络，未抓取"),
    (re.compile(r"\S+ resolved to unreadable address '[^']*'"), "域名解析出的地址无法识别，未抓取"),
    (re.compile(r"more than \d+ redirects"), "跳转次数过多"),
    (re.compile(r"body (?:of \d+ bytes )?exceeds the \d+-byte cap"), "网页太大，超过抓取上限"),
    (re.compile(r"scheme '[^']*' is not fetched \(http and https only\)"), "只支持 http 或 https 网址"),
    (re.compile(r"(?<![（(])\bHTTP (\d{3})" + _URL_END), r"对方网站返回错误（HTTP \1）"),
]


def readable(stored: str) -> str:
    """A stored failure message as editors should read it: the fetcher's English parts said in Chinese."""
    for pattern, chinese in _ENGLISH:
        stored = pattern.sub(chinese, stored)
    return stored
