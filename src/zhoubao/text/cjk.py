"""The CJK character class, spelled once: Han ideographs, and the CJK punctuation and full-width forms around them."""

from __future__ import annotations

import re

# The body of a character class (use as f"[{HAN}]"): CJK Extension A, the Unified Ideographs block and the
# Compatibility Ideographs, i.e. the Han characters of the Basic Multilingual Plane. Extension B and later
# (outside the BMP) are not in it: no rule has needed them.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK Symbols and Punctuation (　、。《》「」【】…) and the Halfwidth and Fullwidth Forms (，：；（）０-９Ａ-Ｚ…).
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef"

# One Han character.
HAN_CHAR = re.compile(f"[{HAN}]")
