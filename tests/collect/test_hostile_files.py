"""Issue 16, findings 4 and 5: the hostile files corpus (tests/hostile_files.py, generated, never committed) read
through every file door under the worker's limits — each file answered by one clear line, nothing unreadable
stored, the asking process never blown up."""

from __future__ import annotations

import resource
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests import hostile_files
from zhoubao.collect.extracted import Extracted
from zhoubao.collect.feedworker import WorkerFailed, WorkerPool
from zhoubao.collect.limited import FileRefused, read_limited
from zhoubao.collect.store import collect_files
from zhoubao.text.cjk import HAN_CHAR

CPU, MEMORY_MB, WALL = 4.0, 512, 30.0
MAX_BYTES = 20 * 1024 * 1024
# Refused whatever the machine: they hold nothing readable.
MUST_REFUSE = {"flate-bomb.pdf", "garbage.pdf", "truncated.pdf", "truncated.docx", "empty.txt", "part-bomb.eml",
               "nested-bomb.eml"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return hostile_files.write(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def pool() -> Any:
    with WorkerPool(2, extract_cpu=CPU, memory_mb=MEMORY_MB, wall=WALL) as p:
        yield p


def _one_line(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message and len(message) <= 160, message
    assert HAN_CHAR.search(message), message  # said in the editors' language


def test_every_hostile_file_is_answered_by_one_line_under_the_limits(corpus: list[Path], pool: WorkerPool) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def answer(path: Path) -> tuple[Path, Extracted | str, float]:
        start = time.monotonic()
        try:
            got: Extracted | str = read_limited(path, tz="Asia/Shanghai", pool=pool, max_bytes=MAX_BYTES)
        except FileRefused as exc:
            got = str(exc)
        return path, got, time.monotonic() - start

    with ThreadPoolExecutor(2) as ex:
        answers = list(ex.map(answer, corpus))
    assert len(answers) == len(hostile_files.CORPUS)
    lines = []
    for path, got, took in answers:
        lines.append(f"{path.name}: {got if isinstance(got, str) else 'report ' + got.title[:20]} ({took:.1f}s)")
        assert took < WALL + 15, lines[-1]
        if isinstance(got, str):
            _one_line(got)
        else:
            assert got.text.strip(), lines[-1]
        if path.name in MUST_REFUSE:
            assert isinstance(got, str), lines[-1]
    good = next(got for path, got, _ in answers if path.name == "good.docx")
    assert isinstance(good, Extracted) and "微短剧" in good.text
    # The bombs went off in the workers, not here (ru_maxrss is in KiB on Linux).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 300 * 1024, "\n".join(lines)


def test_the_memory_limit_stops_a_task_and_the_pool_goes_on(pool: WorkerPool) -> None:
    with pytest.raises(WorkerFailed, match="内存") as failed:
        pool.call("hog", {"megabytes": 4096}, cpu=CPU)
    _one_line(failed.value.reason)
    assert pool.call("ping", {}, cpu=CPU)["pid"] > 0


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path: Path, pool: WorkerPool) -> None:
    big = tmp_path / "big.eml"
    big.write_bytes(b"Subject: x\r\n\r\n" + b"a" * (MAX_BYTES + 1))
    with pytest.raises(FileRefused, match="文件过大"):
        read_limited(big, tz="Asia/Shanghai", pool=pool, max_bytes=MAX_BYTES)


@pytest.mark.django_db
def test_the_folder_door_stores_no_unreadable_file_and_reads_the_good_copy_later(tmp_path: Path,
                                                                                  pool: WorkerPool) -> None:
    from zhoubao.archive.models import Report

    folder = tmp_path / "inbox"
    hostile_files.write(folder, ["truncated.docx", "garbage.pdf", "empty.txt", "good.docx"])
    (folder / "late.docx").write_bytes(hostile_files.docx_truncated())  # still being copied
    got = {g.path.name: g for g in collect_files([folder], tz="Asia/Shanghai", pool=pool, max_bytes=MAX_BYTES)}
    assert got["good.docx"].status == "new"
    for name in ("truncated.docx", "garbage.pdf", "empty.txt", "late.docx"):
        assert got[name].status == "refused", name
        _one_line(got[name].reason)
    assert Report.objects.count() == 1 and not Report.objects.filter(text="").exists()
    # The copy finishes: the next run reads it (nothing was stored under its path to block it).
    (folder / "late.docx").write_bytes(hostile_files.good_docx())
    again = {g.path.name: g.status for g in collect_files([folder], tz="Asia/Shanghai", pool=pool,
                                                          max_bytes=MAX_BYTES)}
    assert again["late.docx"] == "new" and again["good.docx"] == "known"


@pytest.mark.django_db
def test_a_link_out_of_the_folder_is_refused(tmp_path: Path, pool: WorkerPool) -> None:
    from zhoubao.archive.models import Report

    secret = tmp_path / "home" / "secret_key.txt"
    secret.parent.mkdir()
    secret.write_text("s3cr3t-key-value\n正文\n", encoding="utf-8")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").symlink_to(secret)
    (folder / "ok.txt").write_text("标题\n正文一段。\n", encoding="utf-8")
    got = {g.path.name: g for g in collect_files([folder], tz="Asia/Shanghai", pool=pool, max_bytes=MAX_BYTES)}
    assert got["note.txt"].status == "refused" and "目录之外" in got["note.txt"].reason
    assert got["ok.txt"].status == "new"
    assert not Report.objects.filter(title__contains="s3cr3t").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["garbage.pdf", "truncated.pdf", "flate-bomb.pdf", "truncated.docx",
                                  "paragraph-bomb.docx"])
def test_import_issue_answers_a_hostile_file_in_one_line(corpus: list[Path], tmp_path: Path, name: str) -> None:
    from zhoubao.app.issues import ImportRefused, import_issue
    from zhoubao.archive.models import Issue
    from zhoubao.conf.settings import load

    settings = load(tmp_path, env={}, flags={"collect": {"extract_cpu_seconds": CPU, "extract_wall_seconds": WALL,
                                                         "extract_memory_mb": MEMORY_MB}})
    path = next(p for p in corpus if p.name == name)
    start = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        import_issue(settings, path)
    _one_line(str(refused.value))
    assert time.monotonic() - start < WALL + 15 and not Issue.objects.exists()
