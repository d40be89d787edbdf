"""`zhoubao demo`: serve the demo week on loopback, collect it, build the issue and export it."""

from __future__ import annotations

import shutil
import time
import tomllib
from datetime import date
from pathlib import Path

from rich.console import Console

from zhoubao.demo.server import DemoServer, site_dir, week_dir


def demo_sources() -> list[dict[str, str]]:
    data = tomllib.loads((site_dir() / "sources.toml").read_text(encoding="utf-8"))
    return [dict(s) for s in data.get("source", [])]


def demo_date() -> date:
    data = tomllib.loads((week_dir() / "corpus.toml").read_text(encoding="utf-8"))
    return date.fromisoformat(str(data["issue_date"]))


def run_demo(where: Path, *, console: Console) -> int:
    from zhoubao.app.home import open_settings
    from zhoubao.conf.settings import CONFIG_NAME, defaults_text

    started = time.monotonic()
    home, outdir = where / "demo-home", where / "demo-out"
    # A fresh home each run: the server's port changes, and a demo should show the first run every time.
    shutil.rmtree(home, ignore_errors=True)
    outdir.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True)
    with DemoServer() as server:
        console.print(f"示例网站已在 {server.base} 启动（仅本机可访问）")
        allow = f"127.0.0.1:{server.port}"
        # The demo's own server is on loopback, which is refused unless allowed explicitly, exactly as a user would.
        (home / CONFIG_NAME).write_text(defaults_text().replace("allow = []", f'allow = ["{allow}"]', 1),
                                        encoding="utf-8")
        # The demo's archive is its home's own SQLite file even where DATABASE_URL names a PostgreSQL database:
        # a demo never writes into a real archive.
        settings = open_settings(home, flags={"database": {"url": ""}})
        # Modules with models import only once the archive is open.
        from zhoubao.app import publish
        from zhoubao.app.build import build
        from zhoubao.app.collect import collect
        from zhoubao.app.sources import SourceSpec, add_source

        for s in demo_sources():
            add_source(settings, SourceSpec(server.rewrite(s["url"]), s.get("kind", ""), s.get("name", ""),
                                            s.get("outlet_kind", ""), s.get("pattern", ""), s.get("selector", "")))
        with console.status("抓取示例来源…") as status:
            summary = collect(settings, progress=lambda n: status.update(f"抓取 {n}…"))
        for r in summary.results:
            mark = "✗" if r.error else "✓"
            console.print(f"  {mark} {r.source}：新增 {r.new}" + (f"，错误：{r.error}" if r.error else ""))
        console.print(f"抓取完成：新增报道 {summary.new} 篇。")
    with console.status("生成周报…") as status:
        res = build(settings, issue_date=demo_date(), progress=lambda m: status.update(m + "…"))
    written = []
    for fmt in publish.formats():
        try:
            got = publish.rendered(settings, res.issue, fmt)
        except publish.Unavailable as exc:
            console.print(f"  · {fmt}：{exc}")
            continue
        # Formats that share an extension (html, email, wechat) each keep their own file.
        suffix = got.extension if fmt == got.extension else f"{fmt}.{got.extension}"
        name = f"issue-{res.issue.number}.{suffix}"
        (outdir / name).write_bytes(got.data)
        written.append(name)
    doc = publish.document(res.issue)
    sections = len(doc.sections)
    console.print(f"第{res.issue.number}期：{sections} 个栏目，{len(doc.items())} 条，摘要 {len(doc.highlights)} 条。")
    console.print(f"已写入 {outdir}：{'、'.join(written)}")
    console.print(f"示例完成，用时 {time.monotonic() - started:.1f} 秒。数据在 {home}。")
    return 0
