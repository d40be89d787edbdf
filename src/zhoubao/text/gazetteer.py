"""Names of the beat: platforms and regulators with their aliases (the issue on understanding extends this)."""

from __future__ import annotations

# Canonical name → aliases. Order matters only for display.
PLATFORMS: dict[str, tuple[str, ...]] = {
    "爱奇艺": ("爱奇艺", "iQIYI"),
    "优酷": ("优酷",),
    "腾讯视频": ("腾讯视频",),
    "芒果TV": ("芒果TV", "芒果超媒"),
    "哔哩哔哩": ("哔哩哔哩", "B站", "bilibili"),
    "抖音": ("抖音",),
    "快手": ("快手",),
    "微信视频号": ("微信视频号", "视频号"),
    "咪咕视频": ("咪咕视频", "咪咕"),
    "央视频": ("央视频",),
    "西瓜视频": ("西瓜视频",),
    "红果短剧": ("红果短剧", "红果"),
    "小红书": ("小红书",),
    "Netflix": ("Netflix", "网飞", "奈飞"),
    "YouTube": ("YouTube", "油管"),
}

REGULATORS: dict[str, tuple[str, ...]] = {
    "国家广播电视总局": ("国家广播电视总局", "广电总局", "国家广电总局"),
    "中央网信办": ("中央网信办", "国家网信办", "国家互联网信息办公室", "网信办"),
    "工业和信息化部": ("工业和信息化部", "工信部"),
    "文化和旅游部": ("文化和旅游部", "文旅部"),
    "国家电影局": ("国家电影局",),
    "国家版权局": ("国家版权局",),
}


def find_first(text: str, names: dict[str, tuple[str, ...]]) -> str:
    """The canonical name mentioned earliest in text, or ""."""
    best, pos = "", len(text) + 1
    for canon, aliases in names.items():
        for alias in aliases:
            i = text.find(alias)
            if 0 <= i < pos:
                best, pos = canon, i
    return best


def find_all(text: str, names: dict[str, tuple[str, ...]]) -> list[str]:
    return [canon for canon, aliases in names.items() if any(a in text for a in aliases)]
