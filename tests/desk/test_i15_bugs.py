"""Issue 15's desk bugs, one test (or a few) each: each failed before its fix."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import at
from tests.desk.conftest import report as make_report
from zhoubao.app.sources import SourceError, check_url, save_source
from zhoubao.app.users import UserError, save_user
from zhoubao.archive.models import Issue, Item, JobRun, Report, Source
from zhoubao.compose.compose import issue_document
from zhoubao.draft.extractive import Source as DraftSource
from zhoubao.draft.llm import fact_check
from zhoubao.net.errors import FetchError
from zhoubao.render import registry
from zhoubao.text import facts

pytestmark = pytest.mark.django_db
TZ = "Asia/Shanghai"


# -- 2. the footer's note carried its 注： twice ------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "email", "md"])
def test_footer_note_is_labelled_once(issue: Issue, fmt: str) -> None:
    # The default profile's note reads "注：本周报由公开报道汇编…": the renderers label it, it must not be doubled.
    issue.footer = dict(issue.footer or {}, note="注：本周报由公开报道汇编，不代表本会观点。")
    issue.save()
    text = registry.render(issue_document(issue), fmt).decode()
    assert "注：注：" not in text and "注：注" not in text
    assert "注：本周报由公开报道汇编" in text


def test_footer_note_is_labelled_once_in_word_and_pdf(issue: Issue, tmp_path: Path) -> None:
    # The issue named Word and PDF too: their footer lines come from render/text.py and the Typst template.
    import io
    import shutil
    import subprocess

    from docx import Document

    from zhoubao.render.base import RenderUnavailable

    issue.footer = dict(issue.footer or {}, note="注：本周报由公开报道汇编，不代表本会观点。")
    issue.save()
    doc = issue_document(issue)
    word = Document(io.BytesIO(registry.render(doc, "docx")))
    text = "\n".join([p.text for p in word.paragraphs] +
                     [c.text for t in word.tables for row in t.rows for c in row.cells])
    assert "注：注" not in text and "注：本周报由公开报道汇编" in text
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed (apt-get install poppler-utils)")
    try:
        pdf = registry.render(doc, "pdf")
    except RenderUnavailable as exc:
        pytest.skip(f"no PDF renderer here: {exc}")
    (tmp_path / "issue.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "issue.pdf"), "-"], capture_output=True,
                         check=True, timeout=120).stdout.decode()
    flat = re.sub(r"\s+", "", out)  # pdftotext breaks lines where the page does
    assert "注：注" not in flat and "注：本周报由公开报道汇编" in flat


def test_footer_note_without_label_gets_one(issue: Issue) -> None:
    issue.footer = dict(issue.footer or {}, note="本周报仅供内部参考。")
    issue.save()
    doc = issue_document(issue)
    assert doc.footer.note == "本周报仅供内部参考。"
    for fmt in ("html", "email", "md"):
        assert "注：本周报仅供内部参考。" in registry.render(doc, fmt).decode()


def test_the_desk_prints_the_note_with_one_label(as_editor: Client, issue: Issue) -> None:
    for note, shown in (("注：本周报由公开报道汇编，不代表本会观点。", "注：本周报由公开报道汇编"),
                        ("本周报仅供内部参考。", "注：本周报仅供内部参考。")):
        issue.footer = dict(issue.footer or {}, note=note)
        issue.save()
        page = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
        assert shown in page and "注：注：" not in page


# -- 3. a title's last letters and its paragraph's first digits ran together into a false 来源中未见 --------------

TITLE_1080 = "爱奇艺《山海长歌》上线1080p"
TEXT_1080 = "6月4日，爱奇艺宣布《山海长歌》上线1080p高清版本。"


def test_fact_check_keeps_a_title_apart_from_its_paragraph() -> None:
    # The checked side: an item's title and paragraph are checked apart (no "p6" from "1080p" + "6月4日") …
    assert facts.unsupported([TITLE_1080, TEXT_1080], ["《山海长歌》1080p版本上线", TEXT_1080], tz=TZ) == []
    # … and the sources' side: a report's title and text are searched apart, so a "p6" the item has is not
    # found in the sources by running the report's title into its text.
    found = facts.unsupported(["爱奇艺上线p6格式。"], [TITLE_1080, TEXT_1080], tz=TZ)
    assert "p6" in [f.token for f in found]


def test_language_model_guard_keeps_a_report_title_apart_from_its_text() -> None:
    source = DraftSource(TITLE_1080, TEXT_1080, None)
    assert fact_check([TITLE_1080, TEXT_1080], [source], tz=TZ).ok
    checked = fact_check(["爱奇艺上线p6格式"], [source], tz=TZ)
    assert not checked.ok and "p6" in checked.reason


def test_desk_marks_no_false_p6_on_an_item(as_editor: Client, issue: Issue) -> None:
    item = issue.items.order_by("order", "id").first()
    assert item is not None
    part = item.parts.first()
    assert part is not None and part.story is not None
    make_report("https://ent.example.com/1080.html", TITLE_1080, TEXT_1080, at(4), "爱奇艺",
                "company")
    Report.objects.filter(url="https://ent.example.com/1080.html").update(story=part.story)
    Item.objects.filter(pk=item.pk).update(title=TITLE_1080, paragraphs=[TEXT_1080 + "另有p6格式。"])
    html = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    facts_line = html[html.index(f'id="facts-{item.pk}"'):]
    facts_line = facts_line[:facts_line.index("</div>")]
    # The "p6" the paragraph invents is marked; the title's "1080p" before the paragraph's "6月4日" is not.
    assert "<mark>p6</mark>" in facts_line and "来源中未见" in facts_line


# -- 7. English internals in the desk's messages -----------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _no_english(text: str) -> None:
    for word in ("network error", "Errno", "Connection refused", "loopback", "not fetched", "scheme", "--date",
                 "--days", "password", "This "):
        assert word not in text, word


def _message_after(client: Client, resp: Any) -> str:
    assert resp.status_code in (302, 303), resp.status_code
    return client.get(resp["Location"]).content.decode()


def test_add_by_url_says_in_chinese_what_went_wrong(as_editor: Client, issue: Issue,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url = reverse("report_add_url", args=[issue.pk])
    page = reverse("issue", args=[issue.pk])
    # Loopback, not allowed: refused by the guard.
    resp = as_editor.post(url, {"url": "http://127.0.0.1/a.html", "issue_version": issue.version}, HTTP_REFERER=page)
    html = _message_after(as_editor, resp)
    assert "本机或内部网络地址" in html and "换用公开网站的网址" in html
    _no_english(html)
    # Allowed, but nothing listens there: connection refused.
    port = _free_port()
    monkeypatch.setenv("ZHOUBAO_FETCH_ALLOW", f"127.0.0.1:{port}")
    resp = as_editor.post(url, {"url": f"http://127.0.0.1:{port}/a.html", "issue_version": issue.version},
                          HTTP_REFERER=page)
    html = _message_after(as_editor, resp)
    assert "无法连接到该网站" in html and "稍后再试" in html
    _no_english(html)


def test_fetch_advice_speaks_chinese_for_every_kind() -> None:
    from zhoubao.app.advice import fetch_advice

    for kind in FetchError.KINDS:
        text = fetch_advice(FetchError(kind, "http://x.test/", "english detail", status=503))
        assert "english" not in text and "。" in text
        assert re.search(r"[\u4e00-\u9fff]{4}", text)


def test_a_source_with_an_ftp_address_is_refused_in_chinese(db: Any, home: Any) -> None:
    with pytest.raises(SourceError) as err:
        save_source(home, None, {"url": "ftp://ftp.example.com/feed.xml", "kind": "feed"}, user=None)
    assert "http://" in str(err.value) and "只支持" in str(err.value)
    _no_english(str(err.value))
    with pytest.raises(SourceError) as err:
        check_url(home, "http://127.0.0.1/feed.xml")
    _no_english(str(err.value))


def test_the_sources_page_tells_a_source_s_failure_in_chinese(as_editor: Client) -> None:
    Source.objects.create(name="坏源", url="http://127.0.0.1:9/rss.xml", error_count=2,
                          last_error="network error: [Errno 111] Connection refused (http://127.0.0.1:9/rss.xml)")
    Source.objects.create(name="慢源", url="https://slow.example.com/rss.xml", error_count=1, enabled=False,
                          last_error="timed out after 20s (read timeout) (https://slow.example.com/rss.xml)",
                          disabled_reason="连续 5 次失败：timed out after 20s (https://slow.example.com/rss.xml)")
    page = as_editor.get(reverse("sources")).content.decode()
    assert "无法连接到该网站" in page and "对方网站响应超时" in page
    _no_english(page.replace("http://127.0.0.1:9/rss.xml", ""))
    assert "timed out" not in page


def test_a_refused_password_is_explained_in_chinese(db: Any) -> None:
    with pytest.raises(UserError) as err:
        save_user("wang", "editor", "abc")
    text = str(err.value)
    assert "太短" in text and "10" in text
    assert not re.search(r"[A-Za-z]{3,}", text), text


def test_a_build_with_no_reports_tells_the_desk_what_to_do(as_editor: Client, db: Any) -> None:
    resp = as_editor.post(reverse("issue_build"), {"date": "2031-03-03"})
    run = JobRun.objects.filter(kind="build").order_by("-id").first()
    assert run is not None and run.state == JobRun.State.FAILED, (resp.status_code, run)
    assert "没有报道" in run.message and "抓取" in run.message
    _no_english(run.message)


def test_an_issue_of_no_items_is_neither_submitted_approved_nor_published(users: dict[str, Any],
                                                                          issue: Issue) -> None:
    # Bug 1's other half: an empty issue went through submit, approve and publish (a PDF of a masthead and a footer).
    editor, reviewer = _as(users["editor"]), _as(users["reviewer"])
    page = reverse("issue", args=[issue.pk])
    issue.items.all().delete()
    said = _message_after(editor, _post_step(editor, issue, "submit"))
    assert "没有条目" in said and Issue.objects.get(pk=issue.pk).state == Issue.State.DRAFT
    # Nor at the later steps, whatever brought it there.
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.IN_REVIEW)
    said = _message_after(reviewer, _post_step(reviewer, issue, "approve"))
    assert "没有条目" in said and Issue.objects.get(pk=issue.pk).state == Issue.State.IN_REVIEW
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.APPROVED)
    said = _message_after(reviewer, _post_step(reviewer, issue, "publish"))
    assert "没有条目" in said and Issue.objects.get(pk=issue.pk).state == Issue.State.APPROVED
    assert reviewer.get(page).status_code == 200


# -- 8. the command line: serve on a busy port, collect with every source failing, --help, kind codes ---------

@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.jobs.helpers import zb

    home = tmp_path_factory.mktemp("i15") / "home"
    done = zb(home.parent, "init", str(home))
    assert done.returncode == 0, done.stderr
    return home


def test_serve_on_a_busy_port_fails_in_one_line_without_saying_it_started(cli_home: Path) -> None:
    from tests.jobs.helpers import zb

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = zb(cli_home, "serve", "--port", str(port), timeout=60)
    said = done.stdout + done.stderr
    assert done.returncode != 0, said
    assert "已启动" not in said and "Traceback" not in said and "Errno" not in said
    assert f"端口 {port} 已被占用" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_collect_exits_non_zero_when_every_source_failed(cli_home: Path) -> None:
    from tests.jobs.helpers import zb

    port = _free_port()
    allow = {"ZHOUBAO_FETCH_ALLOW": f"127.0.0.1:{port}", "COLUMNS": "200"}
    for n in (1, 2):
        added = zb(cli_home, "sources", "add", f"http://127.0.0.1:{port}/rss{n}.xml", "--kind", "feed",
                   "--name", f"坏源{n}", "--outlet-kind", "media", extra=allow)
        assert added.returncode == 0, added.stderr
    done = zb(cli_home, "collect", "--all", extra=allow, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "全部出错" in done.stderr and "2 个来源" in done.stderr
    listed = zb(cli_home, "sources", "list", extra=allow)
    assert listed.returncode == 0
    assert "订阅源" in listed.stdout and "媒体" in listed.stdout
    assert not re.search(r"\bfeed\b|\bmedia\b", listed.stdout.replace("rss1.xml", "").replace("rss2.xml", ""))


def test_help_lists_sources_enable() -> None:
    from zhoubao.cli.main import _parser

    assert "enable" in _parser().format_help()


def test_the_desk_sources_page_shows_chinese_kinds(as_editor: Client) -> None:
    Source.objects.create(name="总局", url="https://www.nrta.gov.cn/rss.xml", kind="feed", outlet_kind="regulator")
    page = as_editor.get(reverse("sources")).content.decode()
    assert "订阅源" in page and "监管部门" in page and ">regulator<" not in page


def test_a_trade_association_is_typed_as_one_not_as_a_regulator(as_editor: Client) -> None:
    # The demo typed 中国网络视听节目服务协会 as a regulator: its sources list and its reports.
    import json
    import tomllib

    import zhoubao.demo

    demo = Path(zhoubao.demo.__file__).parent
    sources = tomllib.loads((demo / "site" / "sources.toml").read_text(encoding="utf-8"))["source"]
    kinds = {s["name"]: s.get("outlet_kind", "") for s in sources}
    assert kinds["中国网络视听节目服务协会"] == "association"
    reports = [json.loads(line) for line in (demo / "week" / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    by_association = [r for r in reports if r["outlet"].endswith("协会")]
    assert by_association and {r["outlet_kind"] for r in by_association} == {"association"}
    # The desk offers the kind and names it in Chinese.
    Source.objects.create(name="中国网络视听节目服务协会", url="https://www.cnsa.cn/list.html", kind="listing",
                          outlet_kind="association")
    page = as_editor.get(reverse("sources")).content.decode()
    assert "行业协会" in page and ">association<" not in page
    assert 'value="association"' in as_editor.get(reverse("source_new")).content.decode()


# -- 9. the self-approval note under everyone's 批准; duplicate element ids on the issue page ------------------

def _as(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post_step(c: Client, issue: Issue, action: str) -> Any:
    issue.refresh_from_db()
    return c.post(reverse("issue_transition", args=[issue.pk, action]), {"issue_version": issue.version})


def test_the_only_editor_note_is_shown_only_to_the_only_editor(users: dict[str, Any], issue: Issue) -> None:
    editor, reviewer, admin = _as(users["editor"]), _as(users["reviewer"]), _as(users["admin"])
    item = issue.items.order_by("id").first()
    assert item is not None
    # The admin (who may also review) edits and submits: the admin is the issue's only editor.
    resp = admin.post(reverse("item_save", args=[issue.pk, item.pk]),
                      {"version": item.version, "title": "改过的标题", "body": "\n".join(item.paragraphs)},
                      HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert _post_step(admin, issue, "submit").status_code in (302, 303)
    page = reverse("issue", args=[issue.pk])
    note = "不能自己批准"
    # The reviewer did not edit it: their 批准 works, and no note says otherwise.
    seen = reviewer.get(page).content.decode()
    assert 'data-action="approve"' in seen and note not in seen
    assert note not in editor.get(page).content.decode()
    # The admin wrote it alone: the note is theirs.
    assert note in admin.get(page).content.decode()


def test_the_issue_page_has_no_duplicate_ids(as_editor: Client, issue: Issue) -> None:
    for query in ("", "?candidates=show"):
        html = as_editor.get(reverse("issue", args=[issue.pk]) + query).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        assert not dupes, dupes
        # Each label's for= names an element of the page.
        for target in re.findall(r'\sfor="([^"]+)"', html):
            assert target in ids, target


# -- 6. a cleared title saved nothing and said nothing -------------------------------------------------------

def test_a_cleared_title_is_answered_in_chinese_and_the_text_is_kept(as_editor: Client, issue: Issue) -> None:
    item = issue.items.order_by("id").first()
    assert item is not None
    page = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    tag = re.search(rf'<form class="edit"[^>]*{item.pk}/save".*?<textarea class="title[^"]*"[^>]*>', page, re.S)
    assert tag is not None
    # A `required` title would keep the browser (and htmx) from sending the save at all: nobody would say why.
    assert "required" not in tag.group(0).split("<textarea class=\"title")[1]
    save = reverse("item_save", args=[issue.pk, item.pk])
    body = "编辑新写的一段，不能丢。"
    resp = as_editor.post(save, {"version": item.version, "title": "  ", "body": body},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"status-{item.pk}")
    said = resp.content.decode()
    assert resp.status_code == 400 and "标题不能为空" in said and f'id="status-{item.pk}"' in said
    # Without JavaScript the answer keeps what the editor typed, to mend and save again.
    resp = as_editor.post(save, {"version": item.version, "title": "", "body": body})
    said = resp.content.decode()
    assert resp.status_code == 400 and "标题不能为空" in said and body in said
    assert f'action="{save}"' in said and f'name="version" value="{item.version}"' in said
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.title == item.title and fresh.version == item.version


def test_the_desk_script_warns_before_leaving_unsaved_edits() -> None:
    import zhoubao.web

    js = (Path(zhoubao.web.__file__).parent / "static" / "desk" / "desk.js").read_text(encoding="utf-8")
    assert "beforeunload" in js


# -- 5. limits: long titles, paragraphs and pastes are refused in Chinese, the text kept --------------------

def test_autosave_refuses_an_overlong_paragraph_or_title_and_says_the_lengths(as_editor: Client, issue: Issue) -> None:
    item = issue.items.order_by("id").first()
    assert item is not None
    save = reverse("item_save", args=[issue.pk, item.pk])
    hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": f"status-{item.pk}"}
    resp = as_editor.post(save, {"version": item.version, "title": item.title, "body": "长" * 330_000}, **hx)
    said = resp.content.decode()
    assert resp.status_code == 400 and "第 1 段过长" in said and "330,000" in said and "5,000" in said
    resp = as_editor.post(save, {"version": item.version, "title": "题" * 201, "body": "一段。"}, **hx)
    said = resp.content.decode()
    assert resp.status_code == 400 and "标题过长" in said and "201" in said and "200" in said
    assert Item.objects.get(pk=item.pk).version == item.version  # nothing saved
    resp = as_editor.post(save, {"version": item.version, "title": "题" * 200, "body": "段" * 5_000}, **hx)
    assert resp.status_code == 200


def test_an_overlong_paste_is_refused_in_chinese_and_the_form_keeps_it(as_editor: Client, issue: Issue) -> None:
    url = reverse("report_add_text", args=[issue.pk])
    text = "这是一篇很长的报道。" * 27_500  # 275,000 characters
    resp = as_editor.post(url, {"title": "很长的报道", "text": text, "outlet": "新华网", "into_issue": "on",
                                "issue_version": issue.version})
    said = resp.content.decode()
    assert resp.status_code == 400 and "正文过长" in said and "275,000" in said and "200,000" in said
    assert text in said and 'value="很长的报道"' in said and 'value="新华网"' in said
    assert not Report.objects.filter(title="很长的报道").exists()
    # The page's own forms carry no maxlength that a browser would use to cut a paste short without a word.
    page = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    area = re.search(r'<textarea[^>]*name="text"[^>]*>', page)
    assert area is not None and "maxlength" not in area.group(0)
    assert not re.search(r'<textarea class="title[^>]*maxlength', page)


def test_a_request_too_large_to_read_is_answered_in_chinese(as_editor: Client, issue: Issue) -> None:
    url = reverse("report_add_text", args=[issue.pk])
    resp = as_editor.post(url, {"title": "巨长", "text": "字" * 3_300_000, "issue_version": issue.version})
    said = resp.content.decode()
    assert resp.status_code == 400 and "Bad Request" not in said
    assert "提交的内容太大" in said and "5 MB" in said and "200,000" in said
    item = issue.items.order_by("id").first()
    assert item is not None
    resp = as_editor.post(reverse("item_save", args=[issue.pk, item.pk]),
                          {"version": item.version, "title": item.title, "body": "字" * 3_300_000},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"status-{item.pk}")
    said = resp.content.decode()
    assert resp.status_code == 400 and "提交的内容太大" in said and f'id="status-{item.pk}"' in said


# -- 4. the 操作 panel on a phone: selects and inputs shrink and wrap ---------------------------------------

def test_the_actions_panel_css_keeps_selects_within_the_screen() -> None:
    import zhoubao.web

    css = (Path(zhoubao.web.__file__).parent / "static" / "desk" / "desk.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)

    def rules(selector: str) -> str:
        return " ".join(body for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
                        if selector in [s.strip() for s in sel.split(",")])

    inline = rules(".toolrow .inline")
    assert "flex-wrap: wrap" in inline and "min-width: 0" in inline and "max-width: 100%" in inline
    for sel in (".toolrow select", ".toolrow input"):
        assert "min-width: 0" in rules(sel) and "max-width: 100%" in rules(sel), sel
    phone = css[css.index("@media (max-width: 640px)"):]
    assert re.search(r"\.toolrow select\s*\{[^}]*max-width: 100%", phone)
