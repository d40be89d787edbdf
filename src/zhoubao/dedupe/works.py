"""《Works》 as dedupe sees them: one document, law or show named several ways is one key; generic names, cited
papers and broadcasts are none; seasons and regional spellings are kin, not conflicts."""

from __future__ import annotations

import re

from zhoubao.text.tokenize import works

# A headline that is itself a document's name: "国家广播电视总局办公厅关于进一步加强…的通知".
DOC_TITLE = re.compile(r"(关于.{4,60}?的(?:通知|公告|通告|公示|通报|批复|复函|意见|决定|办法|规定|指导意见|实施方案))")
# Works too generic to tell one event from another: 《通知》, 《意见》, 《报告》.
# A certificate or permit (《药品注册证书》, 《网络视听节目许可证》) is what every approval of its kind receives.
_GENERIC_WORK = re.compile(r"^(?:通知|公告|通告|意见|决定|办法|规定|报告|方案|白皮书|指南|倡议书?)$"
                           r"|.*(?:证书|许可证|批件|批准书|通知书)$")


# A newspaper or a broadcast cited as the source (据《科创板日报》, 《新闻联播》报道) is no work of the event.
_MEDIUM = re.compile(r"^.{0,6}(?:日报|晚报|早报|时报|商报|周刊|杂志|画报|联播|新闻)$")


_INNER_PUNCT = re.compile(r"[！!？?，,、：:；;\s]")


# A document's name (a notice, rule, plan, law): a work of another kind than a show, a film or a book.
_DOCUMENT = re.compile(r"(?:通知|公告|通告|意见|办法|规定|条例|方案|决定|指南|标准|规划|纲要|细则|法|措施|报告)$")


def other_kinds(mine: set[str], theirs: set[str]) -> bool:
    """Whether one side names only documents and the other only shows or films: a notice and a report citing a
    film it covers (《关于做好“五一”档电影市场工作的通知》 beside 《破浪》) do not name two events."""
    docs_a, docs_b = {bool(_DOCUMENT.search(w)) for w in mine}, {bool(_DOCUMENT.search(w)) for w in theirs}
    return len(docs_a) == 1 and len(docs_b) == 1 and docs_a != docs_b


def work_keys(text: str) -> set[str]:
    """《works》 as keys: a document named with or without its issuer is one work, a law with or without the
    state's name (《中华人民共和国反垄断法》 and 《反垄断法》); generic names and cited media are none."""
    out = set()
    for w in works(text):
        m = DOC_TITLE.search(w)
        key = m.group(1) if m else w
        key = key.removeprefix("中华人民共和国") or key
        # Punctuation inside a name is often dropped in retelling: 《这！就是街舞》 is 《这就是街舞》.
        key = _INNER_PUNCT.sub("", key) or key
        if not _GENERIC_WORK.match(key) and not _MEDIUM.match(key):
            out.add(key)
    return out


_SEASON = re.compile(r"(?:\s*第[一二三四五六七八九十\d]+季|\s*\d{1,2}|\s*[·•][^·•]{1,6})$")


_NUMERAL = re.compile(r"[\d一二三四五六七八九十百千零〇两]")


def _regional(a: str, b: str) -> bool:
    """One name in two regions' words: as long, at least five characters, one character apart and not a number
    (《数字服务法》 on the mainland is 《數碼服務法》 in Hong Kong; 《长安十二时辰》 is not 《长安十三时辰》)."""
    if len(a) != len(b) or len(a) < 5:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and not any(_NUMERAL.match(c) for c in diff[0])


def kindred(mine: set[str], theirs: set[str]) -> bool:
    """Whether two sets of 《works》 name one work in two ways: one name the other with a season number or an
    edition after it (山野来信2 and 山野来信; 我们的歌·春日版 and 我们的歌), at least three characters in common, or
    the same name in another region's words."""
    def stem(w: str) -> str:
        return _SEASON.sub("", w)

    def season(w: str) -> str:  # 山野来信2 and 山野来信第二季 are season 2 both; 哪吒2 and 哪吒3 two films
        tail = w[len(stem(w)):].strip()
        n = re.sub(r"[第季]", "", tail)
        return str("一二三四五六七八九十".index(n) + 1) if n and n in "一二三四五六七八九十" else n

    for a in mine:
        for b in theirs:
            sa, sb = stem(a), stem(b)
            if len(sa) >= 3 and len(sb) >= 3 and (sa == b or sb == a or (sa == sb and season(a) == season(b))):
                return True
            if _regional(a, b):
                return True
    return False
