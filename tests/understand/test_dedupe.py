"""Stories: rewrites merge, near misses of one company or platform stay apart, and candidates come from indexes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from zhoubao.dedupe.stories import Doc, cluster, representative

T0 = datetime(2025, 9, 16, 11, 0, tzinfo=UTC)


def _keys(docs: list[Doc], groups: list[list[int]]) -> list[list[int]]:
    return sorted(sorted(docs[i].key for i in g) for g in groups)


def test_two_results_of_one_day_and_two_shows_of_one_platform_stay_apart() -> None:
    docs = [
        Doc(1, "万达电影：8月实现票房收入6.2亿元", "万达电影9月16日晚间公告，2025年8月公司实现票房收入6.2亿元，观影人次1426万。", T0),
        Doc(2, "万达电影：8月票房收入6.2亿元 观影人次1426万", "财联社9月16日电，万达电影公告，8月实现票房收入6.2亿元，观影人次1426万。", T0),
        Doc(3, "横店影视：8月实现票房收入1.86亿元", "横店影视9月16日晚间公告，2025年8月公司实现票房收入1.86亿元，观影人次497万。", T0),
        Doc(4, "爱奇艺古装剧《长安小吏》今晚开播", "9月16日，爱奇艺出品的古装网络剧《长安小吏》正式开播，共24集。", T0),
        Doc(5, "《长安小吏》开播：小人物视角讲述盛唐", "人民网北京9月16日电 古装网络剧《长安小吏》于9月16日在爱奇艺开播，共24集。", T0),
        Doc(6, "爱奇艺户外慢综艺《一路向野》定档9月26日", "9月18日，爱奇艺户外慢综艺《一路向野》宣布定档9月26日，共12期。", T0),
    ]
    assert _keys(docs, cluster(docs)) == [[1, 2], [3], [4, 5], [6]]


def test_a_story_may_span_days_but_not_weeks() -> None:
    text = "9月19日，国家广播电视总局网络视听节目管理司通报，8月以来累计下架违规微短剧1286部，约谈12家平台。"
    docs = [Doc(1, "网络视听司通报微短剧治理进展", text, T0), Doc(2, "下架1286部、约谈12家平台", text, T0 + timedelta(days=2)),
            Doc(3, "网络视听司通报微短剧治理进展", text, T0 + timedelta(days=30))]
    assert _keys(docs, cluster(docs)) == [[1, 2], [3]]


def test_representative_is_authoritative_and_complete() -> None:
    docs = [Doc(1, "t", "短。", T0), Doc(2, "t", "权威发布的完整正文。" * 20, T0)]
    auth = {1: 0.3, 2: 1.0}
    assert representative(docs, lambda d: auth[d.key]) == 1


def test_many_reports_cluster_without_all_pairs() -> None:
    docs = []
    for i in range(1000):
        docs.append(Doc(i, f"第{i}号平台发布第{i % 97}期节目单 编号{i * 7919 % 10007}",
                        f"{i}号平台于{i % 28 + 1}日发布节目单，编号{i * 7919 % 10007}，共{i % 50}部作品。", T0))
    t = time.perf_counter()
    groups = cluster(docs)
    assert time.perf_counter() - t < 20
    assert len(groups) > 500  # templated texts that differ only in numbers partly merge
