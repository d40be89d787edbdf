"""Anchors that survive translation: amounts as values (1.2 billion = 12亿) and names written in Latin letters.

An English wire report and its Chinese retellings share almost no characters, but they share the amounts
("revenue of 8.44 billion yuan" and "总收入84.4亿元"), the percentages ("27.81%") and the names an outlet keeps in
Latin letters (HIBC, Masdar, Grok, COP30). Dedupe uses them to find an English report's candidates and to ask
less of the sentence encoder when several agree.
"""

from __future__ import annotations

import re

# A number with an optional scale or percent sign, in either language. "1,845" and "184.5亿" are values too.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(%|％|percent\b|per cent\b|(?:trillion|billion|million|bn|mn)\b|万亿|亿|万)?",
    re.IGNORECASE,
)
_CURRENCY = re.compile(r"(?:RMB|CNY|USD|HKD|EUR|US\$|HK\$|\$|€|£|¥)(?=\d)")
_SCALE = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "万亿": 1e12, "亿": 1e8, "万": 1e4}
# A word in Latin letters that names something: capitalised, an acronym, or with a digit ("COP30", "HIBC").
_NAME = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)")


def amounts(text: str) -> set[str]:
    """The amounts of a text as values to three significant digits ("8.44e+09"), percentages apart ("17.9%").

    Only numbers that identify something count: a scaled amount (亿, 万, billion), a percentage or a price with
    decimals (17.9%, 86.8), a number written with thousands separators (373,600). Bare integers (years, stock
    codes, counts, "19" of 19GWh) and round percentages (50%) are too common to tell two events apart, and a
    version number (2.0, 1.5) is no amount.
    """
    out: set[str] = set()
    text = _CURRENCY.sub(" ", text)  # "RMB13.8 billion", "US$1.9 billion": the number is the amount
    for m in _NUMBER.finditer(text):
        raw, unit = m.group(1), (m.group(2) or "").lower()
        digits = raw.replace(",", "")
        value = float(digits)
        if unit in ("%", "％", "percent", "per cent"):
            if "." in digits:
                out.add(f"{value:g}%")
            continue
        if unit:
            value *= _SCALE[unit]
        elif "," in raw:
            pass
        elif "." not in digits or value < 10:
            continue
        out.add(f"{float(f'{value:.3g}'):g}")
    return out


# States and blocs an English report names by their English name and a Chinese one by its Chinese name (China
# itself is in nearly every report of a Chinese weekly, so it anchors nothing). Longer names first.
_PLACES = {
    "european union": "欧盟", "eu": "欧盟", "united states": "美国", "u.s.": "美国", "us": "美国", "america": "美国",
    "united kingdom": "英国", "britain": "英国", "uk": "英国", "germany": "德国", "france": "法国",
    "italy": "意大利", "spain": "西班牙", "netherlands": "荷兰", "sweden": "瑞典", "norway": "挪威",
    "denmark": "丹麦", "finland": "芬兰", "switzerland": "瑞士", "poland": "波兰", "hungary": "匈牙利",
    "japan": "日本", "south korea": "韩国", "korea": "韩国", "india": "印度", "vietnam": "越南",
    "thailand": "泰国", "indonesia": "印度尼西亚", "malaysia": "马来西亚", "singapore": "新加坡",
    "philippines": "菲律宾", "australia": "澳大利亚", "new zealand": "新西兰", "canada": "加拿大",
    "mexico": "墨西哥", "brazil": "巴西", "argentina": "阿根廷", "chile": "智利", "peru": "秘鲁",
    "colombia": "哥伦比亚", "russia": "俄罗斯", "ukraine": "乌克兰", "turkey": "土耳其", "saudi arabia": "沙特",
    "saudi": "沙特", "united arab emirates": "阿联酋", "uae": "阿联酋", "qatar": "卡塔尔", "iran": "伊朗",
    "israel": "以色列", "egypt": "埃及", "south africa": "南非", "nigeria": "尼日利亚", "kenya": "肯尼亚",
    "kazakhstan": "哈萨克斯坦", "uzbekistan": "乌兹别克斯坦", "kyrgyzstan": "吉尔吉斯斯坦",
    "tajikistan": "塔吉克斯坦", "turkmenistan": "土库曼斯坦", "mongolia": "蒙古", "pakistan": "巴基斯坦",
    "bangladesh": "孟加拉国", "sri lanka": "斯里兰卡", "cambodia": "柬埔寨", "laos": "老挝", "myanmar": "缅甸",
    "serbia": "塞尔维亚", "greece": "希腊", "portugal": "葡萄牙", "belgium": "比利时", "austria": "奥地利",
    "ireland": "爱尔兰", "hong kong": "香港", "macau": "澳门", "macao": "澳门", "taiwan": "台湾",
}
_PLACE_EN = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(k) for k in sorted(_PLACES, key=len, reverse=True))
                       + r")(?![A-Za-z])", re.IGNORECASE)
_PLACE_ZH = re.compile("|".join(sorted(set(_PLACES.values()), key=len, reverse=True)))


def places(text: str) -> set[str]:
    """The foreign states, blocs and regions a text names, in Chinese, whichever language it is written in.

    "US" and "EU" count only in capitals (not the word "us").
    """
    out = {_PLACES[m.group(1).lower()] for m in _PLACE_EN.finditer(text)
           if len(m.group(1)) > 3 or m.group(1).isupper() or "." in m.group(1)}
    return out | set(_PLACE_ZH.findall(text))


def latin_names(text: str) -> dict[str, str]:
    """Names in Latin letters (three letters or more, or with a digit), keyed lower-case, as written."""
    out: dict[str, str] = {}
    for word in _NAME.findall(text):
        if (len(word) >= 3 or any(c.isdigit() for c in word)) and (
                word[0].isupper() or any(c.isupper() or c.isdigit() for c in word[1:])):
            out.setdefault(word.lower(), word)
    return out


# An edition of a series: "第七批" (a list), "第二十六次" (a study session), "第631次" (a flight), "22组" (a batch of
# satellites), "第3期". Two reports naming different editions of one series tell two events.
# A 次 counts an edition only of a meeting or a flight ("第三次写入政府工作报告" counts times, not editions).
_SERIAL = re.compile(r"第([0-9]{1,4}|[零〇一二两三四五六七八九十百]{1,5})"
                     r"(批|届|期|号|次(?=(?:全体|常务|集体)?(?:会议|学习|飞行|会晤|磋商|谈判|对话|峰会|全会)))"
                     r"|(?<=[\u4e00-\u9fff])([0-9]{1,3})(组)")
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def _number(s: str) -> int | None:
    """"七" → 7, "二十六" → 26, "一百零三" → 103, "08" → 8."""
    if s.isdigit():
        return int(s)
    total, digit = 0, 0
    for ch in s:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
        else:
            return None
    return total + digit


def serials(text: str) -> dict[str, set[int]]:
    """The editions a text names, by kind: {"批": {7}, "组": {22}}."""
    out: dict[str, set[int]] = {}
    for m in _SERIAL.finditer(text):
        num, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = _number(num)
        if value is not None:
            out.setdefault(unit, set()).add(value)
    return out


def other_editions(a: dict[str, set[int]], b: dict[str, set[int]]) -> bool:
    """Whether two texts name different editions of a kind both name, and no edition in common."""
    common = set(a) & set(b)
    return bool(common) and all(not (a[u] & b[u]) for u in common)
