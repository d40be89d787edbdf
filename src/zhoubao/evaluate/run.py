"""Build a labelled corpus's week in the current archive, export it as JSON, and score it (tests and bench)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zhoubao.conf.settings import Settings
from zhoubao.evaluate.corpus import Corpus, examples, load_corpus, load_into_archive
from zhoubao.evaluate.score import Scores, score_issue


@dataclass
class Evaluation:
    scores: Scores
    issue: dict[str, object]
    seconds: float


def learn_home_model(settings: Settings, train: Sequence[Corpus], *, seed: bool = False) -> None:
    """Store in the home a section model learned from other corpora (held out from the one scored)."""
    from zhoubao.classify.learn import general_examples, learn, model_path, seed_examples

    # The general examples belong to no week, so a held-out week still learns from them.
    exs = [e for c in train for e in examples(c)] + (seed_examples() if seed else general_examples())
    secs = settings.profile.sections
    learn(exs, sections=[s.name for s in secs], keywords={s.name: list(s.keywords) for s in secs},
          embeddings=bool(settings.raw["classify"]["embeddings"])) \
        .save(model_path(settings.data_dir))


def evaluate(settings: Settings, corpus: Corpus | Path | str) -> Evaluation:
    """Load the corpus's reports into the archive, build its issue, export JSON and score it."""
    from zhoubao import pipeline
    from zhoubao.compose.assemble import issue_document
    from zhoubao.render.json_out import issue_dict

    c = corpus if isinstance(corpus, Corpus) else load_corpus(corpus)
    load_into_archive(c)
    t0 = time.perf_counter()
    res = pipeline.build(settings, issue_date=c.issue_date, days=c.days, force=True)
    data = issue_dict(issue_document(res.issue))
    return Evaluation(score_issue(c, data), data, time.perf_counter() - t0)
