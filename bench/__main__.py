"""`make bench`: run every benchmark in one process tree, one after another, and print their tables."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time

# Each entry is a module run as `python -m bench.NAME`; order: cheap first.
BENCHES = ["render", "extraction", "understand", "tnews", "collect", "desk_load", "jobs", "search", "build_db",
           "faults"]


def main(argv: list[str]) -> int:
    chosen = argv or BENCHES
    failed = []
    for name in chosen:
        if importlib.util.find_spec(f"bench.{name}") is None:
            print(f"== bench.{name}: not present, skipped")
            continue
        print(f"\n== bench.{name}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"], env=dict(os.environ))
        print(f"== bench.{name}: exit {code}, {time.monotonic() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"benchmarks that failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
