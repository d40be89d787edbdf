"""Learn the office's sections: from labelled examples, labelled corpora and the editors' corrections in the desk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zhoubao.app.pastissues import HouseWays, archive_examples, house_style, house_ways
from zhoubao.archive.models import SectionCorrection
from zhoubao.classify.learn import (
    TextModel,
    learn,
    model_for,
    model_path,
    read_examples,
    seed_examples,
    speaks_of_shipped_beat,
)
from zhoubao.conf.settings import Settings
from zhoubao.draft.house import house_path, save_style
from zhoubao.errors import ZhoubaoError
from zhoubao.evaluate.corpus import examples as corpus_examples
from zhoubao.evaluate.corpus import load_corpus


class LearnError(ZhoubaoError):
    """The examples cannot be learned from; the message says why."""


def correction_examples() -> list[dict[str, str]]:
    """Editors' section corrections from the desk, as labelled examples (a story's last correction wins)."""
    latest: dict[int, SectionCorrection] = {}
    for c in SectionCorrection.objects.select_related("story", "story__representative").order_by("when", "id"):
        latest[c.story_id] = c
    out = []
    for c in latest.values():
        story = c.story
        if story is None:
            continue
        rep = story.representative
        out.append({"title": story.title, "text": rep.text if rep else "", "section": c.to_section})
    return out


def examples_from(path: Path) -> list[dict[str, str]]:
    """Labelled examples from a JSONL file or a labelled corpus directory."""
    if not path.exists():
        raise LearnError(f"找不到 {path}")
    try:
        return corpus_examples(load_corpus(path)) if path.is_dir() else read_examples(path)
    except ValueError as exc:
        raise LearnError(str(exc)) from None


def section_model(settings: Settings) -> TextModel | None:
    """The model a build classifies with: the home's learned one, else the shipped examples and the corrections."""
    spec = settings.profile
    if not settings.classify.learned:
        return None
    # The shipped examples only stand in for an office's own when the office's beat is theirs.
    return model_for(settings.data_dir, spec.section_names, keywords={s.name: list(s.keywords) for s in spec.sections},
                     embeddings=settings.classify.embeddings, extra=correction_examples(),
                     use_seed=speaks_of_shipped_beat(spec.beat_keywords))


@dataclass
class Learned:
    path: Path
    examples: int
    given: int
    corrections: int
    shipped: int
    sections: int
    ignored: list[str] = field(default_factory=list)
    past: int = 0  # examples from the published archive (imported past issues too)
    ways: HouseWays | None = None  # what that archive shows of the office's house ways


def learn_home(settings: Settings, paths: Sequence[Path], *, seed: bool = True, corrections: bool = True,
               archive: bool = True) -> Learned:
    """Learn the home's section model from the given examples, the published archive's items (imported past issues
    too), the desk's corrections and the shipped examples."""
    given = [e for p in paths for e in examples_from(p)]
    past = archive_examples(settings) if archive else []
    if not given and not past:
        raise LearnError("没有可学习的样本：请给出标注样本文件，或先用 zhoubao import-issue 导入往期周报")
    learned = _learn(settings, given, past, seed=seed, corrections=corrections)
    learned.ways = house_ways(settings) if archive else None
    if archive:  # the drafts' titles follow the archive's ways (draft/house.py); none without an archive
        style, target = house_style(settings), house_path(settings.data_dir)
        if style is not None:
            save_style(style, target)
        else:
            target.unlink(missing_ok=True)
    return learned


def _learn(settings: Settings, given: list[dict[str, str]], past: list[dict[str, str]], *, seed: bool,
           corrections: bool) -> Learned:
    fixes = correction_examples() if corrections else []
    # The shipped examples are of the 网络视听 beat: another beat's office learns from its own alone (taken as its
    # counter-examples, 1,200 of them against its ~30 buried its stories: a 文旅 week's recall fell to 0.64).
    shipped = seed_examples() if seed and speaks_of_shipped_beat(settings.profile.beat_keywords) else []
    exs = given + past + fixes + shipped
    names = settings.profile.section_names
    unknown = sorted({e["section"] for e in exs if e["section"] and e["section"] not in names})
    try:
        # The profile's own keywords are features (another beat's sections share no keywords with the shipped ones).
        model = learn(exs, sections=names, keywords={s.name: list(s.keywords) for s in settings.profile.sections},
                      embeddings=settings.classify.embeddings)
    except ValueError as exc:
        raise LearnError(f"无法学习：{exc}") from None
    target = model_path(settings.data_dir)
    model.save(target)
    return Learned(target, model.examples, len(given), len(fixes), len(shipped), len(model.labels), unknown,
                   past=len(past))
