"""An appointment's generic headline ("国务院任免国家工作人员") made to name who was appointed to what, from its lead."""

from __future__ import annotations

import re

from zhoubao.text.gazetteer import Lexicon

# Headlines that say an appointment was made but not whose: "国务院任免国家工作人员", "周立新等同志职务任免", "人事任免".
_GENERIC = re.compile(r"(?:任免国家工作人员|(?:等同志)?职务任免|人事任免|任免信息|干部任免)$")
# The lead's appointments as it words them: "任命刘建华为国家广播电视总局副局长".
_APPOINTED = re.compile(r"任命(?P<who>[\u4e00-\u9fff·]{2,6}?)为(?P<post>[^，。；;、（(]{4,30})")


def appointment_title(title: str, para: str, lex: Lexicon) -> str:
    """"国务院任免国家工作人员" → "国务院任命刘建华为国家广播电视总局副局长": the lead's first appointment to a body the
    weekly follows (a regulator its lexicon lists), else its first; the appointing body as the title names it."""
    if not _GENERIC.search(title):
        return title
    found = [m for m in _APPOINTED.finditer(para) if "…" not in m.group("post")]
    if not found:
        return title
    followed = [m for m in found if lex.first(m.group("post"), ("regulators",))]
    m = (followed or found)[0]
    appointed = f"任命{m.group('who')}为{m.group('post')}"
    if "：" in title:
        return f"{title.split('：', 1)[0]}：{appointed}"
    body = _GENERIC.sub("", title).strip()
    return f"{body}{appointed}" if body else appointed
