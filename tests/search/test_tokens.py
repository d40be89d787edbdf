"""The search tokenizer: one for the index and the query; bigrams inside longer words, model names whole."""

from __future__ import annotations

from zhoubao.text.search import parse_query, search_tokens, snippet


def test_a_two_character_word_is_found_inside_a_longer_one() -> None:
    tokens = search_tokens("星河科技完成B轮融资，估值超过十亿元")
    assert "融资" in tokens
    assert set(parse_query("融资").terms) <= set(tokens)
    assert not set(parse_query("投资").terms) <= set(tokens)


def test_model_names_are_kept_whole_and_in_parts() -> None:
    tokens = search_tokens("OpenAI发布GPT-4o，阿里开源Qwen2.5")
    assert {"gpt-4o", "gpt", "4o", "qwen2.5", "openai"} <= set(tokens)
    assert parse_query("gpt-4o").terms[0] == "gpt-4o"


def test_latin_is_lower_cased_and_full_width_folded() -> None:
    assert search_tokens("ＧＰＴ-4o iPhone") == search_tokens("gpt-4o IPHONE")
    assert parse_query("IPHONE").terms == parse_query("iphone").terms == ("iphone",)


def test_tokens_are_plain_and_without_spaces() -> None:
    for tok in search_tokens("《山海长歌》今晚开播！ 70%的用户、C++ 与 “引号” a.b"):
        assert tok and " " not in tok and all(c.isalnum() or c in "-_.+" for c in tok), tok


def test_the_snippet_marks_the_first_match_in_the_original_text() -> None:
    text = "前言" * 40 + "6月5日，爱奇艺宣布网络剧《山海长歌》当晚开播，使用ＧＰＴ-4o生成海报。" + "后记" * 40
    cut = snippet(text, parse_query("爱奇艺 gpt-4o"))
    marked = cut.marked()
    assert "【爱奇艺】" in marked and "【ＧＰＴ-4o】" in marked
    assert marked.startswith("…") and marked.endswith("…") and len(cut.plain) < 100


def test_the_snippet_joins_the_lines_of_chinese_text_and_keeps_latin_spaces() -> None:
    cut = snippet("第一段说到融资。\n\n第二段 继续。\nGPT-4o and Qwen 发布", parse_query("融资"))
    assert cut.plain == "第一段说到融资。第二段继续。GPT-4o and Qwen 发布"


def test_an_alias_in_the_text_is_found_by_the_full_name() -> None:
    tokens = set(search_tokens("B站一季度营收增长"))
    assert set(parse_query("哔哩哔哩").terms) <= tokens
    assert not set(parse_query("哔哩哔哩").terms) <= set(search_tokens("某站一季度营收增长"))


def test_an_alias_in_the_query_is_asked_by_the_full_name() -> None:
    assert parse_query("B站").terms == parse_query("哔哩哔哩").terms
    assert "b站" in parse_query("B站").needles
    assert parse_query("总局").terms == ("总局",)  # a short Chinese alias stays as typed: it could be any 总局
