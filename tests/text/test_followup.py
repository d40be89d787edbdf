"""What is new since an earlier item: figures it lacked and a later stage of a general chain (text/stages.toml)."""

from __future__ import annotations

from datetime import datetime

from zhoubao.dedupe.stories import Doc, same_story
from zhoubao.text.followup import chains, news

EARLIER = "爱奇艺：《雾港》定档6月12日\n爱奇艺迷雾剧场新剧《雾港》官宣定档6月12日，全剧12集。"


def test_a_later_stage_and_new_figures_are_news() -> None:
    found = news(EARLIER, ["6月12日，《雾港》在爱奇艺开播，站内播放量超过1000万次。该剧共12集。"])
    assert (found.stage_before, found.stage) == ("定档", "开播")
    assert found.figures == ["1000万"]  # 12集 was known
    assert found.sentences == ["6月12日，《雾港》在爱奇艺开播，站内播放量超过1000万次。"]
    assert found


def test_the_same_facts_again_are_no_news() -> None:
    found = news(EARLIER, ["据悉，爱奇艺新剧《雾港》定档6月12日，共12集，讲述一桩二十年悬案。"])
    assert not found and found.sentences == []


def test_a_chain_the_earlier_text_never_named_is_no_news() -> None:
    # 发布 is a step of several chains, and almost every report says it: only a move along a named chain counts.
    assert not news("星河影视完成B轮融资。", ["星河影视发布新品。"]).stage


def test_every_chain_runs_in_order() -> None:
    for chain in chains():
        assert len(chain.steps) >= 2 and all(chain.steps), chain.name
        for i, step in enumerate(chain.steps[1:], 1):
            later = news(chain.steps[0][0], [f"项目今日{step[0]}。"])
            assert later.stage == step[0] and later.stage_before == chain.steps[0][0], (chain.name, i)


def test_same_story_across_weeks() -> None:
    when = datetime(2025, 6, 4)
    earlier = Doc(0, "迷雾剧场《雾港》定档6月12日", "爱奇艺迷雾剧场新剧《雾港》官宣定档6月12日，全剧12集。", when)
    later = Doc(1, "《雾港》今晚开播", "6月12日，《雾港》在爱奇艺开播，播放量超过1000万次。", datetime(2025, 7, 30))
    other = Doc(2, "星河影视完成B轮融资", "6月4日，星河影视宣布完成B轮融资，投资方包括多家机构。", when)
    sibling = Doc(3, "爱奇艺《山海长歌》今晚开播", "6月5日，爱奇艺网络剧《山海长歌》开播，全剧共36集。", when)
    assert same_story(earlier, later)
    assert not same_story(earlier, other)
    assert not same_story(earlier, sibling)  # one platform, another show
