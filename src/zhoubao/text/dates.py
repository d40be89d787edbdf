"""Parse the date forms of Chinese news pages and feeds into aware datetimes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo

__all__ = ["find_dates", "parse_datetime"]

_FW = str.maketrans("０１２３４５６７８９：／－．　", "0123456789:/-. ")

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "两": 2,
}

_PREFIX_RE = re.compile(
    r"^\s*(?:(?:发布|發布|更新|发表|發表|出版|上传|编辑|修改)?(?:时间|時間|日期)|发布于|發布於|发表于|發表於|"
    r"published|updated|date|time)\s*[:：]?\s*",
    re.IGNORECASE,
)
_LOCAL_RE = re.compile(r"^(?:当地时间|當地時間|北京时间|北京時間|美东时间|美東時間|格林尼治时间)")

_TIME = r"(?:\s*(?:[T\s]|日)?\s*(?P<ampm>上午|下午|晚上|凌晨|早上|中午)?\s*(?P<H>\d{1,2})[:：时時点點](?P<M>\d{1,2})?(?:[:：分](?P<S>\d{1,2})(?:\.\d+)?秒?)?)?"
_TZ = r"(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|UTC|GMT|CST|北京时间)(?![A-Za-z]))?"

_YMD_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    + _TIME
    + _TZ
)
_YMD_COMPACT_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)(?:\s*(?P<H>\d{2}):(?P<M>\d{2}))?"
)
_MD_RE = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]" + _TIME)
_MD_DASH_RE = re.compile(r"^(?P<m>\d{1,2})[-/](?P<d>\d{1,2})\s+(?P<H>\d{1,2}):(?P<M>\d{2})")
_CN_YMD_RE = re.compile(
    r"(?P<y>[〇零○一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_REL_DAY_RE = re.compile(r"^(?P<w>今天|今日|昨天|昨日|前天|前日)" + _TIME)
_AGO_RE = re.compile(
    r"^(?P<n>\d+|[一二两三四五六七八九十半]+)\s*(?P<u>秒|分钟|分鐘|分|小时|小時|个小时|個小時|天|日|周|週|星期)\s*前"
)
_NOW_RE = re.compile(r"^(?:刚刚|剛剛|刚才|剛才|just now)")
_TIME_ONLY_RE = re.compile(r"^(?P<H>\d{1,2}):(?P<M>\d{2})$")


def _zone(tz: str) -> timezone | ZoneInfo:
    try:
        return ZoneInfo(tz)
    except Exception:
        return timezone(timedelta(hours=8))


def _cn_num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s == "半":
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGITS.get(a, 1) if a else 1
        ones = _CN_DIGITS.get(b, 0) if b else 0
        return tens * 10 + ones
    total = 0
    for ch in s:
        if ch not in _CN_DIGITS:
            return None
        total = total * 10 + _CN_DIGITS[ch]
    return total


def _hour(h: int, ampm: str | None) -> int:
    if ampm in {"下午", "晚上"} and h < 12:
        return h + 12
    if ampm == "中午" and h < 11:
        return h + 12
    if ampm == "凌晨" and h == 12:
        return 0
    return h


def _tzinfo(tzs: str | None, default: timezone | ZoneInfo) -> timezone | ZoneInfo:
    if not tzs or tzs in {"CST", "北京时间"}:
        return default if tzs is None else timezone(timedelta(hours=8))
    if tzs in {"Z", "UTC", "GMT"}:
        return UTC
    sign = 1 if tzs[0] == "+" else -1
    digits = tzs[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _mk(y: int, mo: int, d: int, hh: int, mm: int, ss: int, tzinfo: timezone | ZoneInfo) -> datetime | None:
    try:
        return datetime(y, mo, d, hh, mm, ss, tzinfo=tzinfo)
    except ValueError:
        return None


def _infer_year(mo: int, d: int, ref: datetime) -> int:
    """A month-day without year: the reference year, or the previous one if that date is in the future."""
    y = ref.year
    try:
        cand = date(y, mo, d)
    except ValueError:
        return y - 1 if mo == 2 and d == 29 else y
    if cand > ref.date() + timedelta(days=2):
        return y - 1
    return y


def _time_parts(m: re.Match[str]) -> tuple[int, int, int]:
    gd = m.groupdict()
    if not gd.get("H"):
        return 0, 0, 0
    h = _hour(int(gd["H"]), gd.get("ampm"))
    return h, int(gd.get("M") or 0), int(gd.get("S") or 0)


def _clean(s: str) -> str:
    s = s.translate(_FW).strip()
    s = s.strip("[]()（）【】〔〕「」<>")
    for _ in range(2):
        s2 = _PREFIX_RE.sub("", s)
        s2 = _LOCAL_RE.sub("", s2).strip()
        if s2 == s:
            break
        s = s2
    return s


def parse_datetime(
    s: str, *, reference: datetime | None = None, tz: str
) -> datetime | None:
    """Parse one date expression (possibly with a 发布时间： prefix or trailing words) to an aware datetime."""
    if not s or not isinstance(s, str):
        return None
    zone = _zone(tz)
    raw = s
    s = _clean(s)
    if not s:
        return None
    local_only = bool(
        _LOCAL_RE.match(raw.strip().translate(_FW)) or "当地时间" in raw[:12] or "當地時間" in raw[:12]
    )
    ref = reference or datetime.now(zone)
    if ref.tzinfo is None:
        ref = ref.replace(tzinfo=zone)
    ref_local = ref.astimezone(zone)

    # ISO 8601 first: exact and common in meta tags.
    iso = s.replace("/", "-") if re.match(r"^\d{4}/\d{2}/\d{2}T", s) else s
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", iso):
        try:
            dt = datetime.fromisoformat(iso.replace("Z", "+00:00").split(" +")[0] if "T" in iso else iso)
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=zone)
            return dt
        except ValueError:
            pass

    m = _YMD_RE.search(s)
    if m and (m.group("sep") == "年" or m.start() < 40):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        hh, mi, ss = (0, 0, 0) if local_only else _time_parts(m)
        return _mk(y, mo, d, hh, mi, ss, _tzinfo(m["tz"], zone))

    m = _CN_YMD_RE.search(s)
    if m:
        cy, cm, cd = _cn_num(m["y"]), _cn_num(m["m"]), _cn_num(m["d"])
        if cy and cm and cd:
            return _mk(cy, cm, cd, 0, 0, 0, zone)

    # RFC 822 (feeds): "Mon, 03 Jun 2024 10:30:00 +0800"
    if re.search(r"[A-Za-z]{3}", s):
        t = parsedate_tz(s)
        if t is not None and t[0] > 1900:
            off = t[9]
            tzinfo: timezone | ZoneInfo = zone if off is None else timezone(timedelta(seconds=off))
            parsed = _mk(t[0], t[1], t[2], t[3], t[4], t[5], tzinfo)
            if parsed is not None:
                return parsed

    if _NOW_RE.match(s):
        return ref
    m = _AGO_RE.match(s)
    if m:
        n = _cn_num(m["n"])
        unit = m["u"]
        if n is None:  # 半
            delta = timedelta(minutes=30) if "小时" in unit or "小時" in unit else timedelta(hours=12)
        elif unit == "秒":
            delta = timedelta(seconds=n)
        elif unit.startswith("分"):
            delta = timedelta(minutes=n)
        elif "时" in unit or "時" in unit:
            delta = timedelta(hours=n)
        elif unit in {"天", "日"}:
            delta = timedelta(days=n)
        else:
            delta = timedelta(weeks=n)
        return ref - delta
    m = _REL_DAY_RE.match(s)
    if m:
        back = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}[m["w"]]
        day = ref_local.date() - timedelta(days=back)
        hh, mi, ss = _time_parts(m)
        return _mk(day.year, day.month, day.day, hh, mi, ss, zone)

    m = _MD_RE.search(s)
    if m and m.start() < 40:
        mo, d = int(m["m"]), int(m["d"])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            y = _infer_year(mo, d, ref_local)
            hh, mi, ss = (0, 0, 0) if local_only else _time_parts(m)
            return _mk(y, mo, d, hh, mi, ss, zone)

    m = _MD_DASH_RE.match(s)
    if m:
        mo, d = int(m["m"]), int(m["d"])
        y = _infer_year(mo, d, ref_local)
        return _mk(y, mo, d, int(m["H"]), int(m["M"]), 0, zone)

    m = _YMD_COMPACT_RE.search(s)
    if m and m.start() == 0:
        hh = int(m["H"]) if m["H"] else 0
        mi = int(m["M"]) if m["M"] else 0
        return _mk(int(m["y"]), int(m["m"]), int(m["d"]), hh, mi, 0, zone)

    m = _TIME_ONLY_RE.match(s)
    if m:  # a bare time on a listing means today
        return _mk(ref_local.year, ref_local.month, ref_local.day, int(m["H"]), int(m["M"]), 0, zone)
    return None


_FIND_RE = re.compile(
    r"(?:当地时间|當地時間|北京时间|北京時間)?"
    r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|(?<![\d年])\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
    r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"(?:\s*(?:上午|下午|晚上|凌晨|早上|中午)?\s*\d{1,2}[:：时点]\d{0,2}分?)?"
    r"|(?:今天|昨天|前天|今日|昨日)(?:\s*(?:上午|下午|晚上|凌晨|早上|中午)?\s*\d{1,2}[:：时点]\d{0,2}分?)?"
)


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, matched text) of date expressions in running text."""
    return [(m.start(), m.end(), m.group(0)) for m in _FIND_RE.finditer(text or "")]
