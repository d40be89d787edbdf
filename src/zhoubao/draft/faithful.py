"""Rules that keep a draft faithful to its sources: dates relative to a report resolved, cuts only where allowed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from zhoubao.draft.damage import PAIRS, TODAY_ON, TOMORROW

_CLOSERS = {v: k for k, v in PAIRS.items()}

# A date relative to the report: resolved against its publication date or dropped. "24日前后", "节日前", 今日头条
# and 《今日说法》 are not dates. The clock time and 起 that may follow go with it in a title.
_WEEKDAYS = "一二三四五六日天"
RELATIVE = re.compile(
    r"(?<![\d节生假期限之])(?P<pre>于|在)?"
    rf"(?P<word>今日(?!头条|说法|关注|聚焦|亮点|俄罗斯)|今天|今晚|昨日|昨天|昨晚|本周(?P<wd>[{_WEEKDAYS}])?|日前(?!后)"
    # 今起/明起 (from today, from tomorrow: "极兔今起纳入恒指"), 明日 before a time of day; not 至今起到, 说明起草.
    rf"|{TODAY_ON}|{TOMORROW})"
    r"(?P<clock>\s*\d{1,2}[:：]\d{2}|\s*\d{1,2}点半?|[上下中]午|晚间|晚上|凌晨|傍晚)?"
    r"(?P<on>起(?!到|了|着|来|草))?"
)
_SAID_DAY = re.compile(r"(?:今日|今天|今晚|昨日|昨天|昨晚|明日|明天|明晚)[（(](?P<day>(?:\d{1,2}月)?\d{1,2}日)[）)]"
                       # Taiwan's and Hong Kong's press: "今（11日）起", "今（11）日上午", "昨（10）日".
                       r"|[今昨明][（(](?P<day2>(?:\d{1,2}月)?\d{1,2})(?:日[）)]|[）)]日)")
_LEAD_DATE = re.compile(r"^(\d{1,2}月\d{1,2}日)")


def outside_pairs(text: str) -> list[bool]:
    """For each character, whether it stands outside every quotation and bracket (the pair's marks excluded)."""
    out: list[bool] = []
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            out.append(False)
            stack.append(ch)
        elif ch in _CLOSERS and stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
            out.append(False)
        else:
            out.append(not stack)
    return out


def cut_allowed(text: str, at: int) -> bool:
    """Whether text may be cut at index `at`: no quotation or bracket left open before it, not inside a number."""
    if at <= 0 or at >= len(text):
        return True
    return not _open(text[:at]) and not (text[at - 1].isdigit() and text[at].isdigit())


def _open(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS and stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
    return bool(stack)


def _day(published: datetime, tz: str, back: int = 0) -> str:
    local = published.astimezone(ZoneInfo(tz)) - timedelta(days=back)
    return f"{local.month}月{local.day}日"


def said_day(text: str) -> str:
    """"今天（10日）上午" → "10日上午": the source says the day itself; its words stand, the relative one goes."""
    return _SAID_DAY.sub(lambda m: m.group("day") or f"{m.group('day2')}日", text)


def resolve_relative(text: str, published: datetime | None, tz: str) -> str:
    """Dates relative to the report made absolute ("今日" → "6月5日", "昨日" → "6月4日", "日前" → "近日"), or
    dropped when the report has no date or the paragraph's lead already says that day; words in quotes stay."""
    text = said_day(text)
    lead = _LEAD_DATE.match(text)
    free = outside_pairs(text)

    def repl(m: re.Match[str]) -> str:
        if not free[m.start("word")]:
            return m.group(0)
        pre, word, clock = m.group("pre") or "", m.group("word"), m.group("clock") or ""
        on = m.group("on") or ""
        clock_text = clock.strip()
        if word == "日前":
            return f"{pre}近日{clock}{on}"
        if word.startswith("本周"):
            wd = m.group("wd")
            if wd is None or published is None:
                return f"{pre}近日{clock}{on}"
            local = published.astimezone(ZoneInfo(tz))
            monday = local - timedelta(days=local.weekday())
            target = monday + timedelta(days=_weekday(wd))
            return f"{pre}{target.month}月{target.day}日{clock}{on}"
        if published is None:
            # The word goes with its 起 ("今日起施行" → "施行"): a bare 起 would read "…(01519)起纳入".
            return clock_text if clock_text and not pre else (f"{pre}{clock_text}" if clock_text else "")
        when = _day(published, tz, back=1 if word.startswith("昨") else -1 if word.startswith("明") else 0)
        evening = "晚" if word.endswith("晚") and not clock_text else ""
        if lead and lead.group(1) == when and m.start() > lead.end() and not text.startswith("至", m.end()):
            # The lead already says that day: the word goes, the time of day stays ("…今晚20点…" → "…20点…"), and
            # a bare 起 with the word ("6月8日，极兔今日起纳入" → "6月8日，极兔纳入"). Not before 至 (a span).
            if clock_text:
                return f"{pre}{clock_text}{on}"
            return pre if pre == "在" and not on else ""
        return f"{pre}{when}{evening}{clock_text}{on}"

    out = resolve_next_year(RELATIVE.sub(repl, text), published, tz)
    # A word dropped at a clause start leaves its comma: "，，" or an opening "，".
    out = re.sub(r"([，,])[，,]+", r"\1", out)
    return re.sub(r"^[，,]\s*", "", out)


_BARE_DAY = re.compile(r"^(\d{1,2})日(?![\d前后])")


def month_of_day(day: int, published: datetime, tz: str) -> int:
    """The month of a day named without one ("25日"): the report's own, or the one before when that day is still to
    come in the report's month."""
    local = published.astimezone(ZoneInfo(tz))
    return local.month if day <= local.day else (local.month - 1 or 12)


def _weekday(ch: str) -> int:
    """Monday 0 … Sunday 6 for the character after 周/星期 (日 and 天 both Sunday)."""
    return _WEEKDAYS.index(ch) if ch not in "日天" else 6


def month_of_bare_day(text: str, published: datetime | None, tz: str) -> str:
    """A lead that opens with a bare day ("9日开幕的服贸会…", "24日晚，…") given its month, the report's own or the
    one before when the day is still to come in it ("9月9日开幕的…"): the house's first words say the whole date."""
    m = _BARE_DAY.match(text)
    if not m or published is None:
        return text
    day = int(m.group(1))
    if not 1 <= day <= 31:
        return text
    return f"{month_of_day(day, published, tz)}月{text}"


_WEEKDAY_LEAD = re.compile(r"^(当地时间|美东时间|北京时间)?(?:本)?(?:周|星期)([一二三四五六日天])(?![至到、和与])")


def weekday_lead(text: str, published: datetime | None, tz: str) -> str:
    """A lead that opens with a weekday ("当地时间周二美股盘后，奈飞公布三季报") given its date, the last such day on
    or before the report's: the house says the date, and a weekday is wrong once the issue goes out."""
    m = _WEEKDAY_LEAD.match(text)
    if not m or published is None:
        return text
    local = published.astimezone(ZoneInfo(tz))
    day = local - timedelta(days=(local.weekday() - _weekday(m.group(2))) % 7)
    zone = "当地时间" if m.group(1) in ("当地时间", "美东时间") else ""
    rest = text[m.end():]
    return f"{zone}{day.month}月{day.day}日{rest}"


# A lead's opening words that say when ("6月1日，", "近日，", "当地时间6月1日，").
_OPENING = re.compile(r"^(?:当地时间)?(?:\d{1,2}月\d{1,2}日|近日|日前)[，,]")
# The clause that says who acts, after an opening purpose ("为规范…，推动…，国家能源局决定开展…"): one that opens
# with 经 (经…推荐、专家评审，…) or names its act.
_ACTOR_CLAUSE = re.compile(r"^(?:经|[^，,；;。]{0,30}?(?:印发|发布|组织|决定|确定|开展|召开|公布|制定|修订|出台|启动|推出|联合|会同"
                           r"|拟|将|近日|日前))")


def drop_purpose(text: str) -> str:
    """A lead's opening purpose clauses left out ("6月1日，为规范…，推动…，国家能源局决定开展…" → "6月1日，国家能源局决定
    开展…"): over the labelled weeks editors opened 1 paragraph in about 2,000 with 为…, the drafts 35. Only when
    the clause that acts follows within three clauses; what is kept is the source's own words."""
    m = _OPENING.match(text)
    at = m.end() if m else 0
    if not text.startswith("为", at) or text.startswith(("为期", "为此", "为何"), at):
        return text
    rest = text[at:]
    clauses = re.split(r"(?<=[，,])", rest.split("。", 1)[0])
    for k in range(1, min(4, len(clauses))):
        if _ACTOR_CLAUSE.match(clauses[k]):
            return text[:at] + rest[sum(len(c) for c in clauses[:k]):]
    return text


def resolve_next_year(text: str, published: datetime | None, tz: str) -> str:
    """明年 made the year it is ("红果短剧宣布明年投入30亿元" → "…2027年投入…"): over the labelled weeks editors never
    left 明年 in a paragraph (今年 and 去年 they keep). Only the word 明年 as the text's words segment it (not
    光明年代, 说明年度); words in quotes stay; without the report's date the text stays as it is."""
    if published is None or "明年" not in text:
        return text
    import rjieba

    year = published.astimezone(ZoneInfo(tz)).year + 1
    free = outside_pairs(text)
    out, at = [], 0
    for word in rjieba.cut(text):
        out.append(f"{year}年" if word == "明年" and free[at] else word)
        at += len(word)
    return "".join(out)


_TITLE_RELATIVE = re.compile(RELATIVE.pattern + r"(?:起)?")


def drop_relative(title: str) -> str:
    """A title without dates relative to its report ("《X》今晚20点开播" → "《X》开播"): an issue goes out days later."""
    free = outside_pairs(title)
    out = _TITLE_RELATIVE.sub(lambda m: "" if free[m.start("word")] else m.group(0), title)
    return re.sub(r"^[，,：:\s]+|[，,\s]+$", "", out) if out != title else title


_ELLIPSIS_END = re.compile(r"(?:…|⋯|\.{3})+\s*$")
# Not 、: a list cut short ("芒果TV、抖音、快手……") cut at a comma would read as complete.
_CLAUSE_END = re.compile(r"[，,；;：:]")


def uncut(sentence: str) -> str:
    """A sentence a source cut short ("…较上一代明……") back to its last whole clause, or "" when none is left."""
    if not _ELLIPSIS_END.search(sentence):
        return sentence
    body = _ELLIPSIS_END.sub("", sentence)
    ends = [m.start() for m in _CLAUSE_END.finditer(body) if cut_allowed(body, m.start())]
    if not ends or ends[-1] < 8:
        return ""
    return body[: ends[-1]].rstrip() + "。"
