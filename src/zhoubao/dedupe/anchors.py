"""Anchors that survive translation: amounts as values (1.2 billion = 12亿) and names written in Latin letters.

An English wire report and its Chinese retellings share almost no characters, but they share the amounts
("revenue of 8.44 billion yuan" and "总收入84.4亿元"), the percentages ("27.81%") and the names an outlet keeps in
Latin letters (HIBC, Masdar, Grok, COP30). Dedupe uses them to find an English report's candidates and to ask
less of the sentence encoder when several agree.
"""

from __future__ import annotations

import re

from zhoubao.text.entities import figures

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


# Power and energy after a number, as the same value in watts (watt-hours): "1,562 gigawatts" is "15.62亿千瓦".
_POWER = re.compile(r"\s*(terawatt-hours?|gigawatt-hours?|megawatt-hours?|gigawatts?|megawatts?|kilowatts?|TWh|GWh|MWh|kWh|"
                    r"GW|MW|kW|太瓦时|吉瓦时|兆瓦时|千瓦时|吉瓦|兆瓦|千瓦)", re.IGNORECASE)
_WATTS = {"terawatt": 1e12, "twh": 1e12, "太瓦": 1e12, "gigawatt": 1e9, "gwh": 1e9, "gw": 1e9, "吉瓦": 1e9,
          "megawatt": 1e6, "mwh": 1e6, "mw": 1e6, "兆瓦": 1e6, "kilowatt": 1e3, "kwh": 1e3, "kw": 1e3, "千瓦": 1e3}


def _watts(unit: str) -> float:
    """Watts (or watt-hours) in one `unit` as _POWER reads it: "gigawatt-hours" and "吉瓦时" are the gigawatt's."""
    return _WATTS.get(re.sub(r"(-hours?|s)$", "", unit.lower().removesuffix("时")), 0.0)


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
        power = _POWER.match(text, m.end())
        watts = _watts(power.group(1)) if power else 0.0
        if watts:
            value *= watts  # a capacity or an output is an amount, whatever its scale
        elif not unit and "," not in raw and ("." not in digits or value < 10):
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
# China's provinces and larger cities: an English report of a domestic event names where it happened as a
# Chinese one does ("opens in Taiyuan" / "在山西太原开幕"). A place most reports of the week name anchors nothing
# (the cross-language pairing skips an anchor held by many reports).
_PLACES.update({
    "beijing": "北京", "shanghai": "上海", "tianjin": "天津", "chongqing": "重庆", "hebei": "河北", "shanxi": "山西",
    "shaanxi": "陕西", "liaoning": "辽宁", "jilin": "吉林", "heilongjiang": "黑龙江", "jiangsu": "江苏",
    "zhejiang": "浙江", "anhui": "安徽", "fujian": "福建", "jiangxi": "江西", "shandong": "山东", "henan": "河南",
    "hubei": "湖北", "hunan": "湖南", "guangdong": "广东", "hainan": "海南", "sichuan": "四川", "guizhou": "贵州",
    "yunnan": "云南", "gansu": "甘肃", "qinghai": "青海", "inner mongolia": "内蒙古", "guangxi": "广西",
    "xizang": "西藏", "tibet": "西藏", "ningxia": "宁夏", "xinjiang": "新疆", "shenzhen": "深圳",
    "guangzhou": "广州", "hangzhou": "杭州", "nanjing": "南京", "suzhou": "苏州", "wuhan": "武汉", "chengdu": "成都",
    "xi'an": "西安", "xian": "西安", "taiyuan": "太原", "hefei": "合肥", "changsha": "长沙", "zhengzhou": "郑州",
    "jinan": "济南", "qingdao": "青岛", "xiamen": "厦门", "fuzhou": "福州", "kunming": "昆明", "harbin": "哈尔滨",
    "shenyang": "沈阳", "dalian": "大连", "ningbo": "宁波", "wuxi": "无锡", "changchun": "长春", "nanning": "南宁",
    "guiyang": "贵阳", "lanzhou": "兰州", "urumqi": "乌鲁木齐", "hohhot": "呼和浩特", "haikou": "海口",
    "sanya": "三亚", "zhuhai": "珠海", "dongguan": "东莞", "foshan": "佛山", "xiong'an": "雄安", "xiongan": "雄安",
})
# The central bodies an English report names in English (or by their English initials) and a Chinese one in
# Chinese, by the Chinese name every report of a Chinese weekly uses; the short Chinese forms below map to it.
_BODIES = {
    "national energy administration": "国家能源局", "nea": "国家能源局",
    "national development and reform commission": "国家发展改革委", "ndrc": "国家发展改革委",
    "ministry of industry and information technology": "工业和信息化部", "miit": "工业和信息化部",
    "ministry of commerce": "商务部", "mofcom": "商务部", "ministry of finance": "财政部",
    "ministry of education": "教育部", "ministry of science and technology": "科学技术部",
    "ministry of ecology and environment": "生态环境部", "ministry of transport": "交通运输部",
    "ministry of agriculture and rural affairs": "农业农村部", "ministry of culture and tourism": "文化和旅游部",
    "ministry of human resources and social security": "人力资源和社会保障部",
    "ministry of foreign affairs": "外交部", "ministry of public security": "公安部",
    "national health commission": "国家卫生健康委", "national bureau of statistics": "国家统计局",
    "national data administration": "国家数据局", "general administration of customs": "海关总署",
    "people's bank of china": "中国人民银行", "pboc": "中国人民银行",
    "national financial regulatory administration": "国家金融监督管理总局",
    "china securities regulatory commission": "中国证监会", "csrc": "中国证监会",
    "state administration for market regulation": "国家市场监督管理总局", "samr": "国家市场监督管理总局",
    "national medical products administration": "国家药监局", "nmpa": "国家药监局",
    "china national intellectual property administration": "国家知识产权局", "cnipa": "国家知识产权局",
    "national copyright administration": "国家版权局",
    "national press and publication administration": "国家新闻出版署", "nppa": "国家新闻出版署",
    "national radio and television administration": "国家广播电视总局", "nrta": "国家广播电视总局",
    "cyberspace administration of china": "国家网信办", "cac": "国家网信办",
    "civil aviation administration of china": "中国民用航空局", "caac": "中国民用航空局",
    "state-owned assets supervision and administration commission": "国务院国资委", "sasac": "国务院国资委",
    "china electricity council": "中国电力企业联合会", "cec": "中国电力企业联合会",
}
_BODY_ZH = {
    "能源局": "国家能源局", "国家发展和改革委员会": "国家发展改革委", "国家发改委": "国家发展改革委", "工信部": "工业和信息化部",
    "科技部": "科学技术部", "交通部": "交通运输部", "农业部": "农业农村部", "文旅部": "文化和旅游部",
    "人社部": "人力资源和社会保障部", "人力资源社会保障部": "人力资源和社会保障部", "国家卫生健康委员会": "国家卫生健康委",
    "国家卫健委": "国家卫生健康委", "央行": "中国人民银行", "人民银行": "中国人民银行", "金融监管总局": "国家金融监督管理总局",
    "证监会": "中国证监会", "市场监管总局": "国家市场监督管理总局", "国家药品监督管理局": "国家药监局",
    "新闻出版署": "国家新闻出版署", "广电总局": "国家广播电视总局", "国家互联网信息办公室": "国家网信办",
    "民航局": "中国民用航空局", "国资委": "国务院国资委", "中电联": "中国电力企业联合会",
}
_PLACES.update(_BODIES)
_ZH_FORMS = {**{v: v for v in _PLACES.values()}, **_BODY_ZH}
_PLACE_EN = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(k) for k in sorted(_PLACES, key=len, reverse=True))
                       + r")(?![A-Za-z])", re.IGNORECASE)
_PLACE_ZH = re.compile("|".join(sorted(_ZH_FORMS, key=len, reverse=True)))


def places(text: str) -> set[str]:
    """The foreign states, blocs and regions, China's provinces and cities and its central bodies a text names, in
    Chinese, whichever language it is written in.

    "US", "EU" and initials (NEA, CAC) count only in capitals (not the words "us", "nea").
    """
    out = {_PLACES[m.group(1).lower()] for m in _PLACE_EN.finditer(text)
           if len(m.group(1)) > 3 or m.group(1).isupper() or "." in m.group(1)}
    return out | {_ZH_FORMS[x] for x in _PLACE_ZH.findall(text)}


def latin_names(text: str) -> dict[str, str]:
    """Names in Latin letters (three letters or more, or with a digit), keyed lower-case, as written."""
    out: dict[str, str] = {}
    for word in _NAME.findall(text):
        if (len(word) >= 3 or any(c.isdigit() for c in word)) and (
                word[0].isupper() or any(c.isupper() or c.isdigit() for c in word[1:])):
            out.setdefault(word.lower(), word)
    return out


# An edition of a series: "第七批" (a list), "第二十六次" (a study session), "第631次" (a flight), "22组" (a batch of
# satellites), "第3期", a show's "第三季" (not 第一季度, a quarter). Two reports naming different editions of one series tell two events.
# A 次 counts an edition only of a meeting or a flight ("第三次写入政府工作报告" counts times, not editions).
_SERIAL = re.compile(r"第([0-9]{1,4}|[零〇一二两三四五六七八九十百]{1,5})"
                     r"(批|届|期|号|季(?!度)|次(?=(?:全体|常务|集体)?(?:会议|学习|飞行|会晤|磋商|谈判|对话|峰会|全会)))"
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


_FORMAT = re.compile(r"^(?:2|4|8|16)K$|^(?:480|720|1080|1440|2160)P$")


def figure_keys(text: str) -> set[str]:
    """Figures as keys: "100万元" and "100万" are one amount (outlets drop the 元). A picture format (4K, 8K, 1080P)
    names a kind of thing, not an amount: two events of ultra-HD video share it without being one."""
    # A listed company's filing writes "-150,000万元" where its retellings write "15亿元": thousands separators go and
    # ten thousand 万 are one 亿.
    text = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), text)
    # A Hong Kong outlet writes 元 for the Hong Kong dollar ("86.8元", "86.8港元" on the mainland).
    return {re.sub(r"(?<=[万亿])元$", "", re.sub(r"港元$", "元", _in_yi(f))) for f in figures(text)
            if not _FORMAT.match(f)}


_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?=\s*[万亿元])")


def _in_yi(figure: str) -> str:
    """"150000万元" → "15亿元": an amount of at least ten thousand 万 as 亿, as outlets write it."""
    m = re.match(r"(\d+(?:\.\d+)?)万(元|美元|港元)?$", figure)
    if not m or float(m.group(1)) < 10_000:
        return figure
    return f"{float(m.group(1)) / 10_000:g}亿{m.group(2) or ''}"


# An index a headline names, without the country or period before it: "2026年10月中国电商物流指数" → "电商物流".
_INDEX = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:景气)?指数")
_INDEX_HEAD = re.compile(r"^(?:[月年份]|中国|全国|我国)+")


def indices(title: str) -> set[str]:
    """The indices a headline names ("10月中国仓储指数：…" → {"仓储"})."""
    return {x for x in (_INDEX_HEAD.sub("", i) for i in _INDEX.findall(title)) if len(x) >= 2}


def other_indices(a: set[str], b: set[str]) -> bool:
    """Whether two headlines name different indices, no two characters alike (电商物流 and 仓储 are two releases;
    物流业景气指数 and 物流景气指数 are one)."""
    def pairs(names: set[str]) -> set[str]:
        return {x[k:k + 2] for x in names for k in range(len(x) - 1)}

    return bool(a and b) and not pairs(a) & pairs(b)
