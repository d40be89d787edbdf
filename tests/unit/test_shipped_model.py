"""The section model fitted once and shipped in the package, and fits kept in the home: builds load them instead of
fitting again, and only a fit of exactly the same inputs is reused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tools.fit_shipped_model import default_fit_inputs

from zhoubao.classify import learn as learning
from zhoubao.classify.learn import SHIPPED_MODEL, TextModel, example_text, fit_key, model_for, seed_examples

SHIPPED = Path(learning.__file__).with_name(SHIPPED_MODEL)
TEXTS = [example_text("国家广播电视总局发布微短剧管理通知", "要求各平台落实主体责任。"),
         example_text("爱奇艺第三季度营收72亿元", "同比增长5%。"), example_text("中超联赛：申花2比1胜泰山", "比赛在上海举行。")]


def _no_fitting(*_a: Any, **_k: Any) -> Any:
    raise AssertionError("fitted again although a stored fit of the same inputs exists")


def test_the_shipped_fit_is_of_the_shipped_examples_as_they_are_now() -> None:
    sections, keywords, embeddings = default_fit_inputs()
    model = TextModel.load(SHIPPED)
    assert model.key == fit_key(seed_examples(), sections, keywords, embeddings), (
        "the shipped examples, default sections or feature code changed: run python tools/fit_shipped_model.py")
    assert model.examples == len(seed_examples())


def test_a_new_home_of_the_default_weekly_loads_the_shipped_fit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sections, keywords, embeddings = default_fit_inputs()
    monkeypatch.setattr(learning, "_SEED_CACHE", {})
    monkeypatch.setattr(learning, "learn", _no_fitting)
    model = model_for(tmp_path, sections, keywords=keywords, embeddings=embeddings)
    assert model is not None and model.key == TextModel.load(SHIPPED).key
    assert not (tmp_path / "models").exists()  # nothing fitted, nothing kept


def test_other_inputs_fit_once_and_the_kept_fit_scores_as_the_fresh_one(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sections, keywords, embeddings = default_fit_inputs()
    correction = [{"title": "某平台上线AI短剧创作工具", "text": "该工具可一键生成分镜。", "section": "技术"}]
    monkeypatch.setattr(learning, "_SEED_CACHE", {})
    fresh = model_for(tmp_path, sections, keywords=keywords, embeddings=embeddings, extra=correction)
    assert fresh is not None and fresh.key != TextModel.load(SHIPPED).key
    kept = list((tmp_path / "models").glob("fit-*.npz"))
    assert [p.name for p in kept] == [f"fit-{fresh.key}.npz"]
    monkeypatch.setattr(learning, "_SEED_CACHE", {})
    monkeypatch.setattr(learning, "learn", _no_fitting)
    again = model_for(tmp_path, sections, keywords=keywords, embeddings=embeddings, extra=correction)
    assert again is not None and again is not fresh
    assert np.array_equal(again.scores(TEXTS), fresh.scores(TEXTS))
    # Another correction is another key: never the kept fit of the first.
    other = [{**correction[0], "section": "内容"}]
    with pytest.raises(AssertionError, match="fitted again"):
        model_for(tmp_path, sections, keywords=keywords, embeddings=embeddings, extra=other)


def test_a_damaged_kept_fit_is_fitted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sections, keywords, embeddings = default_fit_inputs()
    extra = [{"title": "某平台发布年度报告", "text": "报告显示用户规模增长。", "section": "研究"}]
    key = fit_key(seed_examples() + extra, sections, keywords, embeddings)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / f"fit-{key}.npz").write_bytes(b"not a model")
    monkeypatch.setattr(learning, "_SEED_CACHE", {})
    model = model_for(tmp_path, sections, keywords=keywords, embeddings=embeddings, extra=extra)
    assert model is not None and model.key == key
    assert TextModel.load(tmp_path / "models" / f"fit-{key}.npz").key == key
