"""render/charts: the SVG parses as XML, draws one mark per value, escapes hostile names, and carries a text alternative."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from zhoubao.render.charts import Bar, bars, columns

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '</text><script>alert("x")</script>&amp;<b onload=1>'


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_columns_draw_one_bar_per_value_scaled_to_the_peak() -> None:
    values = [0, 3, 1, 6, 2]
    root = _parse(columns("s", "要闻：近 5 周", "每周条目数", [f"6/{d}" for d in range(1, 6)], values))
    rects = root.findall(f"{NS}rect")
    assert len(rects) == len(values)
    heights = [float(r.get("height", "0")) for r in rects]
    assert heights[0] == 0 and max(heights) == heights[3] and heights[3] == pytest.approx(2 * heights[1])
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 ")
    assert root.get("role") == "img" and root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    labelled = root.get("aria-labelledby", "").split()
    assert {e.get("id") for e in root if e.tag in (f"{NS}title", f"{NS}desc")} == set(labelled)


def test_bars_one_rect_per_row_and_a_reference_tick() -> None:
    rows = [Bar("哔哩哔哩", 4, reference=0.5), Bar("爱奇艺", 2), Bar("腾讯视频", 0, reference=1.0)]
    root = _parse(bars("r", "上升", "说明", rows))
    assert len(root.findall(f".//{NS}rect")) == 3
    assert len(root.findall(f".//{NS}line")) == 2
    widths = [float(r.get("width", "0")) for r in root.findall(f".//{NS}rect")]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0


def test_hostile_names_are_escaped() -> None:
    svg = bars("h", HOSTILE, HOSTILE, [Bar(HOSTILE, 1, text=HOSTILE)]) + columns("c", HOSTILE, HOSTILE, [HOSTILE], [1])
    assert "<script" not in svg and "onload=1>" not in svg.replace("onload=1&gt;", "")
    for part in svg.split("</svg>")[:2]:
        root = _parse(part + "</svg>")
        assert root.find(f"{NS}title") is not None and HOSTILE in (root.find(f"{NS}title").text or "")
        assert not root.findall(f".//{NS}script")


def test_a_hostile_ident_stays_an_id() -> None:
    root = _parse(columns('x" onload="alert(1)', "t", "d", ["a"], [1]))
    assert root.get("onload") is None and all(c.isalnum() or c == "-" for c in root.get("aria-labelledby", "")
                                              .replace(" ", ""))


def test_mismatched_data_is_refused() -> None:
    with pytest.raises(ValueError):
        columns("x", "t", "d", ["a", "b"], [1])
