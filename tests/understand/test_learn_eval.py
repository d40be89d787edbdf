"""The learned section classifier, `zhoubao learn` and `zhoubao eval`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zhoubao.classify.learn import TextModel, learn, model_path, seed_examples
from zhoubao.classify.sections import classify_many, judge_beat
from zhoubao.cli.main import main
from zhoubao.conf.settings import load
from zhoubao.evaluate.score import rouge_l

EXAMPLES = [
    {"title": "爱奇艺网络剧《甲》开播", "text": "网络剧《甲》在爱奇艺开播，共24集。", "section": "内容"},
    {"title": "优酷综艺《乙》定档", "text": "综艺《乙》定档9月26日。", "section": "内容"},
    {"title": "快手第二季度营收350亿元", "text": "快手公布财报，营收同比增长13%。", "section": "资本"},
    {"title": "某公司完成B轮融资", "text": "公司完成6000万美元B轮融资。", "section": "资本"},
    {"title": "中超联赛第25轮战报", "text": "上海海港2比1战胜成都蓉城。", "section": ""},
]


def test_model_round_trips_without_pickle(tmp_path: Path) -> None:
    m = learn(EXAMPLES * 3)
    path = tmp_path / "m.npz"
    m.save(path)
    with zipfile.ZipFile(path) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    again = TextModel.load(path)
    assert again.labels == m.labels
    assert again.predict(["芒果TV综艺《丙》定档10月"]) == ["内容"]
    # The stored model scores exactly as the fitted one, unseen n-grams included.
    import numpy as np

    texts = ["芒果TV综艺《丙》定档10月", "从未见过的字词组合：氢能重卡示范线路开通"]
    assert np.allclose(again.scores(texts), m.scores(texts), atol=1e-6)


def test_the_embedding_head_is_learned_stored_and_mixed(tmp_path: Path) -> None:
    import numpy as np

    m = learn(EXAMPLES * 3, embeddings=True)
    assert m.emb_coef is not None and m.emb_coef.shape[0] == len(m.labels) and m.mix == 0.5
    texts = ["芒果TV综艺《丙》定档10月", "某公司完成C轮融资2亿元"]
    mixed, plain = m.scores(texts), m.scores(texts, embeddings=False)
    assert not np.allclose(mixed, plain)  # the second head counts
    path = tmp_path / "m.npz"
    m.save(path)
    again = TextModel.load(path)
    assert again.emb_coef is not None and np.allclose(again.scores(texts), mixed, atol=1e-5)
    assert learn(EXAMPLES * 3).emb_coef is None  # off unless asked


def test_rules_and_learning_combine_and_off_beat_is_learned(tmp_path: Path) -> None:
    profile = load(tmp_path, env={}).profile
    model = learn(seed_examples(), sections=[s.name for s in profile.sections])
    (guess, p_off), (_g2, p_off2) = classify_many(profile, [
        ("腾讯视频古装剧《某某》定档10月1日", "9月20日，腾讯视频宣布古装剧《某某》定档10月1日，共36集。"),
        ("中超第26轮：泰山主场3比1战胜申花", "比赛在济南进行，泰山队主场取胜，继续争冠。"),
    ], model)
    assert guess.section == "内容" and guess.method == "rules+learned" and "classifier" in guess.reasons()
    assert p_off2 > p_off
    assert not judge_beat(profile, "中超第26轮：泰山主场3比1战胜申花", "比赛在济南进行。", p_off2)[0]


def test_a_section_renamed_in_the_desk_is_found_by_its_keywords(tmp_path: Path) -> None:
    from dataclasses import replace

    profile = load(tmp_path, env={}).profile
    model = learn(seed_examples(), sections=[s.name for s in profile.sections])
    renamed = replace(profile, sections=tuple(replace(s, name="财经") if s.name == "资本" else s
                                              for s in profile.sections))
    story = ("哔哩哔哩发布第三季度财报：营收77亿元", "11月13日，哔哩哔哩公布第三季度财报，总营收77亿元，同比增长5%，净利润转正。")
    assert classify_many(profile, [story], model)[0][0].section == "资本"
    guess = classify_many(renamed, [story], model)[0][0]
    assert guess.section == "财经", guess.scores


@pytest.mark.django_db
def test_learn_command_stores_a_model_in_the_home(tmp_path: Path) -> None:
    data = tmp_path / "labels.jsonl"
    data.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in EXAMPLES), encoding="utf-8")
    home = tmp_path / "home"
    assert main(["--home", str(home), "init"]) == 0
    assert main(["--home", str(home), "learn", str(data), "--no-seed"]) == 0
    assert model_path(home / "data").is_file()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"}\n', encoding="utf-8")
    assert main(["--home", str(home), "learn", str(bad)]) == 2


def test_eval_command_prints_every_metric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "corpus.toml").write_text('name = "t"\nissue_date = 2025-06-09\ndays = 7\n', encoding="utf-8")
    reps = [{"id": "r1", "story": "s1", "url": "https://a.example/1", "title": "甲", "published": "2025-06-03T10:00:00+08:00", "text": "x"},
            {"id": "r2", "story": "s1", "url": "https://b.example/2", "title": "甲", "published": "2025-06-03T11:00:00+08:00", "text": "x"},
            {"id": "r3", "story": "s2", "url": "https://c.example/3", "title": "乙", "published": "2025-06-03T11:00:00+08:00", "text": "x"}]
    stories = [{"id": "s1", "section": "行业", "offbeat": False, "out_of_window": False, "title": "某部门：发布通知",
                "paragraphs": ["6月3日，某部门发布通知。"], "group": "", "highlight": True},
               {"id": "s2", "section": None, "offbeat": True, "out_of_window": False, "title": "体育",
                "paragraphs": ["x"], "group": "", "highlight": False}]
    (corpus / "reports.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in reps), encoding="utf-8")
    (corpus / "stories.jsonl").write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in stories), encoding="utf-8")
    issue = {"highlights": ["某部门：发布通知"], "sections": [
        {"name": "行业", "items": [{"title": "某部门：发布通知", "paragraphs": ["6月3日，某部门发布通知。"], "stories": [
            {"title": "某部门：发布通知", "paragraphs": ["6月3日，某部门发布通知。"],
             "reports": [{"url": "https://a.example/1"}, {"url": "https://b.example/2"}]}]}]},
        {"name": "研究", "items": [{"title": "体育", "paragraphs": ["x"], "stories": [
            {"title": "体育", "paragraphs": ["x"], "reports": [{"url": "https://c.example/3"}]}]}]}]}
    path = tmp_path / "issue.json"
    path.write_text(json.dumps(issue, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", str(corpus), str(path), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["story_recall"] == 1.0 and got["offbeat_leaks"] == 1 and got["false_merges"] == 0
    assert got["section_accuracy"] == 1.0 and got["highlight_overlap"] == 1.0 and got["paragraph_rouge_l"] == 1.0
    for key in ("story_precision", "split_stories", "out_of_window_leaks", "duplicates_merged", "title_rouge_l",
                "grouped_items"):
        assert key in got
    assert main(["eval", str(corpus), str(path)]) == 0
    assert "section_accuracy" in capsys.readouterr().out


def test_rouge_l() -> None:
    assert rouge_l("6月3日，发布通知。", "6月3日，发布通知。") == 1.0
    assert 0 < rouge_l("6月3日发布", "6月3日，某部门发布通知") < 1
    assert ROOT.is_dir()


@pytest.mark.django_db
def test_editors_corrections_become_examples(tmp_path: Path) -> None:
    from zhoubao.app.learn import correction_examples
    from zhoubao.archive.models import Profile, Report, SectionCorrection, Story

    profile = Profile.objects.create(key="k", title="t")
    rep = Report.objects.create(url="https://e.example/1", title="某平台调整分账规则", text="平台调整创作者分账规则。")
    story = Story.objects.create(profile=profile, title="某平台调整分账规则", representative=rep)
    SectionCorrection.objects.create(story=story, from_section="内容", to_section="行业")
    assert correction_examples() == [{"title": "某平台调整分账规则", "text": "平台调整创作者分账规则。", "section": "行业"}]


def test_a_corpus_missing_what_scoring_needs_is_refused_with_the_lines(tmp_path: Path) -> None:
    from zhoubao.evaluate.corpus import CorpusError, load_corpus

    (tmp_path / "stories.jsonl").write_text('{"id": "s1", "section": "行业"}\n', encoding="utf-8")
    (tmp_path / "reports.jsonl").write_text(
        '{"id": "r1", "story": "s1", "url": "https://a.example/1", "title": "甲", "text": "x"}\n'
        '{"id": "r2", "story": "s9", "url": "https://a.example/2", "title": "乙", "text": "y"}\n'
        '{"id": "r3", "story": "s1", "title": "丙", "text": "z", "published": "昨天"}\n', encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    msg = str(info.value)
    assert "第2行的 story s9" in msg and "第3行缺少 url" in msg and "第3行的 published" in msg
