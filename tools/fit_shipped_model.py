"""Fit the section model of the default weekly from the shipped examples and store it in the package.

A build of the default profile (no `zhoubao learn`, no corrections yet) then loads this file instead of fitting
for tens of seconds. The file carries the key of what it was fitted from (classify.learn.fit_key): when the
examples, the default sections and keywords or the feature code change, the key no longer matches, builds fit
again as before, and tests/unit/test_shipped_model.py says to run this again.

Usage: python tools/fit_shipped_model.py
"""

from __future__ import annotations

import sys
import tempfile
from importlib import resources
from pathlib import Path

from zhoubao.classify.learn import SHIPPED_MODEL, fit_key, learn, seed_examples
from zhoubao.conf.settings import load


def default_fit_inputs() -> tuple[list[str], dict[str, list[str]], bool]:
    """Sections, keywords and the embedding switch that app.learn.section_model passes for a new home."""
    with tempfile.TemporaryDirectory() as home:
        settings = load(Path(home), env={})
    spec = settings.profile
    return list(spec.section_names), {s.name: list(s.keywords) for s in spec.sections}, settings.classify.embeddings


def main() -> int:
    sections, keywords, embeddings = default_fit_inputs()
    examples = seed_examples()
    model = learn(examples, sections=sections, keywords=keywords, embeddings=embeddings)
    model.key = fit_key(examples, sections, keywords, embeddings)
    target = Path(str(resources.files("zhoubao.classify").joinpath(SHIPPED_MODEL)))
    model.save(target)
    print(f"{target}: {model.examples} examples, key {model.key}, {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
