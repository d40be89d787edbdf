"""An office of another beat is not judged by the shipped 网络视听 examples: its stories were "off the beat" to
them (a 文旅 week kept 17% of its stories). Its beat is then judged from its own keywords and examples."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from zhoubao.classify.learn import speaks_of_shipped_beat
from zhoubao.classify.sections import classify_many, judge_beat
from zhoubao.conf.settings import load

TRAVEL = ["文化和旅游", "文旅", "旅游", "游客", "景区", "酒店", "民宿", "入境游", "免签", "博物馆"]


def test_whose_beat_the_shipped_examples_are(tmp_path: Path) -> None:
    shipped = load(tmp_path, env={}).profile
    assert speaks_of_shipped_beat(shipped.beat_keywords)
    assert speaks_of_shipped_beat([])  # a profile that keeps the default beat
    assert not speaks_of_shipped_beat(TRAVEL)
    assert speaks_of_shipped_beat([*shipped.beat_keywords[:10], "旅游"])


def test_without_a_classifier_any_word_of_the_beat_keeps_a_story_and_none_drops_it(tmp_path: Path) -> None:
    profile = load(tmp_path, env={}).profile
    travel = dataclasses.replace(profile, beat=dataclasses.replace(profile.beat, keywords=tuple(TRAVEL)))
    [(_guess, p)] = classify_many(travel, [("端午假期全国国内旅游出游1.19亿人次", "文化和旅游部数据中心测算。")], None)
    assert p is None
    assert judge_beat(travel, "端午假期全国国内旅游出游1.19亿人次", "文化和旅游部数据中心测算。", p) == (True, "")
    kept, why = judge_beat(travel, "中超第13轮：申花2比1胜泰山", "比赛在上海举行。", None)
    assert not kept and "未出现领域关键词" in why
