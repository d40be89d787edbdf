"""Decode fetched bytes to text: BOM, HTTP charset, in-document declaration, then detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "charset_from_content_type", "decode_bytes", "normalize_label"]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # python codec actually used, e.g. "utf-8", "gb18030", "big5"
    source: str  # "bom" | "http" | "meta" | "xml" | "detected" | "fallback"
    clean: bool  # False when the bytes did not decode cleanly (replacement chars used)
    note: str  # "" or a short reason


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # must precede UTF-16 LE: it shares the prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers (WHATWG) treat as supersets; GB2312 pages are in practice GBK,
# and GB18030 decodes both plus the 4-byte characters.
_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gb231280": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "euccn": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "hz-gb-2312": "hz",
    "x-euc-tw": "big5",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5",
    "cn-big5": "big5",
    "csbig5": "big5",
    "x-mac-chinesesimp": "gb18030",
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-unicode20utf8": "utf-8",
    # A single-byte label on a CJK page is almost always a misconfigured server;
    # windows-1252 is what browsers use for it and is a superset.
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "ascii",
}

# Supersets tried when a declared encoding fails strictly, before general detection.
_SUPERSETS = {
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("big5hkscs",),
    "ascii": ("utf-8", "cp1252"),
    "shift_jis": ("cp932",),
    "euc_kr": ("cp949",),
}

_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)["']""", re.IGNORECASE)
_CT_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([^"';,\s]+)""", re.IGNORECASE)


def normalize_label(label: str | None) -> str | None:
    """Map a declared charset label to the Python codec we decode it with, or None if unknown."""
    if not label:
        return None
    lab = label.strip().strip("\"'").lower()
    if not lab:
        return None
    lab = _ALIASES.get(lab, lab)
    try:
        name = codecs.lookup(lab).name
    except LookupError:
        return None
    # codecs.lookup canonicalises some aliases back ("gbk" etc.); re-apply ours.
    name = _ALIASES.get(name, name)
    if name in {"gbk", "gb2312", "cp936"}:
        name = "gb18030"
    if name == "latin-1" or name == "iso8859-1":
        name = "cp1252"
    return name


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CT_CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def _strict(content: bytes, enc: str) -> str | None:
    try:
        return content.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf8(content: bytes) -> bool:
    """True when the bytes are valid UTF-8 and carry enough multibyte sequences to be sure."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Count lead bytes of multibyte sequences; a handful could be chance in a legacy encoding.
    multi = sum(1 for b in content[:200000] if b >= 0xC2)
    return multi >= 6 or (multi >= 2 and len(content) < 2000)


def _utf16_32_sniff(content: bytes) -> str | None:
    """BOM-less UTF-16/32 (XML autodetection: '<' followed or preceded by zero bytes)."""
    head = content[:4]
    table = {
        b"\x00\x00\x00<": "utf-32-be",
        b"<\x00\x00\x00": "utf-32-le",
        b"\x00<\x00?": "utf-16-be",
        b"<\x00?\x00": "utf-16-le",
        b"\x00<\x00!": "utf-16-be",
        b"<\x00!\x00": "utf-16-le",
        b"\x00<\x00h": "utf-16-be",
        b"<\x00h\x00": "utf-16-le",
        b"\x00<\x00r": "utf-16-be",
        b"<\x00r\x00": "utf-16-le",
        b"\x00<\x00f": "utf-16-be",
        b"<\x00f\x00": "utf-16-le",
    }
    for prefix, enc in table.items():
        if head.startswith(prefix):
            return enc
    # Generic: many zero bytes in alternating positions.
    sample = content[:400]
    if len(sample) >= 8 and sample.count(0) > len(sample) // 4:
        even = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
        odd = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
        if even > len(sample) // 3 and odd < len(sample) // 20:
            return "utf-16-be"
        if odd > len(sample) // 3 and even < len(sample) // 20:
            return "utf-16-le"
    return None


def _declared_in_doc(content: bytes, is_xml: bool) -> tuple[str | None, str]:
    head = content[:4096]
    m = _XML_DECL_RE.search(head)
    if m:
        return m.group(1).decode("ascii", "replace"), "xml"
    if not is_xml:
        m = _META_RE.search(content[:16384])
        if m:
            return m.group(1).decode("ascii", "replace"), "meta"
    return None, ""


# Very frequent characters of Chinese news text (simplified and traditional forms). A right decode
# has most of its ideographs here; a wrong legacy decode (big5 read as GBK, UTF-8 read as GBK)
# produces valid but rare ideographs.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交"
    "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八"
    "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布"
    "复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照"
    "参红细引听该铁价严龙飞这個國為們時來會對發於過說產種麼動學後進經現實還從當與關點兩問體機應開裡頭義"
    "製電長間見門車東處給幾樣數氣條區質萬無業記總變師邊讓將愛聽讀寫語認識錄號際團隊歲歷觀務議選輯報導環"
    "視網頁臺灣總統灣銀行億稱據應該價錢場濟貿內兒兩樂們險網絡術權醫療"
)


def _common_ratio(text: str) -> tuple[int, float]:
    """(number of ideographs, share of them that are very common characters)."""
    n = c = 0
    for ch in text[:30000]:
        o = ord(ch)
        if 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF:
            n += 1
            if ch in _COMMON:
                c += 1
    return n, (c / n if n else 0.0)


def _cjk_score(text: str) -> float:
    """Plausibility of decoded text: common CJK/ASCII good, private use, control and rare blocks bad."""
    if not text:
        return 0.0
    good = bad = 0
    for ch in text[:20000]:
        o = ord(ch)
        if o < 0x80:
            if ch.isprintable() or ch in "\r\n\t":
                good += 1
            else:
                bad += 3
        elif 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 2
        elif 0xE000 <= o <= 0xF8FF or 0x80 <= o < 0xA0 or o == 0xFFFD:
            bad += 5
        elif 0x3400 <= o <= 0x4DBF or o >= 0x20000:
            bad += 1  # rare ideographs: typical of a wrong legacy decode
        else:
            good += 1
    base = (good - bad) / max(1, good + bad)
    n, ratio = _common_ratio(text)
    return base + (ratio if n >= 10 else 0.0)


_LEGACY_CJK = {"gb18030", "big5", "cp950", "big5hkscs", "hz"}


def _better_cjk(content: bytes, txt: str, codec: str) -> tuple[str, str] | None:
    """When a legacy CJK decode succeeds but reads as rare-character soup, try the other family."""
    n, ratio = _common_ratio(txt)
    if n < 20 or ratio >= 0.3:
        return None
    others = ("big5", "cp950", "big5hkscs") if codec == "gb18030" else ("gb18030",)
    for enc in others:
        alt = _strict(content, enc)
        if alt is None:
            continue
        n2, ratio2 = _common_ratio(alt)
        if n2 >= n * 0.8 and ratio2 >= 0.35 and ratio2 >= 2 * ratio:
            return enc, alt
    return None


# Beyond Chinese: what detection may choose when no Chinese decode reads as Chinese.
_WIDE_CANDIDATES = [
    "utf_8",
    "cp1252",
    "euc_jp",
    "shift_jis",
    "euc_kr",
    "koi8_r",
    "cp1251",
    "tis_620",
    "cp1255",
    "cp1256",
    "iso8859_7",
    "gb18030",
    "big5",
]


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _mostly_utf8(content: bytes) -> tuple[str, int] | None:
    """A page that is UTF-8 but for a pasted fragment in a legacy encoding (GBK most often): decoded by the
    dominant valid encoding, run by run — never the whole page as GB18030, which turns the UTF-8 into mojibake.
    None unless at least 70% of the non-ASCII bytes are valid UTF-8."""
    high = len(content) - len(content.translate(None, _HIGH_BYTES))
    if high < 8:
        return None
    lossy = content.decode("utf-8", errors="replace")
    # Every U+FFFD stands for an invalid stretch; ASCII bytes are never swallowed by one.
    valid_high = len(lossy.encode("utf-8")) - 3 * lossy.count("\ufffd") - (len(content) - high)
    if valid_high < 0.7 * high or valid_high == high:
        return None
    out: list[str] = []
    pos = fragments = 0
    for m in _HIGH_RUN.finditer(content):
        out.append(content[pos:m.start()].decode("ascii"))
        run = m.group(0)
        text = _strict(run, "utf-8")
        if text is None:
            text = _strict(run, "gb18030")
            if text is not None:
                fragments += 1
            else:
                text = run.decode("utf-8", errors="replace")
        out.append(text)
        pos = m.end()
    out.append(content[pos:].decode("ascii"))
    return "".join(out), fragments


def _detect(content: bytes) -> tuple[str, str, bool] | None:
    """Choose an encoding for undeclared (or wrongly declared) bytes: (codec, how, certain)."""
    if _strict(content, "utf-8") is not None:
        # Valid UTF-8 with non-ASCII bytes is almost never an accident.
        return "utf-8", "valid UTF-8", True
    high = sum(1 for b in content[:200000] if b >= 0x80)
    # Chinese first: a decode is accepted only when it reads as Chinese (mostly common characters).
    plausible: list[tuple[float, int, str]] = []
    for rank, enc in enumerate(("gb18030", "big5", "cp950", "big5hkscs")):
        txt = _strict(content, enc)
        if txt is None:
            continue
        n, ratio = _common_ratio(txt)
        if (n >= 20 and ratio >= 0.38) or (n >= 4 and ratio >= 0.5):
            plausible.append((ratio, -rank, enc))
    if plausible:
        plausible.sort(reverse=True)
        return plausible[0][2], "reads as Chinese", True
    # A few stray high bytes in ASCII text: windows-1252 is the usual culprit, but it is a guess.
    if high < 8 and _strict(content, "cp1252") is not None:
        return "cp1252", "too few non-ASCII bytes to detect; guessed windows-1252", False
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(content[:65536], cp_isolation=_WIDE_CANDIDATES).best()
    except Exception:  # detection is best effort
        best = None
    if best is not None and best.encoding:
        enc = normalize_label(best.encoding) or best.encoding
        if _strict(content, enc) is not None:
            # A Chinese codec that did not read as Chinese above is not to be trusted.
            certain = enc not in _LEGACY_CJK and best.chaos < 0.1
            return enc, "charset-normalizer", certain
    return None


def _best_lossy(content: bytes, candidates: list[str]) -> tuple[str, str]:
    """Decode with replacement, choosing the candidate with the fewest replacement characters."""
    best: tuple[int, float, str, str] | None = None
    for enc in candidates:
        try:
            txt = content.decode(enc, errors="replace")
        except LookupError:
            continue
        key = (-txt.count("\ufffd"), _cjk_score(txt), enc, txt)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    return best[2], best[3]


def _reverse_map(codec: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for b in range(0x80, 0x100):
        try:
            out[bytes([b]).decode(codec)] = b
        except UnicodeDecodeError:
            out[chr(b)] = b  # undefined slots pass through as C1 controls in lenient decoders
    return out


# The single-byte codecs a misconfigured server or CMS reads CJK bytes with.
_SINGLE_BYTE = {c: _reverse_map(c) for c in ("cp1252", "iso8859_15", "latin-1")}


def _latin_bytes(text: str, codec: str) -> bytes | None:
    """Undo a single-byte decode (latin-1, latin-9 or windows-1252) of the text; None if impossible."""
    rev = _SINGLE_BYTE[codec]
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            out.append(o)
        elif ch in rev:
            out.append(rev[ch])
        else:
            return None
    return bytes(out)


_MOJI_CHARS = (
    r"\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2044\u20ac\u2122"
)
_MOJI_RE = re.compile(
    r"[\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2044\u20ac\u2122]"
)
# A damaged run: single-byte-looking characters with short ASCII gaps (a GBK trail byte may be
# ASCII, hence the optional last character). Written so that matching stays linear.
_MOJI_RUN_RE = re.compile(f"[{_MOJI_CHARS}]+(?:[\\x20-\\x7e]{{1,40}}[{_MOJI_CHARS}]+)*[\\x20-\\x7e]?")


def repair_mojibake(text: str, hint: str | None = None) -> tuple[str, str] | None:
    """Repair CJK text that was decoded as latin-1/windows-1252 and re-encoded (double encoding).

    Returns (repaired text, codec of the original bytes) or None when the text does not look
    like that kind of damage or no repair reads as plausible Chinese.
    """
    sample = text[:50000]
    moji = len(_MOJI_RE.findall(sample))
    if moji < 20 or moji < 3 * _common_ratio(sample)[0]:
        return None
    layers = ""
    for _ in range(2):  # UTF-8 read as latin-1, possibly on top of CJK read as latin-1
        undone = _undo_utf8_layer(text)
        if undone is None:
            break
        text, layers = undone, "utf-8+"
    res = _repair_cjk(text, hint)
    if res is None:
        return (text, "utf-8") if layers else None
    return res[0], layers + res[1]


def _undo_utf8_layer(text: str) -> str | None:
    """Undo UTF-8 bytes read as latin-1/windows-1252 when every damaged run decodes strictly."""
    runs = list(_MOJI_RUN_RE.finditer(text[:200000]))
    if sum(len(m.group(0)) for m in runs) < 20:
        return None
    for single in _SINGLE_BYTE:
        ok = True

        def fix(m: re.Match[str], single: str = single) -> str:
            nonlocal ok
            raw = _latin_bytes(m.group(0), single)
            if raw is None:
                ok = False
                return m.group(0)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                ok = False
                return m.group(0)

        out = _MOJI_RUN_RE.sub(fix, text)
        if ok and out != text:
            return out
    return None


def _repair_cjk(text: str, hint: str | None) -> tuple[str, str] | None:
    sample = text[:50000]
    moji = len(_MOJI_RE.findall(sample))
    n_cjk, _ = _common_ratio(sample)
    if moji < 20 or moji < 3 * n_cjk:
        return None
    candidates = [c for c in (hint, "utf-8", "gb18030", "big5") if c]
    best: tuple[float, str, str] | None = None
    # Repair only the damaged runs so that real non-Latin characters elsewhere survive.
    for enc, single in ((e, sb) for e in dict.fromkeys(candidates) for sb in _SINGLE_BYTE):
        bad = False

        def fix(m: re.Match[str], enc: str = enc, single: str = single) -> str:
            nonlocal bad
            raw = _latin_bytes(m.group(0), single)
            if raw is None:
                bad = True
                return m.group(0)
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                fixed = raw.decode(enc, errors="replace")
                if fixed.count("\ufffd") > 2:
                    bad = True
                return fixed
            except LookupError:
                bad = True
                return m.group(0)

        repaired = _MOJI_RUN_RE.sub(fix, text)
        n2, ratio2 = _common_ratio(repaired[:50000])
        if n2 < 10 or ratio2 < 0.35:
            continue
        errors = repaired.count("\ufffd") - text.count("\ufffd")
        score = ratio2 - (0.5 if bad else 0.0) - 5 * errors / max(1, n2)
        if best is None or score > best[0]:
            best = (score, enc, repaired)
    if best is None:
        return None
    return best[2], best[1]


def decode_bytes(content: bytes, content_type: str | None = None, *, is_xml: bool = False) -> Decoded:
    """Decode bytes of a page or feed; never raises, flags any lossy decode with clean=False."""
    dec = _decode(content, content_type, is_xml)
    if dec.text and dec.encoding in {"utf-8", "cp1252", "ascii"}:
        hint = None
        doc_label, _ = _declared_in_doc(content[:16384] if isinstance(content, bytes) else b"", is_xml)
        if doc_label:
            hint = normalize_label(doc_label)
        fixed = repair_mojibake(dec.text, hint if hint in _LEGACY_CJK | {"utf-8"} else None)
        if fixed is not None:
            text, inner = fixed
            note = f"double-encoded: {inner} bytes had been read as latin-1; repaired"
            if dec.note:
                note = dec.note + "; " + note
            return Decoded(text, dec.encoding, dec.source, dec.clean and "\ufffd" not in text, note)
    return dec


def _decode(content: bytes, content_type: str | None, is_xml: bool) -> Decoded:
    if isinstance(content, str):  # tolerate callers that already decoded
        return Decoded(content, "utf-8", "fallback", True, "already text")
    if not content:
        return Decoded("", "utf-8", "fallback", True, "")

    for bom, enc in _BOMS:
        if content.startswith(bom):
            body = content[len(bom) :]
            txt = _strict(body, enc)
            if txt is not None:
                return Decoded(txt, enc, "bom", True, "")
            return Decoded(
                body.decode(enc, errors="replace"), enc, "bom", False, f"{enc} BOM but invalid bytes"
            )

    declared: list[tuple[str, str, str]] = []  # (codec, source, original label)
    http_label = charset_from_content_type(content_type)
    if http_label:
        lab = http_label.strip().strip("\"'").lower()
        # A bare latin-1 is what many servers send by default; it says nothing about the page.
        if lab not in {"iso-8859-1", "iso8859-1", "latin-1", "latin1"}:
            codec = normalize_label(lab)
            if codec:
                declared.append((codec, "http", lab))
    doc_label, doc_source = _declared_in_doc(content, is_xml or content.lstrip()[:5] == b"<?xml")
    if doc_label:
        codec = normalize_label(doc_label)
        lab = doc_label.lower()
        # A document cannot truthfully declare UTF-16/32 in ASCII-compatible bytes.
        if codec and not codec.startswith(("utf-16", "utf-32")):
            declared.append((codec, doc_source, lab))

    sniffed = _utf16_32_sniff(content)
    if sniffed:
        txt = _strict(content, sniffed)
        if txt is not None:
            return Decoded(txt, sniffed, "detected", True, "BOM-less " + sniffed)

    notes: list[str] = []
    for codec, source, label in declared:
        txt = _strict(content, codec)
        if txt is not None:
            if codec not in {"utf-8", "ascii"} and _looks_utf8(content):
                return Decoded(
                    content.decode("utf-8"),
                    "utf-8",
                    "detected",
                    True,
                    f"declared {label} ({source}) but bytes are UTF-8; decoded as utf-8",
                )
            note = "; ".join(notes)
            if codec in _LEGACY_CJK and (mixed := _mostly_utf8(content)) is not None:
                # Declared legacy, decodable as such, but its non-ASCII bytes are mostly valid UTF-8.
                return Decoded(mixed[0], "utf-8", "detected", False,
                               f"declared {label} ({source}) but mostly UTF-8; {mixed[1]} fragment(s) decoded as gb18030")
            if codec in _LEGACY_CJK:
                better = _better_cjk(content, txt, codec)
                if better is not None:
                    enc2, txt2 = better
                    return Decoded(
                        txt2,
                        enc2,
                        "detected",
                        True,
                        f"declared {label} ({source}) decodes to implausible text; decoded as {enc2}",
                    )
            if codec == "ascii":
                # Pure-ASCII content: report the label the document used.
                return Decoded(txt, "ascii", source, True, note)
            return Decoded(txt, codec, source, True, note)
        for sup in _SUPERSETS.get(codec, ()):
            txt = _strict(content, sup)
            if txt is not None:
                if sup == "utf-8" or _looks_utf8(content):
                    return Decoded(
                        content.decode("utf-8"),
                        "utf-8",
                        "detected",
                        True,
                        f"declared {label} but not decodable; decoded as utf-8",
                    )
                return Decoded(txt, sup, source, True, f"declared {label}; decoded as superset {sup}")
        notes.append(f"declared {label} ({source}) but not decodable")

    if not declared and (not content.strip(b"\t\n\r\x20") or all(b < 0x80 for b in content)):
        # Pure ASCII without a label: UTF-8 is the default and decodes it identically.
        return Decoded(content.decode("ascii"), "utf-8", "fallback", True, "")

    mixed = _mostly_utf8(content)
    if mixed is not None:
        text, fragments = mixed
        note = f"mostly UTF-8; {fragments} fragment(s) in another encoding decoded as gb18030"
        if notes:
            note = "; ".join(notes) + "; " + note
        return Decoded(text, "utf-8", "detected", False, note)

    detected = _detect(content)
    if detected is not None:
        enc, how, certain = detected
        txt = content.decode(enc)
        if declared:
            label = declared[0][2]
            note = f"declared {label} but not decodable; decoded as {enc} ({how})"
        else:
            note = "" if how == "valid UTF-8" else f"no declaration; {how}"
        if declared and how == "charset-normalizer":
            certain = False  # the declaration was wrong and the bytes are not Chinese: a guess
        if not certain:
            note += "; uncertain detection, text may be wrong"
        # An uncertain guess is reported as not clean: a wrong decode must never pass silently.
        return Decoded(txt, enc, "detected", certain, note)

    # Nothing decodes cleanly: choose the least damaged decode and say so.
    candidates = [c for c, _, _ in declared] + ["utf-8", "gb18030", "big5hkscs"]
    enc, txt = _best_lossy(content, list(dict.fromkeys(candidates)))
    bad = txt.count("\ufffd")
    reason = "; ".join(notes) if notes else "no encoding decodes cleanly"
    return Decoded(txt, enc, "fallback", False, f"{reason}; decoded as {enc} with {bad} replacement chars")
