"""An appointment's generic headline ("国务院任免国家工作人员") made to name who was appointed to what, from its lead."""

from __future__ import annotations

import re

from zhoubao.text.gazetteer import Lexicon

# Headlines that say an appointment was made but not whose: "国务院任免国家工作人员", "周立新等同志职务任免", "人事任免".
# A listed company's filing says as little: "关于聘任高级管理人员的公告", "关于总经理变更的公告".
_GENERIC = re.compile(r"(?:任免国家工作人员|(?:等同志)?职务任免|人事任免|任免信息|干部任免"
                      r"|(?:聘任|变更)(?:公司)?(?:高级管理人员|高管)|(?:高级管理人员|高管|总经理|总裁|董事长|首席执行官)变更)"
                      r"(?:的公告)?$")
# The lead's appointments as it words them: "任命刘建华为国家广播电视总局副局长", a company's "聘任陈晓东先生为公司副总裁".
_APPOINTED = re.compile(r"(?P<verb>任命|聘任|委任)(?P<who>[\u4e00-\u9fff·]{2,6}?)(?:先生|女士)?为(?:公司)?"
                        r"(?P<post>[^，。；;、（(]{2,30}?)(?=[，。；;、（(]|$|，任期)")


def appointment_title(title: str, para: str, lex: Lexicon) -> str:
    """"国务院任免国家工作人员" → "国务院任命刘建华为国家广播电视总局副局长": the lead's first appointment to a body the
    weekly follows (a regulator its lexicon lists), else its first; the appointing body as the title names it."""
    if not _GENERIC.search(title):
        return title
    found = [m for m in _APPOINTED.finditer(para) if "…" not in m.group("post") and len(m.group("post")) >= 2]
    if not found:
        return title
    followed = [m for m in found if lex.first(m.group("post"), ("regulators",))]
    m = (followed or found)[0]
    appointed = f"{m.group('verb')}{m.group('who')}为{m.group('post')}"
    if "：" in title:
        return f"{title.split('：', 1)[0]}：{appointed}"
    body = _GENERIC.sub("", title).strip()
    # A filing's own title: "芒果超媒股份有限公司关于总经理变更的公告" → "芒果超媒：聘任…".
    filer = re.sub(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)?关于$", "", body)
    if filer != body:
        return f"{filer}：{appointed}" if filer else appointed
    return f"{body}{appointed}" if body else appointed
