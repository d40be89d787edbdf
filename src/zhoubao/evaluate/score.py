"""Score an exported issue (JSON) against a labelled corpus: stories, leaks, sections, highlights, drafts, groups."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from zhoubao.evaluate.corpus import Corpus, url_key


def lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings (characters)."""
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _chars(s: str) -> str:
    return re.sub(r"\s+", "", s)


def rouge_l(candidate: str, reference: str) -> float:
    """Character ROUGE-L F1 (whitespace ignored)."""
    c, r = _chars(candidate), _chars(reference)
    if not c or not r:
        return 0.0
    n = lcs(c, r)
    if n == 0:
        return 0.0
    p, rec = n / len(c), n / len(r)
    return 2 * p * rec / (p + rec)


@dataclass
class Scores:
    corpus: str
    expected_stories: int
    issue_stories: int
    story_recall: float
    story_precision: float
    split_stories: int
    false_merges: int
    offbeat_leaks: int
    out_of_window_leaks: int
    duplicates_merged: float
    section_accuracy: float
    highlight_overlap: float
    highlight_precision: float
    title_rouge_l: float
    paragraph_rouge_l: float
    grouped_items: int
    group_recall: float
    group_precision: float
    unmatched_reports: int
    # What editors would have to do to the draft: drop items whose story is off the beat, out of the window or
    # unlabelled (editor_drop: items the build was sure of; editor_drop_pending: 待定 ones), keep the 待定 items of
    # stories they want (editor_keep_pending), and add the labelled stories that are not in it at all (editor_add).
    # The metrics above are of the items the build was sure of; 待定 items count only here.
    pending_items: int = 0
    editor_drop: int = 0
    editor_drop_pending: int = 0
    editor_keep_pending: int = 0
    editor_add: int = 0
    # 待定 items whose story the issue already carries (a report of it split off): dropped or merged by the editor.
    editor_duplicate_pending: int = 0
    story_recall_with_pending: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _issue_stories(issue: dict[str, Any]) -> list[dict[str, Any]]:
    """Every story of the issue with its section, item index, title, paragraphs, report URLs and highlight flag."""
    highlights = set(issue.get("highlights", []))
    out = []
    n = 0
    for sec in issue.get("sections", []):
        for item in sec.get("items", []):
            for story in item.get("stories", []):
                out.append({"section": sec["name"], "item": n, "item_title": item["title"],
                            "grouped": len(item.get("stories", [])) > 1, "title": story.get("title", ""),
                            "paragraphs": story.get("paragraphs", []),
                            "urls": [r["url"] for r in story.get("reports", [])],
                            "highlight": item["title"] in highlights, "pending": str(item.get("pending") or "")})
            n += 1
    return out


def _labels(corpus: Corpus, stories: list[dict[str, Any]]) -> tuple[list[Counter[str]], int]:
    """Each issue story's labelled stories (by its reports' URLs), and how many of its reports the corpus lacks."""
    unmatched = 0
    labels_of: list[Counter[str]] = []
    for s in stories:
        c: Counter[str] = Counter()
        for u in s["urls"]:
            rid = corpus.by_url.get(url_key(u))
            if rid is None:
                unmatched += 1
                continue
            c[corpus.story_of(rid)] += 1
        labels_of.append(c)
    return labels_of, unmatched


def score_issue(corpus: Corpus, issue: dict[str, Any]) -> Scores:
    expected = corpus.expected()
    every = _issue_stories(issue)
    stories = [s for s in every if not s["pending"]]
    waiting = [s for s in every if s["pending"]]
    labels_of, unmatched = _labels(corpus, stories)
    waiting_labels, unmatched_waiting = _labels(corpus, waiting)
    unmatched += unmatched_waiting
    false_merges = sum(1 for c in labels_of if len(c) > 1)
    majority = [c.most_common(1)[0][0] if c else "" for c in labels_of]
    offbeat = sum(1 for m in majority if m and corpus.stories[m].get("offbeat"))
    oow = sum(1 for m in majority if m and corpus.stories[m].get("out_of_window"))
    # Split: a labelled story whose reports are spread over several issue stories.
    holders: dict[str, set[int]] = {}
    for i, c in enumerate(labels_of):
        for lab in c:
            holders.setdefault(lab, set()).add(i)
    split = sum(1 for lab, h in holders.items() if len(h) > 1)
    covered = {m for m in majority if m in expected}
    recall = len(covered) / len(expected) if expected else 1.0
    # Precision: issue stories that are the one (first) issue story of an expected labelled story, without mixing.
    seen: set[str] = set()
    good = 0
    for c, m in zip(labels_of, majority, strict=True):
        if m in expected and len(c) == 1 and m not in seen:
            good += 1
            seen.add(m)
    precision = good / len(stories) if stories else 0.0
    # Duplicates merged: pairs of reports of one labelled story (both in the issue) that share an issue story.
    placed: dict[str, int] = {}
    for i, s in enumerate(stories):
        for u in s["urls"]:
            rid = corpus.by_url.get(url_key(u))
            if rid is not None:
                placed[rid] = i
    pairs = together = 0
    by_story: dict[str, list[str]] = {}
    for rid in placed:
        by_story.setdefault(corpus.story_of(rid), []).append(rid)
    for lab, rids in by_story.items():
        if lab not in expected:
            continue
        for a, b in combinations(rids, 2):
            pairs += 1
            together += placed[a] == placed[b]
    dup = together / pairs if pairs else 1.0
    # Per matched expected story: section, title and paragraph against the reference.
    first_of: dict[str, int] = {}
    for i, m in enumerate(majority):
        if m in expected and m not in first_of:
            first_of[m] = i
    sec_ok = 0
    t_scores, p_scores = [], []
    wrong_sections = []
    for lab, i in first_of.items():
        ref = expected[lab]
        s = stories[i]
        if s["section"] == ref.get("section"):
            sec_ok += 1
        else:
            wrong_sections.append(f"{lab} {ref.get('section')}→{s['section']} {ref.get('title', '')[:24]}")
        t_scores.append(rouge_l(s["title"], ref.get("title", "")))
        p_scores.append(rouge_l("".join(s["paragraphs"]), "".join(ref.get("paragraphs", []))))
    section_acc = sec_ok / len(first_of) if first_of else 0.0
    # Highlights: labelled highlight stories whose item is a highlight.
    want = {k for k, s in expected.items() if s.get("highlight")}
    got = {majority[i] for i, s in enumerate(stories) if s["highlight"] and majority[i]}
    hl_overlap = len(want & got) / len(want) if want else 1.0
    hl_precision = len(want & got) / len(got) if got else (1.0 if not want else 0.0)
    # Grouping: pairs of labelled stories with one group (in the issue) that share an item, and the converse.
    item_of = {lab: stories[i]["item"] for lab, i in first_of.items()}
    group_of = {lab: expected[lab].get("group", "") for lab in first_of}
    want_pairs = {(a, b) for a, b in combinations(sorted(first_of), 2)
                  if group_of[a] and group_of[a] == group_of[b]
                  and expected[a].get("section") == expected[b].get("section")}
    got_pairs = {(a, b) for a, b in combinations(sorted(first_of), 2) if item_of[a] == item_of[b]}
    g_recall = len(want_pairs & got_pairs) / len(want_pairs) if want_pairs else 1.0
    g_precision = len(want_pairs & got_pairs) / len(got_pairs) if got_pairs else (1.0 if not want_pairs else 0.0)
    grouped = len({s["item"] for s in stories if s["grouped"]})
    missing = sorted(set(expected) - covered)
    waiting_major = [c.most_common(1)[0][0] if c else "" for c in waiting_labels]
    keep = {m for m in waiting_major if m in expected} - covered
    drop_waiting = sum(1 for m in waiting_major if m not in expected)
    verdicts: list[str] = []  # per 待定 item: keep (its story's first), drop, or dup (its story is there already)
    kept_once: set[str] = set()
    for m in waiting_major:
        verdicts.append("drop" if m not in expected else "dup" if m not in keep or m in kept_once else "keep")
        kept_once.add(m)
    drop_sure = sum(1 for m in majority if m not in expected)
    return Scores(
        corpus=corpus.name, expected_stories=len(expected), issue_stories=len(stories),
        story_recall=round(recall, 4), story_precision=round(precision, 4), split_stories=split,
        false_merges=false_merges, offbeat_leaks=offbeat, out_of_window_leaks=oow,
        duplicates_merged=round(dup, 4), section_accuracy=round(section_acc, 4),
        highlight_overlap=round(hl_overlap, 4), highlight_precision=round(hl_precision, 4),
        title_rouge_l=round(sum(t_scores) / len(t_scores), 4) if t_scores else 0.0,
        paragraph_rouge_l=round(sum(p_scores) / len(p_scores), 4) if p_scores else 0.0,
        grouped_items=grouped, group_recall=round(g_recall, 4), group_precision=round(g_precision, 4),
        unmatched_reports=unmatched,
        pending_items=len(waiting), editor_drop=drop_sure, editor_drop_pending=drop_waiting,
        editor_keep_pending=len(keep), editor_add=len(set(expected) - covered - keep),
        editor_duplicate_pending=verdicts.count("dup"),
        story_recall_with_pending=round(len(covered | keep) / len(expected), 4) if expected else 1.0,
        details={"missing": [f"{k} {expected[k].get('section')} {expected[k].get('title', '')[:30]}" for k in missing],
                 "wrong_sections": wrong_sections,
                 "false_merges": [sorted(c) for c in labels_of if len(c) > 1],
                 "split": sorted(lab for lab, h in holders.items() if len(h) > 1),
                 "pending": [f"{m or '?'} {v} {s['title'][:24]} | {s['pending']}"
                             for s, m, v in zip(waiting, waiting_major, verdicts, strict=True)],
                 "leaks": sorted({m for m in majority if m and (corpus.stories[m].get("offbeat")
                                                                or corpus.stories[m].get("out_of_window"))})},
    )


LABELS = {
    "story_recall": "事件召回率", "story_precision": "事件准确率", "split_stories": "被拆开的事件",
    "false_merges": "误合并", "offbeat_leaks": "领域外混入", "out_of_window_leaks": "窗口外混入",
    "duplicates_merged": "重复报道合并率", "section_accuracy": "栏目准确率", "highlight_overlap": "摘要重合率",
    "highlight_precision": "摘要准确率", "title_rouge_l": "标题 ROUGE-L", "paragraph_rouge_l": "正文 ROUGE-L",
    "grouped_items": "合并条目数", "group_recall": "分组召回率", "group_precision": "分组准确率",
    "expected_stories": "应收事件", "issue_stories": "本期事件", "unmatched_reports": "无法对应的报道",
    "pending_items": "待定条目", "editor_drop": "编辑需删（确定条目）", "editor_drop_pending": "编辑需删（待定条目）",
    "editor_keep_pending": "编辑需保留（待定条目）", "editor_add": "编辑需补", "editor_duplicate_pending": "编辑需删（待定条目，重复已收事件）", "story_recall_with_pending": "事件召回率（含待定）",
}
