"""Charset handling: the encoding matrix (nothing silently wrong) and feedparser's encoding feeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhoubao.collect.encoding import decode_bytes, normalize_label, repair_mojibake

FEEDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "feeds" / "feedparser_encoding"

# Plain simplified text; a GB18030-only (4-byte) extension character; a traditional text for Big5.
SIMPLIFIED = "国务院常务会议研究部署推动大规模设备更新，工业和信息化部表示，将加快新型工业化步伐，促进制造业高质量发展。"
GB18030_ONLY = "㐀䶵𠀀𪚥"  # CJK Ext-A and Ext-B: 4-byte sequences in GB18030, not in GBK
TRADITIONAL = "臺灣經濟部今天公布統計資料，製造業生產指數較去年同期增加，電子零組件業表現最為亮眼。"


def page(body: str, meta: str | None) -> str:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    return f"<html><head>{head}<title>Test</title></head><body><p>{body}</p></body></html>"


def _cases() -> list[tuple[str, str, str, str | None, str | None]]:
    """(id, text, true encoding, http charset, meta charset)."""
    cases = []
    for enc, text in (
        ("utf-8", SIMPLIFIED),
        ("gbk", SIMPLIFIED),
        ("gb18030", SIMPLIFIED + GB18030_ONLY),
        ("big5", TRADITIONAL),
    ):
        cases += [
            (f"{enc}-right-http", text, enc, enc, None),
            (f"{enc}-right-meta", text, enc, None, enc),
            (f"{enc}-no-label", text, enc, None, None),
            (f"{enc}-latin1-default-http", text, enc, "iso-8859-1", None),
        ]
    cases += [
        ("gbk-labelled-gb2312", SIMPLIFIED + "朱镕基", "gbk", None, "gb2312"),
        ("gbk-labelled-x-gbk", SIMPLIFIED, "gbk", "x-gbk", None),
        ("gbk-labelled-cp936", SIMPLIFIED, "gbk", None, "cp936"),
        ("gbk-labelled-gb_2312-80", SIMPLIFIED, "gbk", None, "gb_2312-80"),
        ("utf8-wrong-http-gbk", SIMPLIFIED, "utf-8", "gbk", None),
        ("utf8-wrong-meta-gb2312", SIMPLIFIED, "utf-8", None, "gb2312"),
        ("utf8-wrong-meta-big5", TRADITIONAL, "utf-8", None, "big5"),
        ("gbk-wrong-http-utf8", SIMPLIFIED, "gbk", "utf-8", None),
        ("gbk-wrong-meta-utf8", SIMPLIFIED, "gbk", None, "utf-8"),
        ("gbk-wrong-meta-big5", SIMPLIFIED, "gbk", None, "big5"),
        ("big5-wrong-meta-gbk", TRADITIONAL, "big5", None, "gbk"),
        ("big5-wrong-http-utf8", TRADITIONAL, "big5", "utf-8", None),
        ("gb18030-labelled-gbk", SIMPLIFIED + GB18030_ONLY, "gb18030", "gbk", None),
        ("utf8-http-overrides-wrong-meta", SIMPLIFIED, "utf-8", "utf-8", "gbk"),
        ("gbk-http-wins-over-wrong-meta", SIMPLIFIED, "gbk", "gbk", "utf-8"),
    ]
    return cases


@pytest.mark.parametrize(
    ("text", "true_enc", "http", "meta"), [c[1:] for c in _cases()], ids=[c[0] for c in _cases()]
)
def test_matrix_nothing_silently_wrong(text: str, true_enc: str, http: str | None, meta: str | None) -> None:
    html = page(text, meta)
    raw = html.encode(true_enc)
    ct = f"text/html; charset={http}" if http else None
    dec = decode_bytes(raw, ct)
    # Either the text is exactly right and clean, or the decode says it is not clean.
    if dec.clean:
        assert dec.text == html, (dec.encoding, dec.source, dec.note)
    else:
        assert dec.note
    # In this matrix every page is recoverable: it must come out right.
    assert dec.clean and text in dec.text
    # A declaration that was overridden is explained.
    declared = http if http and http != "iso-8859-1" else meta
    if (declared and normalize_label(declared) != normalize_label(true_enc) and dec.encoding != "utf-8") or (
        declared and normalize_label(declared) not in (dec.encoding, normalize_label(dec.encoding))
    ):
        assert dec.note


def test_gb2312_family_decodes_as_gb18030() -> None:
    for label in ("gb2312", "GBK", "x-gbk", "cp936", "gb_2312-80", "GB2312"):
        assert normalize_label(label) == "gb18030"
        dec = decode_bytes(page(SIMPLIFIED, None).encode("gbk"), f"text/html; charset={label}")
        assert dec.encoding == "gb18030" and dec.source == "http" and dec.clean


def test_sources_reported() -> None:
    assert decode_bytes("\ufeff中文".encode("utf-8")).source == "bom"
    assert decode_bytes(b"\xff\xfe" + "中文".encode("utf-16-le")).encoding == "utf-16-le"
    assert decode_bytes(page(SIMPLIFIED, None).encode("gbk"), "text/html; charset=gbk").source == "http"
    assert decode_bytes(page(SIMPLIFIED, "gbk").encode("gbk")).source == "meta"
    xml = '<?xml version="1.0" encoding="gb2312"?><rss><title>中文标题</title></rss>'.encode("gbk")
    dec = decode_bytes(xml, is_xml=True)
    assert (dec.source, dec.encoding, dec.clean) == ("xml", "gb18030", True)
    assert decode_bytes(page(SIMPLIFIED, None).encode("gbk")).source == "detected"


def test_undecodable_is_flagged() -> None:
    bad = page(SIMPLIFIED, "utf-8").encode("utf-8")[:-40] + b"\xff\xfe\xfd\x80\x80" + b"</p></body></html>"
    dec = decode_bytes(bad, "text/html; charset=utf-8")
    assert not dec.clean or "\ufffd" not in dec.text
    garbage = bytes(range(256)) * 4
    dec = decode_bytes(garbage)
    assert isinstance(dec.text, str)
    if "\ufffd" in dec.text:
        assert not dec.clean


def test_empty_and_str_input() -> None:
    assert decode_bytes(b"").text == ""
    assert decode_bytes(b"plain ascii").clean


def test_double_encoded_gbk_is_repaired() -> None:
    # GBK bytes read as latin-9 and saved as UTF-8 (a misconfigured CMS): repaired and noted.
    damaged = page(SIMPLIFIED * 3, "gbk").encode("gbk").decode("iso8859_15").encode("utf-8")
    dec = decode_bytes(damaged)
    assert SIMPLIFIED in dec.text
    assert "double-encoded" in dec.note
    # Two layers: UTF-8 read as latin-1 on top of the first.
    twice = damaged.decode("latin-1").encode("utf-8")
    assert SIMPLIFIED in decode_bytes(twice).text
    # Real Western text is left alone.
    assert repair_mojibake("Iñtërnâtiônàlizætiøn café déjà vu " * 10) is None


# --------------------------------------------------------------------------- feedparser's encoding feeds

_FEED_FILES = (
    sorted((FEEDS / "encoding").glob("*.xml")) + sorted((FEEDS / "illformed_chardet").glob("*.xml"))
    if FEEDS.exists()
    else []
)


def _header(raw: bytes) -> tuple[str | None, str]:
    """The simulated Content-Type and the Expect line from the test file's leading comment."""
    for enc in ("utf-8", "utf-16", "utf-32", "latin-1"):
        try:
            head = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "Expect:" in head or "Description:" in head:
            break
    else:
        head = raw.decode("latin-1")
    ct = re.search(r"Header:\s*Content-type:\s*([^\r\n]*)", head)
    exp = re.search(r"Expect:\s*([^\r\n]*)", head)
    return (ct.group(1).strip() if ct else None), (exp.group(1) if exp else "")


@pytest.mark.skipif(not FEEDS.exists(), reason=f"shared feed fixtures absent at {FEEDS}")
@pytest.mark.parametrize("path", _FEED_FILES, ids=[f"{p.parent.name}/{p.name}" for p in _FEED_FILES])
def test_feedparser_encoding_files(path: Path) -> None:
    raw = path.read_bytes()
    ct, expect = _header(raw)
    dec = decode_bytes(raw, ct, is_xml=True)
    assert isinstance(dec.text, str)
    if dec.clean:
        assert "\ufffd" not in dec.text
        # A clean decode must at least read as the feed it is.
        assert re.search(r"<(rss|feed|rdf:RDF|channel)\b", dec.text), (dec.encoding, dec.note)
    m = re.search(r"not bozo and encoding == '([^']+)'", expect)
    if m:
        codec = normalize_label(m.group(1))
        assert codec is not None
        # Same text as the expected encoding gives (labels may differ for pure-ASCII feeds).
        body = raw
        for bom in (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff"):
            if raw.startswith(bom):
                body = raw[len(bom) :]
                break
        assert dec.clean and dec.text == body.decode(codec)
    chardet_expect = re.search(r"bozo and encoding == '([^']+)'", expect)
    if path.parent.name == "illformed_chardet" and chardet_expect:
        # Undeclared legacy encodings: detected right, or flagged as uncertain; never silently wrong.
        right = raw.decode(normalize_label(chardet_expect.group(1)) or chardet_expect.group(1))
        assert dec.text == right or not dec.clean, (dec.encoding, dec.note)
    if "gb18030" in expect or "gb2312" in path.name.lower():
        assert dec.encoding == "gb18030"
    if path.name in {"big5.xml"}:
        assert dec.encoding in {"big5", "cp950", "big5hkscs"}
