"""Pinned floors: each labelled week built straight from the archive, exported as JSON, and scored.

The section classifier of each run is learned from the *other* weeks only, so the floors measure what a
held-out week gets. A floor only moves up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from zhoubao.app.evaluate import evaluate, learn_home_model
from zhoubao.conf.settings import CONFIG_NAME, Settings, load
from zhoubao.evaluate.corpus import load_corpus

pytestmark = pytest.mark.django_db

CORPORA = {"dev-a": ROOT / "corpus" / "dev-a", "dev-b": ROOT / "corpus" / "dev-b",
           "demo": ROOT / "src" / "zhoubao" / "demo" / "week", "dev-c": ROOT / "corpus" / "dev-c",
           "dev-d": ROOT / "corpus" / "dev-d"}

# metric: (floor for dev-a, dev-b, demo, dev-c, dev-d); counts are ceilings (at most). dev-c and dev-d were
# written apart from the code; their first scores, before any tuning on them, are in the closing notes.
FLOORS = {
    "story_recall": (0.99, 0.99, 0.99, 0.99, 0.97),
    "story_precision": (0.99, 0.99, 0.99, 0.99, 0.95),
    "duplicates_merged": (0.99, 0.99, 0.99, 0.99, 0.99),
    "section_accuracy": (0.97, 0.97, 0.96, 0.97, 0.92),
    "highlight_overlap": (0.99, 0.99, 0.99, 0.99, 0.83),
    # Raised 2026-12-07 once statistics are titled by who released them and their figure (not the document's name).
    "title_rouge_l": (0.72, 0.69, 0.65, 0.64, 0.72),
    "paragraph_rouge_l": (0.79, 0.78, 0.82, 0.71, 0.74),
    "group_recall": (0.99, 0.79, 0.99, 0.83, 0.71),
    "group_precision": (0.99, 0.99, 0.99, 0.99, 0.99),
}
CEILINGS = {
    "false_merges": (0, 0, 0, 0, 2),
    "split_stories": (0, 0, 0, 0, 0),
    "offbeat_leaks": (0, 0, 0, 0, 1),
    "out_of_window_leaks": (0, 0, 0, 0, 0),
}


def _assert_within(name: str, got: Any, floors: dict[str, float], ceilings: dict[str, int]) -> None:
    """Every score at or above its floor, every count at or under its ceiling, every report matched."""
    low = {k: getattr(got, k) for k, v in floors.items() if getattr(got, k) < v}
    high = {k: getattr(got, k) for k, v in ceilings.items() if getattr(got, k) > v}
    assert not low and not high, f"{name}: below floor {low}, above ceiling {high}; details {got.details}"
    assert got.unmatched_reports == 0


@pytest.mark.parametrize("name", list(CORPORA))
def test_corpus_floors(name: str, tmp_path: Path) -> None:
    path = CORPORA[name]
    if not (path / "stories.jsonl").is_file():
        pytest.skip(f"{path} is not there")
    settings = load(tmp_path, env={})
    others = [load_corpus(p) for n, p in CORPORA.items() if n != name and (p / "stories.jsonl").is_file()]
    learn_home_model(settings, others)
    ev = evaluate(settings, path)
    col = list(CORPORA).index(name)
    _assert_within(name, ev.scores, {k: v[col] for k, v in FLOORS.items()}, {k: v[col] for k, v in CEILINGS.items()})


# Weeks of another beat, each set up as a new office would set it up: its own [profile] (corpus.toml), its ~30
# labelled examples learned (`zhoubao learn examples.jsonl`), no shipped 网络视听 examples. dev-n (能源电力) was
# written apart from the code; its first look (section 0.723) is in docs/first-look.md.
# dev-n's precision rose from 0.750 to 0.857 when English, 繁体 and same-day retellings joined their stories
# (issue 11, docs/first-look.md); its splits (12 → 7) are pinned as a ceiling. dev-h (文旅) and dev-i (医药) mark no
# section for 摘要: their floor holds the 摘要 a profile without marks gets (first section and rules section; issue 11:
# 0.6 → 0.8 each, docs/first-look.md).
OTHER_BEATS = {"dev-n": ROOT / "corpus" / "dev-n", "dev-h": ROOT / "corpus" / "dev-h",
               "dev-i": ROOT / "corpus" / "dev-i", "dev-t": ROOT / "corpus" / "dev-t",
               "dev-u": ROOT / "corpus" / "dev-u", "dev-x": ROOT / "corpus" / "dev-x",
               "dev-y": ROOT / "corpus" / "dev-y", "dev-zb": ROOT / "corpus" / "dev-zb",
               "dev-zc": ROOT / "corpus" / "dev-zc", "dev-ze": ROOT / "corpus" / "dev-ze",
               "dev-zg": ROOT / "corpus" / "dev-zg", "dev-zh": ROOT / "corpus" / "dev-zh",
               "dev-zl": ROOT / "corpus" / "dev-zl", "dev-zm": ROOT / "corpus" / "dev-zm",
               "dev-zp": ROOT / "corpus" / "dev-zp", "dev-zq": ROOT / "corpus" / "dev-zq",
               "dev-zs": ROOT / "corpus" / "dev-zs", "dev-zu": ROOT / "corpus" / "dev-zu",
               "dev-zv": ROOT / "corpus" / "dev-zv"}
# dev-n's 摘要 scores 0.6 with both: its draft rule for comment gained a 繁体 outlet when dedupe joined it, ties the
# editors' coal-power price rule on coverage (4 outlets) and stands a place higher in its section.
# dev-n's and dev-y's precision raised on 2026-12-07 (0.873 → 0.889, 0.915 → 0.935; one off-beat leak fewer each)
# once only a profile's own names make a headline the subject of another beat.
OTHER_FLOORS = {"dev-n": {"story_recall": 0.97, "section_accuracy": 0.9, "story_precision": 0.88,
                          "highlight_overlap": 0.59},
                "dev-h": {"highlight_overlap": 0.79}, "dev-i": {"highlight_overlap": 0.79},
                # dev-t (集成电路) and dev-u (民航) came unseen; these floors sit just under their first look
                # (docs/first-look.md), taken before any rule was tuned on them.
                # Raised since: dev-t's wires and 繁体 reports join their stories, and a headline with an excluded
                # topic beside a word of the beat is 待定 (issue 11, docs/first-look.md).
                "dev-t": {"story_recall": 0.97, "story_precision": 0.9, "section_accuracy": 0.93,
                          "highlight_overlap": 0.79, "paragraph_rouge_l": 0.67,
                          # 0.5 → 1.0 once a maker's AI product groups with its other news outside a section of works
                          "group_recall": 0.99},
                "dev-u": {"story_recall": 0.99, "story_precision": 0.94, "section_accuracy": 0.8,
                          "highlight_overlap": 0.79, "paragraph_rouge_l": 0.68},
                # dev-x (快递物流) and dev-y (游戏) came unseen on 2026-12-06; their first look is in
                # docs/first-look.md (dev-x title 0.643 then, 0.658 once a listed company's legal name became its
                # lexicon name; dev-y title 0.712 then, 0.734 once a bar left without its site name was cut).
                # dev-x's sections 0.848 → 0.913 once a company's move abroad (极兔巴西…) went to its 国际 section
                # and an association's named report to research.
                "dev-x": {"story_recall": 0.99, "story_precision": 0.95, "section_accuracy": 0.9,
                          "highlight_overlap": 0.79, "title_rouge_l": 0.68, "paragraph_rouge_l": 0.69},
                # dev-y's paragraph floor came down by 0.01 (0.743 → 0.739) when its two 版号 stories, one item before
                # (a false merge), became two: precision 0.894 → 0.915, splits 3 → 1; the 版号 story's lead is now its
                # own outlets', not the regulator's table. Titles 0.734 → 0.742 (a research firm's figure titles).
                "dev-y": {"story_recall": 0.93, "story_precision": 0.93, "section_accuracy": 0.88,
                          "highlight_overlap": 0.99, "title_rouge_l": 0.73, "paragraph_rouge_l": 0.73},
                # dev-zb (出版) and dev-zc (体育产业) came unseen on 2026-12-06 (second look that day); their first
                # look is in docs/first-look.md. Raised since: dev-zb's grouping (0 → 0.5) once a headline that opens
                # with its speaker (阅文：…) is the speaker's; dev-zc's sections (0.878 → 0.898) once an appointment
                # goes to the section named for personnel.
                "dev-zb": {"story_recall": 0.99, "story_precision": 0.99, "section_accuracy": 0.94,
                           "highlight_overlap": 0.79, "group_recall": 0.49, "title_rouge_l": 0.73,
                           "paragraph_rouge_l": 0.77},
                "dev-zc": {"story_recall": 0.99, "story_precision": 0.97, "section_accuracy": 0.89,
                           "highlight_overlap": 0.99, "group_recall": 0.49, "title_rouge_l": 0.65,
                           "paragraph_rouge_l": 0.73},
                # dev-ze (家电) came unseen on 2026-12-06 (third look; docs/first-look.md). Grouping 0.286 → 0.571
                # once its makers' AI products group with their other news (its lexicon lists makers as platforms).
                "dev-ze": {"story_recall": 0.99, "story_precision": 0.99, "section_accuracy": 0.87,
                           "highlight_overlap": 0.99, "group_recall": 0.57, "title_rouge_l": 0.67,
                           "paragraph_rouge_l": 0.75},
                # dev-zg (通信) and dev-zh (食品) came unseen on 2026-12-07 (fourth look; docs/first-look.md). Raised
                # since: dev-zg's recall and precision (0.980 → 1.0, no false merge) once two editions of one series
                # (低轨22组, 极轨08组 satellites) are two events; both weeks' titles (0.732 → 0.749, 0.653 → 0.688) once
                # statistics are titled by their figure and a joint notice keeps its bodies.
                "dev-zg": {"story_recall": 0.99, "story_precision": 0.99, "section_accuracy": 0.87,
                           "highlight_overlap": 0.79, "group_recall": 0.57, "title_rouge_l": 0.76,
                           "paragraph_rouge_l": 0.77},
                "dev-zh": {"story_recall": 0.99, "story_precision": 0.96, "section_accuracy": 0.91,
                           "highlight_overlap": 0.79, "group_recall": 0.99, "title_rouge_l": 0.68,
                           "paragraph_rouge_l": 0.73},
                # dev-zl (农业) and dev-zm (纺织服装) came unseen on 2026-12-07 (fifth look; docs/first-look.md).
                # Titles raised on 2026-12-07 (third look's lessons: a leader's article and a meeting named by what
                # they are, an office's declared names) on dev-zl 0.774 → 0.800, dev-zg 0.749 → 0.764, and others.
                "dev-zl": {"story_recall": 0.97, "story_precision": 0.96, "section_accuracy": 0.79,
                           "highlight_overlap": 0.59, "group_recall": 0.99, "title_rouge_l": 0.79,
                           "paragraph_rouge_l": 0.73},
                # dev-zm's English-only story (US apparel imports) no longer joins Vietnam's exports (a false
                # merge): recall 0.98 → 1.0, precision 0.923 → 0.943; standing alone in English, it takes its
                # section, title and paragraph scores down (0.878 → 0.860, 0.666 → 0.655, 0.836 → 0.820).
                "dev-zm": {"story_recall": 0.99, "story_precision": 0.94, "section_accuracy": 0.85,
                           "highlight_overlap": 0.99, "group_recall": 0.99, "title_rouge_l": 0.65,
                           "paragraph_rouge_l": 0.81},
                # dev-zp (电力与新能源) and dev-zq (新闻出版) came unseen on 2026-12-07 (sixth look; docs/first-look.md).
                # Raised since: dev-zp's sections (0.843 → 0.863) and 摘要 (4/5 → 5/5) once a leader's inspection goes
                # to the leaders' section, its precision (0.911 → 0.927) once a filing's 万元 are its retellings' 亿元;
                # both weeks' titles (0.667 → 0.695, 0.671 → 0.690) once bare headlines say what they leave out.
                # Then its precision 0.927 → 0.944 (a season's editions, power in either language's units) and
                # its titles 0.695 → 0.707 (a notice's decision names who decided).
                "dev-zp": {"story_recall": 0.99, "story_precision": 0.94, "section_accuracy": 0.86,
                           "highlight_overlap": 0.99, "title_rouge_l": 0.70, "paragraph_rouge_l": 0.71},
                "dev-zq": {"story_recall": 0.99, "story_precision": 0.96, "section_accuracy": 0.82,
                           "highlight_overlap": 0.99, "group_recall": 0.99, "title_rouge_l": 0.68,
                           "paragraph_rouge_l": 0.74},
                # dev-zs (医疗器械) came unseen on 2026-12-07 (fourth look that day; docs/first-look.md); its
                # paragraphs 0.721 → 0.719 once a US agency's release banner no longer stands as its English lead.
                "dev-zs": {"story_recall": 0.99, "story_precision": 0.97, "section_accuracy": 0.95,
                           "highlight_overlap": 0.99, "group_recall": 0.99, "title_rouge_l": 0.70,
                           "paragraph_rouge_l": 0.71},
                # dev-zu (集成电路) and dev-zv (物流) came unseen on 2026-12-07 (fifth look; docs/first-look.md).
                # Raised since: dev-zu's titles 0.641 → 0.667 (Taiwan's words in the mainland's, a channel's name and a
                # document's number no title), dev-zv's paragraphs 0.658 → 0.672 (no statutory pledge as the lead);
                # one false merge fewer on each (two research firms' figures, an association's two indices).
                "dev-zu": {"story_recall": 0.97, "story_precision": 0.90, "section_accuracy": 0.93,
                           "highlight_overlap": 0.99, "group_recall": 0.66, "title_rouge_l": 0.66,
                           "paragraph_rouge_l": 0.61},
                "dev-zv": {"story_recall": 0.97, "story_precision": 0.99, "section_accuracy": 0.82,
                           "highlight_overlap": 0.59, "group_recall": 0.33, "title_rouge_l": 0.68,
                           "paragraph_rouge_l": 0.66}}
OTHER_CEILINGS = {"dev-n": {"split_stories": 7, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-t": {"split_stories": 4, "false_merges": 1, "offbeat_leaks": 0},
                  # 2 at the first look; 3 since an English wire joins one story only (Airbus's deliveries went to
                  # the wrong one of two), which brought dev-u's recall from 0.961 to 0.980 and sections to 0.80;
                  # 1 (and no false merge) since an English release is read past its dateline and its paragraph of
                  # who the company is (recall 1.0, precision 0.944).
                  "dev-u": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 2},
                  "dev-x": {"split_stories": 2, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-y": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 2},
                  "dev-zb": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-zc": {"split_stories": 1, "false_merges": 1, "offbeat_leaks": 0},
                  "dev-ze": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-zg": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0},
                  # dev-zh 3 → 2 once three figures both give make a listing's filing and its results one story.
                  "dev-zh": {"split_stories": 2, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-zl": {"split_stories": 1, "false_merges": 1, "offbeat_leaks": 0},
                  "dev-zm": {"split_stories": 2, "false_merges": 0, "offbeat_leaks": 1},
                  "dev-zp": {"split_stories": 3, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-zq": {"split_stories": 2, "false_merges": 0, "offbeat_leaks": 0},
                  "dev-zs": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 1},
                  "dev-zu": {"split_stories": 3, "false_merges": 1, "offbeat_leaks": 0},
                  "dev-zv": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0}}


def _profile_only(corpus_toml: Path) -> str:
    """The [profile] tables of a corpus.toml (what a new office writes into its zhoubao.toml)."""
    text = corpus_toml.read_text(encoding="utf-8")
    return text[text.index("\n[profile]") + 1:]


def _office_settings(path: Path, home: Path) -> Settings:
    """Settings of a home whose zhoubao.toml holds the week's profile, as its office would write it; the week must
    be there and its profile must be the one read."""
    if not (path / "stories.jsonl").is_file():
        pytest.skip(f"{path} is not there")
    (home / CONFIG_NAME).write_text(_profile_only(path / "corpus.toml"), encoding="utf-8")
    settings = load(home, env={})
    assert settings.profile.title != load(home / "plain", env={}).profile.title  # the week's profile is read
    return settings


@pytest.mark.parametrize("name", list(OTHER_BEATS))
def test_another_beat_floors(name: str, tmp_path: Path) -> None:
    from zhoubao.app.learn import learn_home

    path = OTHER_BEATS[name]
    settings = _office_settings(path, tmp_path)
    learned = learn_home(settings, [path / "examples.jsonl"])
    assert learned.shipped == 0  # another beat learns from its own examples alone
    _assert_within(name, evaluate(settings, path).scores, OTHER_FLOORS[name], OTHER_CEILINGS.get(name, {}))


# Weeks of the house beat (网络视听) that came unseen, run as a new office runs them: `zhoubao init` and nothing
# else — the shipped model, no profile, no examples. Floors sit just under their first look (docs/first-look.md),
# dev-r's precision and splits under its score since English wires join one story only.
DEFAULT_WEEKS = {"dev-r": ROOT / "corpus" / "dev-r", "dev-s": ROOT / "corpus" / "dev-s",
                 "dev-v": ROOT / "corpus" / "dev-v", "dev-w": ROOT / "corpus" / "dev-w",
                 "dev-z": ROOT / "corpus" / "dev-z", "dev-za": ROOT / "corpus" / "dev-za",
                 "dev-zd": ROOT / "corpus" / "dev-zd", "dev-zf": ROOT / "corpus" / "dev-zf",
                 "dev-zi": ROOT / "corpus" / "dev-zi", "dev-zj": ROOT / "corpus" / "dev-zj",
                 "dev-zk": ROOT / "corpus" / "dev-zk", "dev-zr": ROOT / "corpus" / "dev-zr",
                 "dev-zt": ROOT / "corpus" / "dev-zt"}
DEFAULT_FLOORS = {"dev-r": {"story_recall": 0.96, "story_precision": 0.94, "section_accuracy": 0.99,
                            "highlight_overlap": 0.79, "paragraph_rouge_l": 0.71},
                  "dev-s": {"story_recall": 0.99, "story_precision": 0.99, "section_accuracy": 0.96,
                            "highlight_overlap": 0.79, "paragraph_rouge_l": 0.74},
                  # dev-v and dev-w came unseen on 2026-12-06 (first look in docs/first-look.md). Raised since:
                  # dev-v's cut inside 《这！就是街舞》, a split of one show's two spellings and one of a notice and its
                  # news (works of two kinds, no conflict); dev-w's grouping
                  # (0 → 0.667) once a show's platform is read from its other reports and from where it airs; dev-w's
                  # paragraphs 0.752 → 0.770 once outlets' 获悉 labels and bylines left the leads.
                  "dev-v": {"story_recall": 0.95, "story_precision": 0.97, "section_accuracy": 0.97,
                            "highlight_overlap": 0.99, "group_recall": 0.99, "title_rouge_l": 0.72,
                            "paragraph_rouge_l": 0.77},
                  "dev-w": {"story_recall": 0.99, "story_precision": 0.99, "section_accuracy": 0.99,
                            "highlight_overlap": 0.79, "group_recall": 0.66, "title_rouge_l": 0.72,
                            "paragraph_rouge_l": 0.76},
                  # dev-z and dev-za came unseen on 2026-12-06 (second look that day; docs/first-look.md). Raised
                  # since: dev-z's recall (0.918 → 0.959) once the beat is judged on every headline of a story (B站's
                  # own post named neither itself nor the beat); dev-za's splits (7 → 5) once an English release is
                  # read past its dateline and its paragraph of who the company is.
                  "dev-z": {"story_recall": 0.95, "story_precision": 0.95, "section_accuracy": 0.87,
                            "highlight_overlap": 0.79, "group_recall": 0.99, "title_rouge_l": 0.65,
                            "paragraph_rouge_l": 0.74},
                  "dev-za": {"story_recall": 0.95, "story_precision": 0.9, "section_accuracy": 0.99,
                             "highlight_overlap": 0.99, "group_recall": 0.66, "title_rouge_l": 0.70,
                             "paragraph_rouge_l": 0.74},
                  # dev-zd came unseen on 2026-12-06 (third look; docs/first-look.md).
                  "dev-zd": {"story_recall": 0.97, "story_precision": 0.97, "section_accuracy": 0.93,
                             "highlight_overlap": 0.79, "group_recall": 0.99, "title_rouge_l": 0.67,
                             "paragraph_rouge_l": 0.74},
                  # dev-zf and dev-zi came unseen on 2026-12-07 (fourth look; docs/first-look.md). Raised since:
                  # both false merges gone (a picture format, 4K/8K, is no shared figure; a chart of many shows is not
                  # the finale of the one that topped it), dev-zf's 淘宝直播 story 待定 instead of dropped.
                  "dev-zf": {"story_recall": 0.96, "story_precision": 0.97, "section_accuracy": 0.95,
                             "highlight_overlap": 0.79, "group_recall": 0.99, "title_rouge_l": 0.68,
                             "paragraph_rouge_l": 0.78},
                  "dev-zi": {"story_recall": 0.99, "story_precision": 0.94, "section_accuracy": 0.93,
                             "highlight_overlap": 0.99, "group_recall": 0.85, "title_rouge_l": 0.65,
                             "paragraph_rouge_l": 0.73},
                  # dev-zj and dev-zk came unseen on 2026-12-07 (fifth look; docs/first-look.md). Raised since:
                  # dev-zk's false merges (2 → 0: a season's start read by its headline's first clause, two
                  # companies' English releases in one template kept apart by their names).
                  "dev-zj": {"story_recall": 0.94, "story_precision": 0.97, "section_accuracy": 0.89,
                             "highlight_overlap": 0.79, "group_recall": 0.74, "title_rouge_l": 0.71,
                             "paragraph_rouge_l": 0.74},
                  "dev-zk": {"story_recall": 0.96, "story_precision": 0.97, "section_accuracy": 0.89,
                             "highlight_overlap": 0.99, "group_recall": 0.79, "title_rouge_l": 0.71,
                             "paragraph_rouge_l": 0.72},
                  # dev-zr came unseen on 2026-12-07 (fourth look that day; docs/first-look.md). Raised since: its
                  # false merge gone (a show's 第二季 and 第三季 are two editions; "刚…，…就…" tells what follows 就),
                  # recall 0.959 → 0.980, precision 0.958 → 0.980; titles 0.694 → 0.718.
                  "dev-zr": {"story_recall": 0.97, "story_precision": 0.97, "section_accuracy": 0.97,
                             "highlight_overlap": 0.79, "group_recall": 0.99, "title_rouge_l": 0.71,
                             "paragraph_rouge_l": 0.75},
                  # dev-zt came unseen on 2026-12-07 (fifth look; docs/first-look.md); paragraphs 0.566 → 0.572 since
                  # (no statutory pledge as a lead, no reporter's "梳理发现" label).
                  "dev-zt": {"story_recall": 0.97, "story_precision": 0.91, "section_accuracy": 0.99,
                             "highlight_overlap": 0.79, "group_recall": 0.85, "title_rouge_l": 0.68,
                             "paragraph_rouge_l": 0.56}}
DEFAULT_CEILINGS = {"dev-r": {"split_stories": 1, "false_merges": 1, "offbeat_leaks": 1},
                    "dev-s": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-v": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-w": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-z": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 1},
                    "dev-za": {"split_stories": 5, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-zd": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-zf": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-zi": {"split_stories": 2, "false_merges": 0, "offbeat_leaks": 1},
                    "dev-zj": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 1},
                    "dev-zk": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-zr": {"split_stories": 1, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-zt": {"split_stories": 2, "false_merges": 1, "offbeat_leaks": 1}}


@pytest.mark.parametrize("name", list(DEFAULT_WEEKS))
def test_default_settings_floors(name: str, tmp_path: Path) -> None:
    path = DEFAULT_WEEKS[name]
    if not (path / "stories.jsonl").is_file():
        pytest.skip(f"{path} is not there")
    _assert_within(name, evaluate(load(tmp_path, env={}), path).scores, DEFAULT_FLOORS[name], DEFAULT_CEILINGS[name])


# Weeks of the house beat whose office set up its own profile (its masthead, names and grouping; no examples), run
# as that office runs them: the profile in zhoubao.toml and the shipped model. dev-zn and dev-zo came unseen on
# 2026-12-07 (sixth look; docs/first-look.md); floors sit just under their scores since that look's lessons.
PROFILE_WEEKS = {"dev-zn": ROOT / "corpus" / "dev-zn", "dev-zo": ROOT / "corpus" / "dev-zo"}
PROFILE_FLOORS = {"dev-zn": {"story_recall": 0.97, "story_precision": 0.95, "section_accuracy": 0.97,
                             "highlight_overlap": 0.79, "group_recall": 0.99, "title_rouge_l": 0.70,
                             "paragraph_rouge_l": 0.71},
                  "dev-zo": {"story_recall": 0.99, "story_precision": 0.99, "section_accuracy": 0.94,
                             "highlight_overlap": 0.99, "group_recall": 0.99, "title_rouge_l": 0.67,
                             "paragraph_rouge_l": 0.76}}
PROFILE_CEILINGS = {"dev-zn": {"split_stories": 2, "false_merges": 0, "offbeat_leaks": 0},
                    "dev-zo": {"split_stories": 0, "false_merges": 0, "offbeat_leaks": 0}}


@pytest.mark.parametrize("name", list(PROFILE_WEEKS))
def test_own_profile_floors(name: str, tmp_path: Path) -> None:
    path = PROFILE_WEEKS[name]
    settings = _office_settings(path, tmp_path)
    _assert_within(name, evaluate(settings, path).scores, PROFILE_FLOORS[name], PROFILE_CEILINGS[name])
