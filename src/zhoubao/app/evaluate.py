"""Score the fuzzy stages on a labelled corpus: build its week in an archive, export it as JSON, score it.

Importable before any archive is open: models are imported by evaluate() only.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from zhoubao.archive.db import open_home
from zhoubao.classify.learn import general_examples, learn, model_path, seed_examples
from zhoubao.conf.settings import CONFIG_NAME, DatabaseSettings, Settings, load
from zhoubao.draft.house import house_path
from zhoubao.evaluate.corpus import Corpus, examples, load_corpus, load_into_archive
from zhoubao.evaluate.score import LABELS, Scores, score_issue

__all__ = ["LABELS", "Corpus", "Evaluation", "evaluate", "evaluate_scratch", "learn_home_model", "load_corpus",
           "score_issue"]


@dataclass
class Evaluation:
    scores: Scores
    issue: dict[str, object]
    seconds: float


def learn_home_model(settings: Settings, train: Sequence[Corpus], *, seed: bool = False) -> None:
    """Store in the home a section model learned from other corpora (held out from the one scored)."""
    # The general examples belong to no week, so a held-out week still learns from them.
    exs = [e for c in train for e in examples(c)] + (seed_examples() if seed else general_examples())
    secs = settings.profile.sections
    learn(exs, sections=[s.name for s in secs], keywords={s.name: list(s.keywords) for s in secs},
          embeddings=settings.classify.embeddings) \
        .save(model_path(settings.data_dir))


def evaluate(settings: Settings, corpus: Corpus | Path | str) -> Evaluation:
    """Load the corpus's reports into the archive, build its issue, export JSON and score it."""
    # Modules with models import once an archive is open (this module is imported before, by `zhoubao eval`).
    from zhoubao.app.build import build
    from zhoubao.compose.compose import issue_document
    from zhoubao.render.json_out import issue_dict

    c = corpus if isinstance(corpus, Corpus) else load_corpus(corpus)
    load_into_archive(c, tz=settings.timezone)
    t0 = time.perf_counter()
    res = build(settings, issue_date=c.issue_date, days=c.days, force=True)
    data = issue_dict(issue_document(res.issue))
    return Evaluation(score_issue(c, data), data, time.perf_counter() - t0)


def evaluate_scratch(corpus: Corpus, *, mine: Path | None = None,
                     progress: Callable[[str], None] | None = None) -> Evaluation:
    """The labelled week's issue, built from its reports in a throw-away home (no HTTP, nothing of yours touched).

    `mine`'s zhoubao.toml, learned section model and house style are used when it has them, so the score is that of your
    settings; otherwise the defaults and the shipped model. Opens the archive of the throw-away home: a process
    does this once.
    """
    say = progress or (lambda _m: None)
    tmp = Path(tempfile.mkdtemp(prefix="zhoubao-eval-"))
    try:
        if mine is not None and (mine / CONFIG_NAME).is_file():
            shutil.copy(mine / CONFIG_NAME, tmp / CONFIG_NAME)
            data = load(mine).data_dir
            # What `zhoubao learn` keeps: the section model and the house style read from the archive.
            for theirs, target in ((model_path(data), model_path(tmp / "data")),
                                   (house_path(data), house_path(tmp / "data"))):
                if theirs.is_file():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(theirs, target)
        # Its own SQLite file even when DATABASE_URL names your PostgreSQL: the labelled week never enters it.
        settings = replace(load(tmp), database=DatabaseSettings(url=""))
        open_home(tmp, create=True, settings=settings)
        say(f"用 {len(corpus.reports)} 篇报道生成 {corpus.issue_date} 这一期……")
        return evaluate(settings, corpus)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
