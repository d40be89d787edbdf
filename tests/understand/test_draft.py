"""Extractive drafting in house form, and the fact-checked LLM drafter against a fake endpoint on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zhoubao.app import build as building
from zhoubao.archive.models import Report, Story
from zhoubao.conf.settings import load
from zhoubao.draft.extractive import Source, clean_title, draft_paragraph, draft_story, house_title
from zhoubao.draft.llm import fact_check

TZ = ZoneInfo("Asia/Shanghai")
WHEN = datetime(2025, 9, 17, 20, tzinfo=TZ)
TEXT = "IT之家 9 月 17 日消息，抖音今日发布公告称，平台累计处置未按规定标识的AI生成内容超过41万条。"


def test_title_in_house_form() -> None:
    assert house_title("国家广播电视总局办公厅关于做好国庆期间节目编排播出工作的通知") == \
        "国家广播电视总局办公厅：做好国庆期间节目编排播出工作"
    assert house_title("2025中国微短剧大会在杭州开幕 52家机构签署行业自律公约") == "2025中国微短剧大会在杭州开幕"
    # What a leader or body stressed is the news; a listed company's legal name is its lexicon name.
    assert house_title("李强在浙江考察时强调 畅通国内国际物流循环") == "李强在浙江考察：畅通国内国际物流循环"
    from zhoubao.text.gazetteer import lexicon_for, lexicon_table
    lex = lexicon_for(lexicon_table({"platforms": ["顺丰=顺丰控股|顺丰速运"]}))
    assert house_title("顺丰控股股份有限公司：拟发行离岸人民币债券", lex) == "顺丰：拟发行离岸人民币债券"
    assert house_title("某某科技股份有限公司：关于回购股份的公告", lex).startswith("某某科技股份有限公司")  # unknown: kept
    assert clean_title("腾讯回应组织调整：新设全球发行线属实丨") == "腾讯回应组织调整：新设全球发行线属实"


def test_title_drops_column_labels_clock_times_and_keeps_one_colon() -> None:
    assert house_title("云合日榜｜《边城往事》开播首日有效播放市占率8.7%") == "《边城往事》开播首日有效播放市占率8.7%"
    assert house_title("艾媒咨询｜2025年中国在线视频会员市场研究报告") == "艾媒咨询：2025年中国在线视频会员市场研究报告"
    assert house_title("苏超｜南京逆转苏州") == "南京逆转苏州"  # dev-zp: a short headline after its column's label
    assert house_title("今晚19:30，《湘江北去》芒果TV、湖南卫视同步开播") == "《湘江北去》芒果TV、湖南卫视同步开播"
    assert house_title("华策影视：关于对外投资设立控股子公司的公告") == "华策影视：对外投资设立控股子公司"
    assert house_title("快手发布可灵2.0，刘文涛：AI视频生成正从能用走向好用") == "快手发布可灵2.0"


def test_paragraph_lead_moves_the_date_to_the_front() -> None:
    assert draft_paragraph(TEXT, WHEN, tz="Asia/Shanghai").startswith("9月17日，抖音发布公告称")
    assert draft_paragraph("新浪科技讯 北京时间9月19日早间消息，据报道，当地时间9月18日，YouTube宣布更新政策。", WHEN, tz="Asia/Shanghai") \
        == "当地时间9月18日，YouTube宣布更新政策。"
    notice = "各省、自治区、直辖市广播电视局：\n为做好节目编排，现通知如下。\n一、总体要求"
    assert draft_paragraph(notice, WHEN, tz="Asia/Shanghai") == "9月17日，为做好节目编排，现通知如下。"


def test_a_statistics_release_that_opens_with_a_heading_still_gets_its_lead() -> None:
    release = ("一、总体情况\n1—4月，通信行业运行总体平稳，电信业务收入累计完成5950亿元，同比增长1.5%。\n"
               "二、移动互联网流量\n1—4月，移动互联网累计流量达1.31万亿GB，同比增长16.2%。")
    assert draft_paragraph(release, WHEN, tz="Asia/Shanghai") == "9月17日，1—4月，通信行业运行总体平稳，电信业务收入累计完成5950亿元，同比增长1.5%。"
    # From the ministry itself the lead says who released the figures, as editors write it.
    assert draft_paragraph(release, WHEN, outlet="工业和信息化部", tz="Asia/Shanghai").startswith("9月17日，工业和信息化部发布数据显示，1—4月，通信行业")
    d = draft_story([Source("2025年1—4月通信业经济运行情况", release, WHEN, "工业和信息化部", 1.0),
                     Source("通信业运行情况", "一、总体情况\n二、流量", WHEN, "某网", 0.5)], tz="Asia/Shanghai")
    assert d.paragraphs and "5950亿元" in d.paragraphs[0]


def test_a_notice_in_the_authoritys_own_voice_names_the_authority() -> None:
    text = "根据《互联网信息服务深度合成管理规定》，现公开发布第十二批境内深度合成服务算法备案信息。"
    assert draft_paragraph(text, WHEN, outlet="国家互联网信息办公室", tz="Asia/Shanghai") == \
        "9月17日，根据《互联网信息服务深度合成管理规定》，国家互联网信息办公室公开发布第十二批境内深度合成服务算法备案信息。"


def test_a_notice_s_decision_names_who_decided_and_its_formula_ends_the_lead() -> None:
    # dev-zp: "…，决定开展…工作。现将有关事项通知如下。" on 国家能源局's own page.
    text = ("各省（自治区、直辖市）能源局：\n为科学引导新能源开发建设，促进新能源与电力系统协调发展，决定开展2026年度新能源"
            "消纳能力评估工作。现将有关事项通知如下。\n一、评估范围")
    assert draft_paragraph(text, WHEN, outlet="国家能源局", tz="Asia/Shanghai") == (
        "9月17日，国家能源局决定开展2026年度新能源消纳能力评估工作。")  # its purpose left out (faithful.drop_purpose)
    assert "通知如下" not in draft_paragraph(text, WHEN, tz="Asia/Shanghai")


@pytest.mark.parametrize(("title", "lead", "outlet", "kind", "house"), [
    # dev-zr: a research firm's, an association's own page names no one; the page is theirs.
    ("2026年2月连续剧市场表现", "2026年2月，全网连续剧有效播放38.6亿次，环比增长9%。", "云合数据", "research",
     "云合数据：2月全网连续剧有效播放38.6亿次"),
    ("艺恩：2026年2月综艺市场报告", "艺恩数据显示，2026年2月全网上新综艺23部，其中网络综艺15部。", "艺恩数据", "research",
     "艺恩数据：2月全网上新综艺23部"),
    ("2025年全国消协组织受理投诉情况分析", "根据统计，2025年全国消协组织共受理消费者投诉167.3万件，解决115.8万件。",
     "中国消费者协会", "association", "中国消费者协会：2025年全国消协组织共受理消费者投诉167.3万件"),
    # A newspaper's page is not the releaser's.
    ("2025年全国消协组织受理投诉情况分析", "根据统计，2025年全国消协组织共受理消费者投诉167.3万件，解决115.8万件。",
     "某报", "media", "2025年全国消协组织受理投诉情况分析"),
])
def test_figures_on_a_body_s_own_page_are_titled_by_that_body(title: str, lead: str, outlet: str, kind: str,
                                                              house: str) -> None:
    when = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert draft_story([Source(title, lead, when, outlet, 0.8, kind)], tz="Asia/Shanghai").title == house


def test_a_year_end_is_a_period_not_a_figure() -> None:
    # dev-d: "截至2024年底" read as a value ("至2024") made a title "克劳锐：截至2024年底".
    from zhoubao.draft.figures import headline_figure

    lead = "报告显示，截至2024年底，国内活跃中文播客节目超过6.2万档，播客听众规模约1.6亿。"
    assert headline_figure(lead) == "截至2024年底国内活跃中文播客节目超过6.2万档"


def test_an_appointment_under_its_heading_says_who_appointed() -> None:
    # dev-zp: 人社部's page, "国务院任免国家工作人员" on its own line over "任命邵振华为国家能源局副局长。"
    text = "国务院任免国家工作人员\n任命邵振华为国家能源局副局长。"
    assert draft_paragraph(text, WHEN, tz="Asia/Shanghai") == "9月17日，国务院任命邵振华为国家能源局副局长。"
    assert draft_paragraph("人事任免\n任命邵振华为国家能源局副局长。", WHEN, tz="Asia/Shanghai") == \
        "9月17日，任命邵振华为国家能源局副局长。"


def test_an_authority_s_headline_is_prefixed_with_its_name_not_its_website_s() -> None:
    # dev-zn: "中国网信网：2026年国家网络安全宣传周…" — the site is 中央网信办's; a body's own name stays as it writes it.
    title = "2026年国家网络安全宣传周在郑州开幕"
    text = "9月15日，2026年国家网络安全宣传周在河南郑州开幕。"
    site = draft_story([Source(title, text, WHEN, "中国网信网", 1.0)], tz="Asia/Shanghai").title
    own = draft_story([Source(title, text, WHEN, "中国网络视听协会", 1.0)], tz="Asia/Shanghai").title
    assert site == f"中央网信办：{title}" and own == f"中国网络视听协会：{title}"


def test_story_title_prefers_plain_central_headlines() -> None:
    srcs = [Source("抖音：9月以来处置未标识AI生成内容超41万条", TEXT, WHEN, "IT之家", 0.5),
            Source("AI标识新规满月，平台交出了什么成绩单？", TEXT, WHEN, "传媒内参", 0.4),
            Source("抖音关于人工智能生成内容标识治理情况的公告", TEXT, WHEN, "抖音", 0.6)]
    d = draft_story(srcs, tz="Asia/Shanghai")
    assert "？" not in d.title and d.paragraphs[0].startswith("9月17日，")


def test_fact_check_catches_invented_numbers_names_and_works() -> None:
    srcs = [Source("抖音处置AI内容", TEXT, WHEN, "IT之家")]
    assert fact_check(["9月17日，抖音处置未标识的AI生成内容超过41万条。"], srcs, tz="Asia/Shanghai").ok
    assert not fact_check(["9月17日，抖音处置AI生成内容超过45万条。"], srcs, tz="Asia/Shanghai").ok
    assert not fact_check(["9月17日，快手处置AI生成内容超过41万条。"], srcs, tz="Asia/Shanghai").ok
    assert not fact_check(["抖音公布《治理白皮书》。"], srcs, tz="Asia/Shanghai").ok
    assert not fact_check(["9月12日，抖音发布公告。"], srcs, tz="Asia/Shanghai").ok


class _Fake(BaseHTTPRequestHandler):
    answer = ""
    seen: list[dict[str, object]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Fake.seen.append(body)
        out = json.dumps({"choices": [{"message": {"content": _Fake.answer}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *_a: object) -> None:
        pass


@pytest.mark.django_db
@pytest.mark.parametrize(("answer", "used", "note"), [
    ('{"title": "抖音：处置未标识AI生成内容超41万条", "paragraph": "9月17日，抖音发布公告，累计处置未按规定标识的AI生成内容超过41万条。"}',
     True, ""),
    ('```json\n{"title": "抖音处置AI内容50万条", "paragraph": "9月17日，抖音处置AI内容50万条。"}\n```', False, "未通过核对"),
    # Facts right, text damaged (a relative date, a cut): the extractive draft stays.
    ('{"title": "抖音今日处置未标识AI生成内容", "paragraph": "9月17日，抖音发布公告，累计处置未按规定标识的AI生成内容超过41万……"}',
     False, "模型稿有破损"),
])
def test_llm_draft_is_used_only_when_its_facts_check(tmp_path: Path, answer: str, used: bool, note: str) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        (tmp_path / "zhoubao.toml").write_text(
            f'[fetch]\nallow = ["127.0.0.1:{port}"]\n[llm]\nenabled = true\nurl = "http://127.0.0.1:{port}/v1"\n'
            'model = "fake"\napi_key_env = ""\n', encoding="utf-8")
        settings = load(tmp_path, env={})
        _Fake.answer = answer
        Report.objects.create(url="https://www.ithome.com/0/1.htm", title="抖音：9月以来已处置未标识AI生成内容超41万条",
                              text=TEXT, published=WHEN, outlet="IT之家", outlet_kind="media", fingerprint="f1")
        res = building.build(settings, issue_date=date(2025, 9, 22))
        story = Story.objects.get()
        item = res.issue.items.get()
        if used:
            assert item.title == "抖音：处置未标识AI生成内容超41万条" and story.reasons["draft"] == "llm"
        else:
            assert item.title != "抖音今日处置未标识AI生成内容" and "50万" not in item.title and note in story.reasons["draft"]
        assert _Fake.seen and _Fake.seen[-1]["model"] == "fake"
    finally:
        server.shutdown()


@pytest.mark.parametrize("title, house", [
    ("安踏体育(02020)：委任林晓东为斐乐集团总裁", "安踏体育：委任林晓东为斐乐集团总裁"),
    ("哔哩哔哩(09626.HK)：董事会批准最高5亿美元股份回购计划", "哔哩哔哩：董事会批准最高5亿美元股份回购计划"),
    ("恒瑞医药(600276.SH)：伊瑞奇单抗获批上市", "恒瑞医药：伊瑞奇单抗获批上市"),
    ("B站(NASDAQ: BILI)发布一季度财报", "B站发布一季度财报"),
    # A year, an abbreviation, a work's own brackets stay.
    ("中国网络视听协会发布《中国微短剧行业发展白皮书（2026）》", "中国网络视听协会发布《中国微短剧行业发展白皮书（2026）》"),
    ("王者荣耀职业联赛（KPL）公布2026赛季规划", "王者荣耀职业联赛（KPL）公布2026赛季规划"),
    ("中国视听新媒体发展报告（2025）发布", "中国视听新媒体发展报告（2025）发布"),
])
def test_a_stock_code_never_stays_in_a_title(title: str, house: str) -> None:
    assert house_title(title) == house


@pytest.mark.parametrize("title, lead, house", [
    ("2026年五一假期用户行为洞察", "5月8日，QuestMobile数据显示，五一假期短视频人均单日使用时长158.6分钟，同比增长6.3%。",
     "QuestMobile：五一假期短视频人均单日使用时长158.6分钟"),
    ("2026年4月全球短剧应用收入洞察", "据Sensor Tower数据，4月全球短剧应用内购收入约2.9亿美元，同比增长41%。",
     "Sensor Tower：4月全球短剧应用内购收入约2.9亿美元"),
    ("2026年4月微短剧投流月报", "5月5日，DataEye研究院数据显示，2026年4月，微短剧投流消耗约62亿元，环比增长9%。",
     "DataEye：2026年4月微短剧投流消耗约62亿元"),
    # Not a research firm, no figure, or the firm's figure already: as chosen.
    ("国家统计局：5月CPI", "6月9日，国家统计局数据显示，5月份全国居民消费价格同比下降0.1%。", "国家统计局：5月CPI"),
    ("《星河》开播首周热度", "6月9日，德塔文数据显示，《星河》开播首周景气指数位列第一。", "《星河》开播首周热度"),
    ("艾瑞：2027年微短剧市场规模将破850亿元", "5月8日，艾瑞咨询最新报告显示，2025年中国微短剧市场规模达621.5亿元。",
     "艾瑞：2027年微短剧市场规模将破850亿元"),
])
def test_a_research_firms_story_is_titled_by_the_firm_and_its_figure(title: str, lead: str, house: str) -> None:
    from zhoubao.draft.figures import figures_title
    from zhoubao.text.gazetteer import default_lexicon

    assert figures_title(title, lead, default_lexicon()) == house


@pytest.mark.parametrize("title, lead, house", [
    # A ministry's statistics named by their document: who released them, then the first figure with its period.
    ("工业和信息化部：2026年1—7月通信业经济运行情况",
     "8月14日，工业和信息化部发布数据显示，1—7月，通信业经济运行平稳，电信业务收入累计完成10392亿元，同比增长2.6%。",
     "工业和信息化部：1—7月电信业务收入累计完成10392亿元"),
    ("交通运输部：2026年5月交通运输经济运行情况",
     "6月12日，5月份，交通运输经济运行总体平稳。全国完成营业性货运量49.6亿吨，同比增长3.8%。",
     "交通运输部：5月份全国完成营业性货运量49.6亿吨"),
    ("2025年中国AI视频生成行业研究报告",
     "12月18日，艾瑞咨询发布《2025年中国AI视频生成行业研究报告》。报告数据显示，2025年中国AI视频生成市场规模约为42.6亿元。",
     "艾瑞咨询：2025年中国AI视频生成市场规模约为42.6亿元"),
    ("国家邮政局：2026年5月中国快递发展指数报告",
     "6月10日，经国家邮政局测算，2026年5月中国快递发展指数为482.6，同比提升6.8%。",
     "国家邮政局：2026年5月中国快递发展指数为482.6"),
    # No figure that stands alone, or not a document's name: as chosen.
    ("工业和信息化部：2025年前三季度软件业经济运行情况",
     "10月24日，前三季度，我国软件和信息技术服务业运行态势平稳，软件业务收入保持两位数增长。",
     "工业和信息化部：2025年前三季度软件业经济运行情况"),
    ("李强作政府工作报告", "3月5日，十四届全国人大四次会议开幕。国务院总理李强作政府工作报告，今年发展主要预期目标是国内生产总值增长5%左右。",
     "李强作政府工作报告"),
    ("国家统计局：4月份社会消费品零售总额情况", "5月19日，国家统计局发布数据显示，同比增长5.1%。",
     "国家统计局：4月份社会消费品零售总额情况"),
    # An office's account of its own acts is named by the document (dev-zn, dev-n editors), not its first figure.
    ("国家广播电视总局电视剧司：8月全国国产电视剧发行许可证发放情况",
     "9月10日，国家广播电视总局发布数据显示，2026年8月，全国共有18部542集国产电视剧获得发行许可。",
     "国家广播电视总局电视剧司：8月全国国产电视剧发行许可证发放情况"),
])
def test_statistics_named_by_their_document_are_titled_by_who_and_the_figure(title: str, lead: str,
                                                                              house: str) -> None:
    from zhoubao.draft.figures import figures_title
    from zhoubao.text.gazetteer import default_lexicon

    assert figures_title(title, lead, default_lexicon()) == house


@pytest.mark.parametrize("title, published, house", [
    ("QuestMobile：2026年3月移动互联网月活跃用户规模达12.71亿", date(2026, 5, 8), "QuestMobile：3月移动互联网月活跃用户规模达12.71亿"),
    ("国家广播电视总局：2026年一季度行业总收入3968.21亿元", date(2026, 5, 8), "国家广播电视总局：一季度行业总收入3968.21亿元"),
    ("Sensor Tower：2025年12月短剧应用内购收入2.6亿美元", date(2026, 1, 12), "Sensor Tower：12月短剧应用内购收入2.6亿美元"),
    # A year the reader could not place without it, or not a period's: kept.
    ("云合数据：2025年上半年剧集有效播放同比下降4%", date(2026, 5, 8), "云合数据：2025年上半年剧集有效播放同比下降4%"),
    ("Sensor Tower：2025年3月短剧应用内购收入2.6亿美元", date(2026, 5, 8), "Sensor Tower：2025年3月短剧应用内购收入2.6亿美元"),
    ("国家版权局发布2026年度第七批重点作品版权保护预警名单", date(2026, 5, 8), "国家版权局发布2026年度第七批重点作品版权保护预警名单"),
    ("2026中国微短剧大会在杭州举办", date(2026, 5, 8), "2026中国微短剧大会在杭州举办"),
    ("国家邮政局：通报2026年4月邮政业用户申诉情况", date(2026, 5, 8), "国家邮政局：通报2026年4月邮政业用户申诉情况"),
])
def test_a_titles_period_loses_a_year_the_reader_places_without_it(title: str, published: date, house: str) -> None:
    from zhoubao.draft.figures import period_without_year

    assert period_without_year(title, datetime(published.year, published.month, published.day)) == house


@pytest.mark.parametrize("title, lead, house", [
    ("国务院任免国家工作人员", "4月17日，国务院任免国家工作人员。任命刘建华为国家广播电视总局副局长；任命孙立平为国家统计局副局长。",
     "国务院任命刘建华为国家广播电视总局副局长"),
    # A post at a body the lexicon lists comes before one it does not.
    ("人事任免", "3月2日，任命赵一鸣为某市群众艺术馆馆长；任命钱多多为国家电影局副局长。", "任命钱多多为国家电影局副局长"),
    ("云南省人民政府：周立新等同志职务任免", "5月22日，云南省人民政府决定，任命周立新为云南省文化和旅游厅厅长。",
     "云南省人民政府：任命周立新为云南省文化和旅游厅厅长"),
    ("国务院任免国家工作人员", "9月11日，国务院任免国家工作人员。任命……（略）。", "国务院任免国家工作人员"),
    ("芒果超媒聘任周雨航为副总经理", "5月8日，芒果超媒公告，任命周雨航为副总经理。", "芒果超媒聘任周雨航为副总经理"),
    # A listed company's filing (dev-zp, dev-zn): "聘任…先生为公司…".
    ("阳光电源：聘任高级管理人员", "7月17日，阳光电源召开董事会，同意聘任陈晓东先生为公司副总裁兼海外事业部总裁，任期三年。",
     "阳光电源：聘任陈晓东为副总裁兼海外事业部总裁"),
    ("芒果超媒股份有限公司关于总经理变更的公告", "9月11日，芒果超媒公告，董事会同意聘任方菲为公司总经理。",
     "芒果超媒：聘任方菲为总经理"),
])
def test_a_generic_appointment_headline_names_the_appointee(title: str, lead: str, house: str) -> None:
    from zhoubao.draft.appointment import appointment_title
    from zhoubao.text.gazetteer import default_lexicon

    assert appointment_title(title, lead, default_lexicon()) == house


def test_a_lead_never_carries_an_analysts_view_for_its_second_sentence() -> None:
    text = ("6月5日，星河视频上线“长辈模式”，字号和按钮全面放大。业内人士认为，这是长视频平台争夺银发用户的信号。"
            "该模式首批覆盖安卓和iOS客户端。")
    para = draft_paragraph(text, datetime(2026, 6, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tz="Asia/Shanghai")
    assert "业内人士" not in para
    assert para.endswith("该模式首批覆盖安卓和iOS客户端。")


PUB = datetime(2026, 7, 17, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(("title", "lead", "outlet", "house"), [
    # dev-zp: a company's own paper says 公司; its outlet names the company (the lexicon knows it) …
    ("公司与江苏省人民政府签署战略合作协议", "本报讯 7月19日，国家电网有限公司与江苏省人民政府在南京签署协议。", "国家电网报",
     "国家电网与江苏省人民政府签署战略合作协议"),
    # … or, unknown to the lexicon, its registered name opens the lead
    ("集团公司召开2026年年中工作会议", "7月15日，中国华能集团有限公司召开2026年年中工作会议。", "华能新闻",
     "中国华能集团召开2026年年中工作会议"),
    # a second party's registered name is not the speaker; no company named: as written
    ("公司与江苏省人民政府签署战略合作协议", "7月19日，江苏省人民政府与某某电网有限公司签署协议。", "某报",
     "公司与江苏省人民政府签署战略合作协议"),
    ("公司治理结构进一步完善", "7月15日，记者获悉。", "某报", "公司治理结构进一步完善"),
])
def test_a_headline_in_a_company_s_own_voice_names_the_company(title: str, lead: str, outlet: str,
                                                                house: str) -> None:
    from zhoubao.text.gazetteer import lexicon_for

    lex = lexicon_for({"companies": {"国家电网": ["国家电网有限公司"]}})
    assert draft_story([Source(title, lead, PUB, outlet, 0.8)], tz="Asia/Shanghai", lexicon=lex).title == house


def test_a_leader_s_article_and_a_state_council_meeting_are_named_by_what_they_are() -> None:
    # Over the labelled weeks editors always give the article's title and what the meeting did (dev-zp's reports
    # headlined neither).
    article = ("《求是》杂志发表习近平总书记重要文章",
               "新华社北京7月15日电 7月16日出版的第14期《求是》杂志将发表中共中央总书记、国家主席、中央军委主席习近平的重要"
               "文章《积极稳妥推进能源革命 加快建设新型能源体系》。\n文章强调，能源安全是全局性问题。")
    meeting = ("李强主持召开国务院常务会议",
               "新华社北京7月17日电 国务院总理李强7月17日主持召开国务院常务会议，听取今年以来能源电力保供工作情况汇报，"
               "研究加快构建新型电力系统的政策举措，审议通过《电力监管条例（修订草案）》。\n会议指出，要守住民生用电底线。")
    assert draft_story([Source(*article, PUB, "新华社", 1.0)], tz="Asia/Shanghai").title == \
        "《求是》杂志发表习近平总书记重要文章《积极稳妥推进能源革命 加快建设新型能源体系》"
    assert draft_story([Source(*meeting, PUB, "新华社", 1.0)], tz="Asia/Shanghai").title == \
        "国务院常务会议：研究加快构建新型电力系统的政策举措"
    # A headline that already says what it did is kept.
    said = ("国务院常务会议研究推动服务消费提质扩容", meeting[1])
    assert draft_story([Source(*said, PUB, "新华社", 1.0)], tz="Asia/Shanghai").title == said[0]


def test_an_offices_account_of_its_own_acts_keeps_the_documents_name_on_its_own_page() -> None:
    # dev-zn, dev-n: a regulator's 发放情况 / 处理情况 on its own page; editors named the document, not its first figure.
    from zhoubao.draft.figures import figures_title
    from zhoubao.text.gazetteer import default_lexicon

    title = "国家广播电视总局电视剧司：8月全国国产电视剧发行许可证发放情况"
    lead = "9月10日，国家广播电视总局发布数据显示，2026年8月，全国共有18部542集国产电视剧获得发行许可。"
    assert figures_title(title, lead, default_lexicon(), "国家广播电视总局") == title
    # …while the same page's market figures are still titled by the figure.
    assert figures_title("国家广播电视总局：2026年一季度广播电视行业统计情况",
                         "5月8日，国家广播电视总局发布数据显示，一季度全国广播电视行业总收入3968.21亿元，同比增长5.2%。",
                         default_lexicon(), "国家广播电视总局").startswith("国家广播电视总局：一季度")


def test_the_page_that_gave_the_paragraph_is_the_one_whose_figures_title_it() -> None:
    # The chosen lead (a newspaper's table) gives no paragraph; the research firm's own page does: its figures are its
    # own release, so the item is titled by the firm, as when its page leads.
    when = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    table = "排名 剧名 平台 有效播放\n1 《长河》 爱奇艺 3.2亿\n2 《远山》 腾讯视频 2.9亿\n3 《青溪》 优酷 2.1亿"
    media = Source("2026年2月连续剧市场表现", table, when, "某报", 1.5, "media")
    firm = Source("2026年2月连续剧市场表现", "2026年2月，全网连续剧有效播放38.6亿次，环比增长9%。", when, "云合数据", 0.5,
                  "research")
    drafted = draft_story([media, firm], tz="Asia/Shanghai")
    assert drafted.paragraphs and "38.6亿次" in drafted.paragraphs[0]
    assert drafted.title == "云合数据：2月全网连续剧有效播放38.6亿次", drafted.title
