"""Collect throughput on loopback: 500 feeds x 20 articles, then a re-poll where nothing changed.

Run as `python -m bench.collect` (or through `make bench`). A server process on 127.0.0.1 serves
500 RSS feeds spread over 50 host names (resolved to 127.0.0.1 by the bench's own resolver and
allowed one by one in the fetch policy, as a user would) and 10,000 generated Chinese news pages
of 3-6 KB of text each. Measures new reports stored per second (fetch + extraction + one commit
per report), the peak memory of the collector's process tree, and the time of a second poll in
which every feed answers 304.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/collect.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGET_RATE = 50.0  # new reports per second
TARGET_REPOLL = 10.0  # seconds for the unchanged re-poll
TARGET_MEMORY = 500.0  # MiB, peak RSS of the process tree

_WORDS = {
    "org": ["国家广播电视总局", "中央网信办", "工业和信息化部", "爱奇艺", "腾讯视频", "优酷", "芒果TV", "哔哩哔哩",
            "抖音", "快手", "中国网络视听节目服务协会", "中国移动咪咕", "央视频", "人民网", "新华网"],
    "act": ["发布", "召开", "启动", "宣布", "推出", "公布", "印发", "举办", "上线", "签署"],
    "obj": ["微短剧管理通知", "第一季度财报", "暑期片单", "网络视听发展报告", "未成年人保护专项行动", "超高清视频计划",
            "版权保护合作协议", "年度片单发布会", "行业自律公约", "创作扶持计划"],
}
_SENTENCES = [
    "{org}{day}日{act}{obj}，明确了下一阶段的重点任务和工作要求。",
    "据介绍，此次{obj}涉及内容创作、平台治理、技术标准等多个方面，将分阶段推进落实。",
    "{org}有关负责人表示，将进一步压实主体责任，完善审核机制，推动行业健康有序发展。",
    "数据显示，今年前五个月相关业务收入同比增长{pct}%，用户规模达到{num}亿人。",
    "业内人士认为，{obj}的出台有助于规范市场秩序，提升内容质量，增强用户获得感。",
    "记者了解到，多家平台已陆续开展自查，对不符合要求的内容进行下线处理。",
    "会议强调，要坚持正确导向，坚持守正创新，不断提升网络视听内容供给水平。",
    "下一步，{org}将会同有关部门加强统筹协调，抓好各项措施落地见效。",
    "据悉，{obj}自发布之日起施行，此前相关规定与本通知不一致的，以本通知为准。",
    "专家指出，随着5G、超高清和人工智能技术的发展，网络视听产业正迎来新的增长空间。",
]


# --------------------------------------------------------------------------------------------
# Content (generated deterministically, the same in the server and the checks)


def host_name(h: int) -> str:
    return f"site{h}.bench.test"


def feed_host(feed: int, hosts: int) -> int:
    return feed % hosts


def article_text(feed: int, i: int) -> tuple[str, list[str]]:
    rng = random.Random(feed * 1000 + i)
    org, act, obj = rng.choice(_WORDS["org"]), rng.choice(_WORDS["act"]), rng.choice(_WORDS["obj"])
    title = f"{org}{act}{obj}（{feed}-{i}）"
    paras = []
    size = rng.randint(1000, 2000)  # characters of text: 3-6 KB of UTF-8
    total = 0
    while total < size:
        para = "".join(
            rng.choice(_SENTENCES).format(org=rng.choice(_WORDS["org"]), act=act, obj=obj, day=rng.randint(1, 28),
                                          pct=rng.randint(3, 40), num=rng.randint(1, 10))
            for _ in range(rng.randint(2, 4))
        )
        paras.append(para)
        total += len(para)
    return title, paras


def article_page(feed: int, i: int, when: datetime) -> bytes:
    title, paras = article_text(feed, i)
    nav = "".join(f'<li><a href="/channel/{k}/">频道{k}</a></li>' for k in range(12))
    related = "".join(f'<li><a href="/a/{feed}/{(i + k) % 20}.html">相关阅读：{article_text(feed, (i + k) % 20)[0]}</a></li>'
                      for k in range(1, 5))
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{title}_测试新闻网</title><meta name=\"description\" content=\"{paras[0][:60]}\">"
        f"<meta property=\"article:published_time\" content=\"{when.isoformat()}\">"
        "<meta property=\"og:site_name\" content=\"测试新闻网\"></head><body>"
        f"<div class=\"header\"><ul class=\"nav\">{nav}</ul></div>"
        f"<div class=\"main\"><h1>{title}</h1><div class=\"info\">{when:%Y-%m-%d %H:%M} 来源：测试新闻网</div>"
        f"<div class=\"article\">{body}<p>（责任编辑：王五）</p></div>"
        f"<div class=\"share\">分享到：微信 微博</div><div class=\"related\"><h3>相关阅读</h3><ul>{related}</ul></div></div>"
        "<div class=\"footer\">版权所有 测试新闻网 京ICP备00000000号</div></body></html>"
    ).encode()


def feed_doc(feed: int, items: int, host: str, now: datetime) -> bytes:
    parts = []
    for i in range(items):
        when = now - timedelta(hours=feed % 24 + i * 7)
        title, _ = article_text(feed, i)
        link = f"http://{host}/a/{feed}/{i}.html"
        parts.append(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                     f"<pubDate>{format_datetime(when)}</pubDate><description>{title}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试源{feed}</title>'
            f"<link>http://{host}/</link>{''.join(parts)}</channel></rss>").encode()


# --------------------------------------------------------------------------------------------
# The server (its own process, asyncio, keep-alive)


def serve(port_out: multiprocessing.connection.Connection, feeds: int, items: int, hosts: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    cache: dict[str, tuple[bytes, str, str]] = {}
    bound = {"port": 0}

    def resource(path: str) -> tuple[bytes, str, str] | None:
        if path in cache:
            return cache[path]
        body: bytes | None = None
        ctype = "text/html; charset=utf-8"
        parts = path.strip("/").split("/")
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nDisallow: /private/\n", "text/plain"
        elif len(parts) == 2 and parts[0] == "feed" and parts[1].endswith(".xml"):
            f = int(parts[1][:-4])
            if 0 <= f < feeds:
                host = f"{host_name(feed_host(f, hosts))}:{bound['port']}"
                body, ctype = feed_doc(f, items, host, now), "application/rss+xml"
        elif len(parts) == 3 and parts[0] == "a" and parts[2].endswith(".html"):
            f, i = int(parts[1]), int(parts[2][:-5])
            if 0 <= f < feeds and 0 <= i < items:
                body = article_page(f, i, now - timedelta(hours=f % 24 + i * 7))
        if body is None:
            return None
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        entry = (body, ctype, etag)
        if path.startswith("/feed/") or path == "/robots.txt":
            cache[path] = entry  # articles are fetched once; keep only what is asked for again
        return entry

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1].split("?", 1)[0]
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                got = resource(path)
                if got is None:
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                elif headers.get("if-none-match") == got[2]:
                    writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {got[2]}\r\n\r\n".encode())
                else:
                    writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: {got[1]}\r\nETag: {got[2]}\r\n"
                                 f"Content-Length: {len(got[0])}\r\n\r\n".encode() + got[0])
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, IndexError, ValueError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
        bound["port"] = server.sockets[0].getsockname()[1]
        port_out.send(bound["port"])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# --------------------------------------------------------------------------------------------
# Memory of the collector's process tree


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


class MemoryWatch:
    """Peak RSS of this process plus its children (the workers), the server excluded."""

    def __init__(self, exclude: set[int]) -> None:
        self.exclude = exclude
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        me = os.getpid()
        total = _rss_mib(me) + sum(_rss_mib(p) for p in _children(me) if p not in self.exclude)
        self.peak = max(self.peak, total)

    def _loop(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __enter__(self) -> MemoryWatch:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


# --------------------------------------------------------------------------------------------


def run(feeds: int, items: int, hosts: int) -> int:
    ctx = multiprocessing.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    server = ctx.Process(target=serve, args=(send, feeds, items, hosts), daemon=True)
    server.start()
    port = int(recv.recv())
    home = Path(tempfile.mkdtemp(prefix="zhoubao-bench-collect-"))
    try:
        from zhoubao.archive.db import open_home
        from zhoubao.conf.settings import defaults_text, load

        (home / "zhoubao.toml").write_text(defaults_text(), encoding="utf-8")
        settings = load(home, env={})
        open_home(home, create=True)

        from zhoubao.archive.models import Report, Source
        from zhoubao.collect.run import Collector, CollectSummary
        from zhoubao.net.fetcher import Fetcher, FetchPolicy

        names = {host_name(h) for h in range(hosts)}
        policy = FetchPolicy(allow=frozenset(f"{n}:{port}" for n in names), resolver=lambda h, p: ["127.0.0.1"]
                             if h in names else [], timeout=20.0, user_agent=settings.fetch.user_agent)
        Source.objects.bulk_create([
            Source(name=f"测试源{f}", url=f"http://{host_name(feed_host(f, hosts))}:{port}/feed/{f}.xml", kind="feed")
            for f in range(feeds)
        ])
        print(f"server on 127.0.0.1:{port}: {feeds} feeds x {items} articles over {hosts} host names; "
              f"{os.cpu_count()} CPUs", flush=True)

        def collect_all() -> tuple[float, CollectSummary]:
            collector = Collector(settings, fetcher=Fetcher(policy))
            try:
                t0 = time.perf_counter()
                summary = collector.run(list(Source.objects.order_by("id")))
                return time.perf_counter() - t0, summary
            finally:
                collector.close()

        with MemoryWatch({server.pid or -1}) as mem:
            first_time, first = collect_all()
        stored = Report.objects.count()
        errors = sum(1 for r in first.results if r.error)
        for r in first.results[:3]:
            if r.error or r.failed:
                print(f"  e.g. {r.source}: {r.error or ''} {r.notes[:2]}")
        failed = sum(r.failed for r in first.results)
        with MemoryWatch({server.pid or -1}) as mem2:
            second_time, second = collect_all()
        unchanged = sum(1 for r in second.results if r.unchanged)
        rate = first.new / first_time if first_time else 0.0
        peak = max(mem.peak, mem2.peak)
        with_text = Report.objects.exclude(text="").count()

        rows = [
            ("first poll: new reports", f"{first.new}", f"{feeds * items}"),
            ("first poll: time", f"{first_time:.1f} s", ""),
            ("new reports per second", f"{rate:.1f}", f">= {TARGET_RATE:g}"),
            ("reports with text", f"{with_text}", f"{stored}"),
            ("sources in error / articles failed", f"{errors} / {failed}", "0 / 0"),
            ("re-poll: unchanged (304) feeds", f"{unchanged}", f"{feeds}"),
            ("re-poll: time", f"{second_time:.2f} s", f"< {TARGET_REPOLL:g} s"),
            ("re-poll: new reports", f"{second.new}", "0"),
            ("peak memory (collector + workers)", f"{peak:.0f} MiB", f"< {TARGET_MEMORY:g} MiB"),
        ]
        width = max(len(r[0]) for r in rows)
        print()
        print(f"{'collect bench'.ljust(width)}  {'measured':>12}  {'target':>12}")
        for name, value, target in rows:
            print(f"{name.ljust(width)}  {value:>12}  {target:>12}")
        ok = (rate >= TARGET_RATE and second_time < TARGET_REPOLL and peak < TARGET_MEMORY
              and first.new == feeds * items and unchanged == feeds)
        print("\n" + ("all targets met" if ok else "TARGETS MISSED"))
        return 0 if ok else 1
    finally:
        server.terminate()
        server.join(5)
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--hosts", type=int, default=50)
    args = ap.parse_args(argv)
    return run(args.feeds, args.items, args.hosts)


if __name__ == "__main__":
    sys.exit(main())
