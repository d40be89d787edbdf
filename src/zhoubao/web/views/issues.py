"""The issue page (draft as printed, candidates beside it) and every change made on it; undoing a rebuild."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import nh3
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from zhoubao.app import desk, edit, intake, memory, proofread, publish, send
from zhoubao.app import jobs as app_jobs
from zhoubao.app import names as file_names
from zhoubao.app.build import BuildError, undo_rebuild
from zhoubao.app.desk import CandidateQuery, roles
from zhoubao.archive.models import (
    AuditEntry,
    Comment,
    Issue,
    IssueSignoff,
    IssueSnapshot,
    Item,
    ItemStory,
    Report,
)
from zhoubao.errors import Conflict, DeskError
from zhoubao.web import fragments, history
from zhoubao.web.forms import CandidateFilter, ReportTextForm, ReportUrlForm
from zhoubao.web.views import facts as item_facts
from zhoubao.web.views import jobs
from zhoubao.web.views import proofread as proofread_views
from zhoubao.web.views.common import (
    EDIT,
    REVIEW,
    VIEW,
    desk_error,
    desk_view,
    home_path,
    home_settings,
    int_or,
    is_htmx,
    wants_json,
)

CANDIDATES_PAGE = 30


@desk_view(EDIT, methods=("POST",))
def rebuild_undo(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    try:
        n = undo_rebuild(home_settings(), issue, user=request.user, actor=desk.actor(request.user),
                         version=_issue_version(request))
    except BuildError as exc:
        raise DeskError(str(exc)) from None
    messages.success(request, f"已撤销重新生成：恢复条目 {n} 条（撤销前的条目也已保留）。")
    return _back(pk)


# -- the issue page ---------------------------------------------------------------------------------

@dataclass
class ItemView:
    """One item as the page shows it — plain data only: its rendered piece is cached by this (web.fragments)."""

    pk: int
    issue: int
    title: str
    paragraphs: list[str]
    section: str
    order: int
    version: int
    highlight: int | None
    base: str  # /issues/<issue>/items/<item>: the item's actions are base + "/save", "/move", …
    parts: list[dict[str, Any]] = field(default_factory=list)  # {"pk", "title"}: the stories it is made of
    reports: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    title_marked: list[tuple[str, bool]] = field(default_factory=list)
    paragraphs_marked: list[list[tuple[str, bool]]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)  # {"user", "when", "text"}
    siblings: list[tuple[int, str]] = field(default_factory=list)  # (pk, short title) of the section's other items
    # What 校对 checks (its reports' titles and texts, their times): kept out of repr, so out of the piece's key.
    checked: Any = field(default=None, repr=False, compare=False)
    memory: dict[str, Any] | None = None  # 已见于第N期 (and 续): _memory_view() of its story's memory
    pending: str = ""  # 待定 and why (Item.pending): the editor keeps or removes it before the issue moves on

    @property
    def short(self) -> str:
        t = self.title
        return t if len(t) <= 24 else t[:23] + "…"

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


_MARKS = (918273645, 546372819)


def _urls(name: str, nargs: int) -> Any:
    """reverse(name, args=…) for `nargs` integer arguments, reversed once per page rather than once per row."""
    pattern = reverse(name, args=_MARKS[:nargs])

    def url(*args: int) -> str:
        out = pattern
        for mark, value in zip(_MARKS[:nargs], args, strict=True):
            out = out.replace(str(mark), str(int(value)))
        return out

    return url


def _item_views(tz: str, *, shared: bool = False, **where: Any) -> list[ItemView]:
    """The view data of the items matching `where`, in four flat queries whatever their number (no model
    instances: a page of 30 items would otherwise spend more time in the ORM than in the database)."""
    rows: list[Any] = list(Item.objects.filter(**where).order_by("order", "id").values(
        "id", "issue_id", "issue__number", "section", "order", "title", "paragraphs", "highlight", "version", "pending"))
    ids = [r["id"] for r in rows]
    parts: dict[int, list[Any]] = {}
    for p in (ItemStory.objects.filter(item_id__in=ids).order_by("order", "id")
              .values("id", "item_id", "story_id", "title", "story__section", "story__score", "story__reasons",
                      "story__memory")):
        parts.setdefault(p["item_id"], []).append(p)
    story_ids = {p["story_id"] for ps in parts.values() for p in ps if p["story_id"] is not None}
    reports: dict[int, list[Any]] = {}
    for r in (Report.objects.filter(story_id__in=story_ids).order_by("id")
              .values("id", "outlet", "title", "url", "published", "text", "flags", "story_id")):
        reports.setdefault(r["story_id"], []).append(r)
    comments: dict[int, list[dict[str, Any]]] = {}
    for c in (Comment.objects.filter(item_id__in=ids).order_by("when", "id")
              .values("item_id", "text", "when", "user__username")):
        comments.setdefault(c["item_id"], []).append(
            {"user": c["user__username"] or "", "when": c["when"], "text": c["text"]})
    urls = {"save": _urls("item_save", 2), "report": _urls("report", 1), "split": _urls("report_split", 2)}
    views = [_item_view(row, parts.get(row["id"], []), reports, comments.get(row["id"], []), tz, urls) for row in rows]
    item_facts.check(views, tz, shared=shared)
    return views


def _memory_view(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    """已见于第N期 with a link to each earlier item, and what is new when the story is a follow-up (续)."""
    if entry is None:
        return None
    seen = [{"number": s["issue"], "state": Issue.State(s["state"]).label if s["state"] in Issue.State.values
             else s["state"], "url": reverse("issue", args=[s["issue_id"]]) + f"#item-{s['item']}"}
            for s in entry["seen_in"]]
    return {"seen": seen, "follow_up": bool(entry.get("follow_up")), "stage": entry.get("stage", ""),
            "stage_before": entry.get("stage_before", ""), "figures": list(entry.get("figures") or []),
            "new": list(entry.get("new") or [])}


def _item_view(row: Any, parts: list[Any], reports: dict[int, list[Any]],
               comments: list[dict[str, Any]], tz: str, urls: dict[str, Any]) -> ItemView:
    pk, issue = row["id"], row["issue_id"]
    v = ItemView(pk=pk, issue=issue, title=row["title"], paragraphs=list(row["paragraphs"]),
                 section=row["section"], order=row["order"], version=row["version"], highlight=row["highlight"],
                 base=urls["save"](issue, pk).rsplit("/", 1)[0], comments=comments, pending=row["pending"])
    texts: list[str] = []
    dates: list[datetime | None] = []
    for part in parts:
        v.parts.append({"pk": part["id"], "title": part["title"]})
        v.memory = v.memory or _memory_view(memory.seen_for(part["story__memory"], row["issue__number"]))
        sid = part["story_id"]
        if sid is None:
            continue
        reps = sorted(reports.get(sid, []), key=lambda r: (r["published"] is None, r["published"], r["id"]))
        for r in reps:
            v.reports.append({"id": r["id"], "outlet": r["outlet"] or "（未知来源）", "title": r["title"],
                              "url": r["url"], "link": r["url"].startswith(("http://", "https://")),
                              "published": r["published"], "story": sid, "splittable": len(reps) > 1,
                              "flags": list(r["flags"] or []), "archive_url": urls["report"](r["id"]),
                              "split_url": urls["split"](issue, r["id"])})
            texts.extend((r["title"], r["text"]))
            dates.append(r["published"])
        reasons = part["story__reasons"] or {}
        scores = reasons.get("scores") or {}
        top = sorted(scores.items(), key=lambda kv: -float(kv[1] or 0))[:3] if isinstance(scores, dict) else []
        v.reasons.append({"story": sid, "section": part["story__section"], "score": part["story__score"],
                          "method": reasons.get("method", ""), "keywords": list(reasons.get("keywords") or []),
                          "scores": top, "extra": {k: val for k, val in reasons.items()
                                                   if k not in ("method", "keywords", "scores")}})
    v.checked = proofread.ItemText(pk=pk, title=v.title, paragraphs=tuple(v.paragraphs), sources=tuple(texts),
                                   published=tuple(dates))
    return v  # its fact check: item_facts.check, for the page's items at once


def _page(issue: Issue, editable: bool, user: Any = None) -> dict[str, Any]:
    """What the cached pieces (items, candidates) show of the issue and of the visitor."""
    return {"issue": issue.pk, "version": issue.version, "state": issue.state, "editable": editable,
            "text_editable": editable or (user is not None and edit.text_editable(issue, user)),
            "sections": edit.section_names(issue), "comment_url": reverse("comment_add", args=[issue.pk])}


def _sections(request: HttpRequest, views: list[ItemView], page: dict[str, Any]) -> list[dict[str, Any]]:
    names = page["sections"]
    groups = _section_groups(views, names)
    pieces = _item_pieces([v for _name, mine in groups for v in mine], page)
    return [{"name": name, "items": [{"pk": v.pk, "html": fragments.with_token(request, pieces[v.pk])} for v in mine],
             "known": name in names} for name, mine in groups]


def _section_groups(views: list[ItemView], names: list[str]) -> list[tuple[str, list[ItemView]]]:
    """The items by section in print order (unknown sections last), each told its section's other items."""
    extra = sorted({v.section for v in views} - set(names))
    groups = []
    for name in [*names, *extra]:
        mine = [v for v in views if v.section == name]  # already in (order, id) order
        shorts = [(v.pk, v.short) for v in mine]
        for v in mine:
            v.siblings = [s for s in shorts if s[0] != v.pk]
        groups.append((name, mine))
    return groups


def _item_pieces(shown: list[ItemView], page: dict[str, Any], *, shared: bool = False) -> dict[int, str]:
    """Every item's piece at once: those no process of the desk has rendered yet are rendered (and stored), the
    rest read (`shared`: fragments.render_pieces)."""
    variant = f"{int(page['editable'])}{int(page['text_editable'])}"
    return dict(zip((v.pk for v in shown), fragments.render_pieces(
        "desk/_item.html", [({"v": v, "page": page}, f"item:{v.pk}:{variant}") for v in shown], shared=shared),
        strict=True))


CANDIDATE_PARAMS = ("q", "section", "outlet", "day", "min_score", "scope", "offset", "candidates")


def _candidate_filter(issue: Issue, params: Any, *, with_outlets: bool = True) -> CandidateFilter:
    outlets = desk.outlets(issue) if with_outlets or (params and params.get("outlet")) else []
    return CandidateFilter(params or None, sections=edit.section_names(issue), outlets=outlets)


def _candidates(request: HttpRequest, issue: Issue, params: Any, page: dict[str, Any], *,
                with_outlets: bool = True) -> dict[str, Any]:
    form = _candidate_filter(issue, params, with_outlets=with_outlets)
    query = CandidateQuery()
    if form.is_valid():
        c = form.cleaned_data
        query = CandidateQuery(q=c.get("q") or "", section=c.get("section") or "", outlet=c.get("outlet") or "",
                               day=c.get("day"), min_score=c.get("min_score"), scope=c.get("scope") or "")
    offset = max(int_or(params.get("offset") if params else 0, 0) or 0, 0)
    # One row past the page tells whether there is a next page, without counting the whole window.
    page_rows = list(desk.candidate_stories(issue, query)
                     .values("id", "title", "draft_title", "section", "score", "on_beat", "excluded", "first_published",
                             "memory")
                     [offset : offset + CANDIDATES_PAGE + 1])
    has_more = len(page_rows) > CANDIDATES_PAGE
    page_rows = page_rows[:CANDIDATES_PAGE]
    outlets: dict[int, list[str]] = {}
    for sid, outlet in Report.objects.filter(story_id__in=[s["id"] for s in page_rows]).values_list("story_id", "outlet"):
        outlets.setdefault(sid, []).append(outlet)
    shown = []
    add_url = _urls("candidate_add", 2)
    for s in page_rows:
        reps = outlets.get(s["id"], [])
        outs = sorted({o for o in reps if o})
        c = {"pk": s["id"], "add_url": add_url(issue.pk, s["id"]), "title": s["draft_title"] or s["title"], "section": s["section"], "score": s["score"],
             "first_published": s["first_published"], "why": desk.why_not_in(s), "off": not s["on_beat"] or bool(s["excluded"]),
             "outlets": outs[:4], "more_outlets": max(len(outs) - 4, 0), "n_reports": len(reps),
             "memory": _memory_view(memory.seen_for(s["memory"], issue.number))}
        shown.append(c)
    # Kept in the process only (no name): a candidate renders in well under a millisecond, and every search shows
    # others — storing them would put a database write in most searches.
    pieces = fragments.render_pieces("desk/_candidate.html", [({"c": c, "page": page}, "") for c in shown])
    rows = [{"pk": c["pk"], "html": fragments.with_token(request, html)} for c, html in zip(shown, pieces, strict=True)]
    more_query = params.copy() if params else None
    more = None
    if has_more and more_query is not None:
        more_query["offset"] = str(offset + CANDIDATES_PAGE)
        more = more_query.urlencode()
    elif has_more:
        more = f"offset={offset + CANDIDATES_PAGE}"
    return {"filter": form, "candidates": rows, "more": more, "offset": offset, "shown": len(rows)}


def _context(request: HttpRequest, issue: Issue) -> dict[str, Any]:
    views = _item_views(issue.profile.timezone, issue=issue)
    editable = issue.state == Issue.State.DRAFT and roles.can_edit(request.user)
    page = _page(issue, editable, request.user)
    names = page["sections"]
    sign = IssueSignoff.objects.filter(issue=issue).select_related("submitted_by", "approved_by", "published_by").first()
    order = print_order(views, names)
    highlights = sorted((v for v in views if v.highlight), key=lambda v: v.highlight or 0)
    highlights.sort(key=lambda v: order.get(v.pk, 0))
    ctx = {
        "issue": issue, "profile": issue.profile, "sections": _sections(request, views, page),
        "editable": editable, "text_editable": page["text_editable"], "section_names": names, "highlights": highlights,
        "signoff": sign, "transitions": desk.available(issue, request.user),
        "issue_comments": Comment.objects.filter(issue=issue, item__isnull=True).select_related("user"),
        "formats": publish.formats(), "footer": _footer(issue),
        "self_approval_blocked": desk.self_approval_blocked(issue, request.user),
        # Only a draft that was submitted before can have been sent back: a fresh draft costs no query.
        "sent_back": desk.sent_back([issue]).get(issue.pk) if sign and sign.submitted_at and
        issue.state == Issue.State.DRAFT else None,
        "waiting": desk.waiting_on([issue], names=False)[issue.pk],
        "can_undo_rebuild": editable and issue.snapshots.filter(kind=IssueSnapshot.Kind.REBUILD).exists(),
        "undo": history.step_row(steps[0]) if editable and (steps := edit.undoable(issue, limit=1)) else None,
    }
    if issue.state in (Issue.State.DRAFT, Issue.State.IN_REVIEW):  # 校对 before 提交 and 批准
        ctx["proofread"] = proofread_panel(issue, views, order, editable)
    # Publishing concerns an issue until it is published, sending only after.
    step = "send" if issue.state == Issue.State.PUBLISHED else "publish"
    ctx["jobs"] = jobs.shown(request, (step, {"issue_id": issue.pk}))
    ctx["publish_busy"] = any(j.active and j.kind == "publish" for j in ctx["jobs"])
    if issue.state == Issue.State.PUBLISHED:
        ctx["ledger"] = send.ledger_view(issue)
        ctx["can_send"] = roles.can_review(request.user)
        ctx["send_busy"] = any(j.active and j.kind == "send" for j in ctx["jobs"])
    if editable:
        ctx.update({"url_form": _widgets(ReportUrlForm()), "text_form": _widgets(ReportTextForm())})
        # The candidates load after the page (htmx), unless the request asks for them: a filter or page of them
        # submitted without JavaScript, or the <noscript> link.
        if any(k in request.GET for k in CANDIDATE_PARAMS):
            ctx.update(_candidates(request, issue, request.GET, page), candidates_inline=True)
        else:
            outlets = desk.outlets(issue)
            ctx["filter"] = _widgets(CandidateFilter(sections=names, outlets=outlets), names, outlets)
    return ctx


def print_order(views: list[ItemView], names: list[str]) -> dict[int, int]:
    """Each item's place in print: its section's place (unknown sections last), then its order and id."""
    rank = {name: n for n, name in enumerate(names)}
    return {v.pk: n for n, v in enumerate(sorted(views, key=lambda v: (rank.get(v.section, 99), v.order, v.pk)))}


def proofread_panel(issue: Issue, views: list[ItemView], order: dict[int, int], editable: bool) -> dict[str, Any]:
    """The 校对 panel of the items in print order (the build primes it: web/prime.py)."""
    return proofread_views.panel(issue, sorted(views, key=lambda v: order.get(v.pk, 0)), editable,
                                 item_facts.unsupported)


def _footer(issue: Issue) -> dict[str, Any]:
    """The footer as the page prints it: the note without its 注： label (the template adds it, as renderers do)."""
    footer = dict(issue.footer or issue.profile.config.get("footer", {}))
    footer["note"] = desk.bare_note(str(footer.get("note") or ""))
    return footer


# Unbound forms render the same for the same choices: their widgets are rendered once per process.
WIDGETS: fragments.LRU[dict[str, SafeString]] = fragments.LRU(2_000)


def _widgets(form: Any, *choices: Any) -> dict[str, SafeString]:
    """The widgets of an unbound form by field name, as the template's {{ form.field }} would render them."""
    assert not form.is_bound
    key = fragments.digest(type(form).__qualname__, form.prefix, choices)
    return WIDGETS.get_or_make(key, lambda: {name: mark_safe(str(form[name])) for name in form.fields})


@desk_view(VIEW)
def issue_page(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    desk.ensure_draft_snapshot(issue)
    return render(request, "desk/issue.html", _context(request, issue))


@desk_view(VIEW)
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate list (htmx): loaded after the issue page, and again for each filter or page."""
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    if not is_htmx(request):
        return redirect(reverse("issue", args=[pk]) + "?" + (request.GET.urlencode() or "candidates=show")
                        + "#candidates")
    editable = issue.state == Issue.State.DRAFT and roles.can_edit(request.user)
    ctx = {"issue": issue, **_candidates(request, issue, request.GET, _page(issue, editable), with_outlets=False)}
    return render(request, "desk/_candidates.html", ctx)


# -- changes ----------------------------------------------------------------------------------------

def _back(issue_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("issue", args=[issue_id]) + (f"#{anchor}" if anchor else ""))


def _issue_version(request: HttpRequest) -> int:
    v = int_or(request.POST.get("issue_version"))
    if v is None:
        raise DeskError("缺少版本号：请刷新页面后重试。")
    return v


@desk_view(VIEW, methods=("POST",))  # an editor in a draft, a reviewer fixing a typo in review (checked by the use case)
def item_save(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    edit.may_write_text(issue, request.user)  # the role first (checked again under the lock)
    version = int_or(request.POST.get("version"))
    if version is None:
        raise DeskError("缺少版本号：请刷新页面后重试。")
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    try:
        saved = edit.save_text(pk, item, request.user, version=version, title=title, body=body)
    except Conflict as exc:
        cur = exc.current
        last = AuditEntry.objects.filter(item=cur, action="edit").select_related("user").first() if cur else None
        ctx = {"item": cur, "message": str(exc), "last": last}
        if is_htmx(request):
            return render(request, "desk/_save_conflict.html", ctx, status=409)
        return desk_error(request, exc, back=reverse("issue", args=[pk]) + f"#item-{item}")
    except DeskError as exc:
        if is_htmx(request) or wants_json(request) or exc.status == 403:
            raise  # the status line beside the item says it; the editor's text stays in the form
        # Without JavaScript a redirect would lose what the editor typed: answer with it, to mend and save again.
        return render(request, "desk/item_retry.html", {
            "message": str(exc), "title": title, "body": body, "version": version,
            "action": reverse("item_save", args=[pk, item]), "back": reverse("issue", args=[pk]) + f"#item-{item}",
        }, status=exc.status)
    if not is_htmx(request):
        messages.success(request, "已保存。")
        return _back(pk, f"item-{item}")
    view = _item_views(issue.profile.timezone, pk=saved.pk)[0]
    return render(request, "desk/_save_ok.html", {"v": view, "now": timezone.now()})


@desk_view(EDIT, methods=("POST",))
def item_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    moved = edit.move(pk, item, request.user, issue_version=_issue_version(request),
                       section=request.POST.get("section", ""))
    messages.success(request, f"已移至“{moved.section}”。")
    return _back(pk, f"item-{item}")


@desk_view(EDIT, methods=("POST",))
def item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    edit.remove(pk, item, request.user, issue_version=_issue_version(request))
    messages.success(request, "已移出本期（该事件回到候选列表，可点“撤销”撤回）。")
    return _back(pk)


@desk_view(EDIT, methods=("POST",))
def item_keep(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """保留 a 待定 item: the mark goes, the item stays (删除 is item_remove, undoable the same way)."""
    edit.keep_pending(pk, item, request.user, issue_version=_issue_version(request))
    messages.success(request, "已保留（不再是待定条目，可点“撤销”撤回）。")
    return _back(pk, f"item-{item}")


@desk_view(EDIT, methods=("POST",))
def item_merge(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    other = int_or(request.POST.get("other"))
    if other is None:
        raise DeskError("请选择要合并的条目。")
    version = _issue_version(request)
    if request.POST.get("confirmed") != "1":
        # A merge asks first: the page's script asks in a dialog and sends confirmed=1; without it, this page asks.
        if wants_json(request) or is_htmx(request):
            raise DeskError("合并需要确认：请在请求中加上 confirmed=1。")
        issue = get_object_or_404(Issue, pk=pk)
        into, taken = (Item.objects.filter(pk=x, issue=issue).first() for x in (item, other))
        if into is None or taken is None:
            raise DeskError("该条目已被他人删除或合并，请刷新页面。")
        return render(request, "desk/merge_confirm.html", {"issue": issue, "into": into, "taken": taken,
                                                           "version": version})
    edit.merge(pk, item, other, request.user, issue_version=version)
    messages.success(request, "已合并为一条（可点“撤销”撤回）。")
    return _back(pk, f"item-{item}")


@desk_view(EDIT, methods=("POST",))
def item_split(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    part = int_or(request.POST.get("part"))
    if part is None:
        raise DeskError("请选择要拆出的事件。")
    new = edit.split(pk, item, part, request.user, issue_version=_issue_version(request))
    messages.success(request, "已拆为单独一条。")
    return _back(pk, f"item-{new.pk}")


@desk_view(EDIT, methods=("POST",))
def item_highlight(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    it = edit.toggle_highlight(pk, item, request.user, issue_version=_issue_version(request))
    messages.success(request, "已加入摘要。" if it.highlight else "已从摘要中取消。")
    return _back(pk, f"item-{item}")


@desk_view(EDIT, methods=("POST",))
def issue_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop: the whole layout, as section=<name>&ids=<id,id,…> pairs in page order."""
    sections = request.POST.getlist("section")
    id_lists = request.POST.getlist("ids")
    if len(sections) != len(id_lists):
        raise DeskError("排序数据不完整。")
    try:
        layout = [(s, [int(x) for x in ids.split(",") if x.strip()]) for s, ids in zip(sections, id_lists, strict=True)]
    except ValueError:
        raise DeskError("排序数据有误。") from None
    edit.reorder(pk, request.user, issue_version=_issue_version(request), layout=layout)
    version = Issue.objects.values_list("version", flat=True).get(pk=pk)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": True, "version": version})
    messages.success(request, "顺序已保存。")
    return _back(pk)


@desk_view(EDIT, methods=("POST",))
def candidate_add(request: HttpRequest, pk: int, story: int) -> HttpResponse:
    item = edit.add_story(pk, story, request.user, issue_version=_issue_version(request),
                           section=request.POST.get("section", ""))
    messages.success(request, f"已加入“{item.section}”：{item.title}")
    return _back(pk, f"item-{item.pk}")


@desk_view(EDIT, methods=("POST",))
def report_add_url(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    if issue.state != Issue.State.DRAFT:
        raise DeskError("本期已不是草稿，不能再添加报道。")
    form = ReportUrlForm(request.POST)
    if not form.is_valid():
        raise DeskError("请输入正确的网址。")
    version = _issue_version(request)
    settings = home_settings()
    report = intake.fetch_report(settings, form.cleaned_data["url"])
    story = intake.add_report(settings, pk, report, request.user, issue_version=version, into_issue=form.cleaned_data["into_issue"])
    return _added(request, pk, report.title, story)


@desk_view(EDIT, methods=("POST",))
def report_add_text(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    if issue.state != Issue.State.DRAFT:
        raise DeskError("本期已不是草稿，不能再添加报道。")
    form = ReportTextForm(request.POST)
    try:
        problems = intake.pasted_problems(request.POST.get("title", ""), request.POST.get("text", ""))
        if not form.is_valid() or problems:
            raise DeskError("".join(problems) + "".join(f"{form.fields[k].label}：{' '.join(str(e) for e in v)}。"
                                                        for k, v in form.errors.items() if k in form.fields))
        version = _issue_version(request)
        c = form.cleaned_data
        report = intake.text_report(title=c["title"], text=c["text"], outlet=c.get("outlet") or "",
                                    url=c.get("url") or "", published=c.get("published"))
        story = intake.add_report(home_settings(), pk, report, request.user, issue_version=version,
                                  into_issue=c["into_issue"])
    except DeskError as exc:
        if is_htmx(request) or wants_json(request) or exc.status == 403:
            raise
        # A redirect would drop what the editor pasted: answer with it in the form, to mend and send again.
        return render(request, "desk/report_retry.html", {
            "message": str(exc), "form": form, "issue": issue, "version": request.POST.get("issue_version", ""),
            "action": reverse("report_add_text", args=[pk]), "back": reverse("issue", args=[pk]) + "#add-report",
        }, status=exc.status)
    return _added(request, pk, report.title, story)


def _added(request: HttpRequest, pk: int, title: str, story: Any) -> HttpResponse:
    """Back to the issue, scrolled to what was added: its item, or its story among the candidates (the list
    filtered by the report's title, so that the story is shown whatever its rank)."""
    part = story.parts.filter(item__issue_id=pk).first()
    if part is not None:
        messages.success(request, f"已添加报道《{title}》并加入本期。")
        return _back(pk, f"item-{part.item_id}")
    elsewhere = story.parts.select_related("item__issue").first()
    if elsewhere is not None:  # the same report was added before and went into another issue
        messages.warning(request, f"报道《{title}》已收入第{elsewhere.item.issue.number}期，未再加入本期。")
        return _back(pk)
    messages.success(request, f"已添加报道《{title}》，见候选列表。")
    query = urlencode({"q": " ".join(title.split())[:100]})
    return redirect(reverse("issue", args=[pk]) + f"?{query}#story-{story.pk}")


@desk_view(EDIT, methods=("POST",))
def report_split(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    story = intake.split_report(home_settings(), pk, report, request.user, issue_version=_issue_version(request))
    messages.success(request, f"已把该报道拆为单独的事件“{story.title}”，见候选列表。")
    return _back(pk, "candidates")


@desk_view(VIEW, methods=("POST",))
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    item_id = int_or(request.POST.get("item"))
    edit.add_comment(issue, request.user, request.POST.get("text", ""), item_id)
    messages.success(request, "评论已发表。")
    return _back(pk, f"item-{item_id}" if item_id else "comments")


@desk_view(VIEW, methods=("POST",))
def issue_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    get_object_or_404(Issue, pk=pk)
    if action == "publish":  # rendering every format is a job; role, state and version are checked now
        run = app_jobs.request_publish(home_settings(), pk, request.user, version=_issue_version(request))
        return jobs.after_submit(request, jobs.submit(run), waiting=reverse("issue", args=[pk]))
    result = publish.transition(home_settings(), pk, action, request.user, version=_issue_version(request),
                                reason=request.POST.get("reason", ""))
    t = desk.TRANSITIONS[action]
    note = ""
    if action == "publish":
        failed = [f for f in result.get("files", []) if "error" in f]
        if failed:
            note = "；未生成：" + "、".join(f"{f['format']}（{f['error']}）" for f in failed)
    messages.success(request, f"已{t.label}。{note}")
    return _back(pk)


@desk_view(REVIEW, methods=("POST",))
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    """发送: queue a job that mails the published issue to everyone in the address book not sent it yet."""
    get_object_or_404(Issue, pk=pk)
    try:
        run = app_jobs.request_send(home_settings(), pk, request.user)
    except send.SendRefused as exc:
        messages.error(request, str(exc))
        return _back(pk)
    return jobs.after_submit(request, jobs.submit(run), waiting=reverse("issue", args=[pk]))


# -- reading ------------------------------------------------------------------------------------------

@desk_view(VIEW)
def issue_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    if fmt not in publish.formats():
        raise Http404("没有这种格式")
    try:
        rendered = publish.rendered(home_settings(), issue, fmt)
    except publish.Unavailable as exc:
        raise DeskError(f"无法导出 {fmt}：{exc}") from None
    resp = HttpResponse(rendered.data, content_type=rendered.media_type)
    resp["Content-Disposition"] = file_names.content_disposition(
        file_names.file_name(issue, fmt, rendered.extension, draft_note=issue.state != Issue.State.PUBLISHED),
        file_names.ascii_name(issue, fmt, rendered.extension))
    return resp


@desk_view(VIEW)
def issue_file(request: HttpRequest, pk: int, name: str) -> HttpResponseBase:
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    sign = IssueSignoff.objects.filter(issue=issue).first()
    listed = {f["file"]: f for f in (sign.published_files if sign else []) if "file" in f}
    if name not in listed:
        raise Http404("没有这个文件")
    path = publish.published_dir(home_path(), issue) / name
    if not path.is_file():
        raise Http404("文件已不在发布目录中")
    ext = name.rsplit(".", 1)[-1]
    fmt = listed[name]["format"]
    resp = FileResponse(path.open("rb"), content_type=listed[name].get("media_type") or "application/octet-stream")
    resp["Content-Disposition"] = file_names.content_disposition(file_names.file_name(issue, fmt, ext),
                                                            file_names.ascii_name(issue, fmt, ext))
    return resp


ALLOWED_REPORT_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}


@desk_view(VIEW)
def report_detail(request: HttpRequest, report: int) -> HttpResponse:
    r = get_object_or_404(Report.objects.select_related("source", "story"), pk=report)
    # Report HTML is sanitized when stored and again here: it is the only outside markup the desk shows.
    html = mark_safe(nh3.clean(r.html, tags=ALLOWED_REPORT_TAGS)) if r.html else ""
    paragraphs = [p for p in r.text.splitlines() if p.strip()]
    return render(request, "desk/report.html", {"r": r, "html": html, "paragraphs": paragraphs,
                                                "link": r.url.startswith(("http://", "https://"))})

