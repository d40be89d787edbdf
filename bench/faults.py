"""Fault runs (issue 16): `kill -9` at random moments of collect, build, publish and send, many times over, with an
integrity check after each — 0 lost, 0 duplicated, 0 corrupt.

    python -m bench.faults                 # 100 kills of each phase, on SQLite then on PostgreSQL (`make bench`)
    python -m bench.faults --kills 10 --phases collect,build --budget 600
    python -m bench.faults --databases postgres --kills 34 --phases collect,build,publish

Each phase works on a throw-away home served by the demo site on loopback. A round restores the phase's starting
database, starts the command, kills it (SIGKILL, the whole process group: workers too) after a random delay drawn
within the time a complete run takes, checks the database and files, and every few rounds lets the command run to
completion and compares the result with a reference run that was never killed.

Hook for the phases other engineers are adding (send, worker jobs): register a Phase in PHASES — `setup(home)`
prepares the starting database once, `command(home)` is the argv to start and kill, `check(home, complete)` returns
the problems found (an empty list when all is well), with complete=True after a run that was not killed.

On PostgreSQL (`--databases postgres`) the home's archive is a database of a throw-away cluster the bench starts
(tests/pg.py's); a phase's starting and reference databases are copies made with CREATE DATABASE … TEMPLATE, and
the integrity check is zhoubao.archive.integrity's (on SQLite it runs too, after PRAGMA integrity_check).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = Path("data") / "zhoubao.sqlite3"


# -- running zhoubao --------------------------------------------------------------------------------------------

# The PostgreSQL run's cluster and the name of the home's database on it (empty on SQLite).
PG: dict[str, Any] = {"cluster": None, "db": ""}


def _pg_url(name: str = "") -> str:
    return f"{PG['cluster'].url}/{name or PG['db']}"


def _env() -> dict[str, str]:
    # The runs copy, restore and check the home's archive, so its children follow no DATABASE_URL but the bench's.
    env = {k: v for k, v in os.environ.items() if k not in ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    if PG["db"]:
        env["DATABASE_URL"] = _pg_url()
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env[MARK] = os.environ.setdefault(MARK, f"{os.getpid()}-{time.time_ns()}")
    return env


def zb(home: Path, *args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zhoubao", "--home", str(home), *args], capture_output=True,
                          text=True, env=_env(), input=stdin, timeout=timeout)


def child(home: Path, action: str, *args: str) -> list[str]:
    """argv of this module's child mode: a use case the command line does not have yet (publish)."""
    return [sys.executable, "-m", "bench.faults", "--child", action, str(home), *args]


def start(argv: list[str]) -> subprocess.Popen[bytes]:
    # A session of its own: the kill reaches the command and every worker process it started.
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT,
                            start_new_session=True)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


def _copy(frm: Path, to: Path) -> None:
    """SQLite's online backup: a consistent copy whatever WAL frames a killed process left behind."""
    with contextlib.closing(sqlite3.connect(frm, timeout=60)) as src, \
            contextlib.closing(sqlite3.connect(to, timeout=60)) as dst:
        src.backup(dst)


def _pg_copy(frm: str, to: str) -> None:
    """Database `to` made anew as a copy of `frm` (a killed client's backend may linger: FORCE ends it)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as con:
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(to)))
        con.execute(sql.SQL("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"), [frm])
        con.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(to), sql.Identifier(frm)))


def save_db(home: Path, to: Path) -> None:
    if PG["db"]:
        _pg_copy(PG["db"], to.stem)
        return
    to.unlink(missing_ok=True)
    _copy(home / DB, to)


def restore_db(home: Path, frm: Path) -> None:
    if PG["db"]:
        _pg_copy(frm.stem, PG["db"])
        return
    _copy(frm, home / DB)


def rows(home: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    if PG["db"]:
        import psycopg

        with psycopg.connect(_pg_url(), autocommit=True, connect_timeout=30) as pcon:
            return [tuple(r) for r in pcon.execute(sql.replace("?", "%s"), params or None).fetchall()]
    with contextlib.closing(sqlite3.connect(home / DB, timeout=30)) as con:
        return con.execute(sql, params).fetchall()


def integrity(home: Path) -> list[str]:
    """The database's own check on SQLite, then the archive's (nothing duplicated, numbering contiguous, no
    orphan rows) on either database."""
    from zhoubao.archive.integrity import problems

    bad: list[str] = []
    if PG["db"]:
        import psycopg

        with psycopg.connect(_pg_url(), autocommit=True, connect_timeout=30) as pcon:
            return problems(pcon)
    got = rows(home, "PRAGMA integrity_check")
    if got != [("ok",)]:
        bad.append(f"integrity_check: {got[:3]}")
    with contextlib.closing(sqlite3.connect(home / DB, timeout=30)) as con:
        return bad + problems(con)


MARK = "ZHOUBAO_FAULTS_RUN"


def ours() -> set[int]:
    """Processes of this fault run still alive (the command's workers inherit the marker variable)."""
    found = set()
    mark = f"{MARK}={os.environ.get(MARK, '')}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if mark in (entry / "environ").read_bytes().split(b"\0"):
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def orphans(wait: float = 20.0) -> list[str]:
    """A worker may finish its task after its run was killed (its stdin closed, it then exits); none may stay."""
    deadline = time.monotonic() + wait
    left = ours()
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = ours()
    return [f"process {pid} outlived its run by {wait:.0f} s" for pid in sorted(left)]


# -- the phases -------------------------------------------------------------------------------------------------

@dataclass
class Phase:
    name: str
    setup: Callable[[Path], None]
    command: Callable[[Path], list[str]]
    check: Callable[[Path, bool], list[str]]
    reference: dict[str, Any] = field(default_factory=dict)


def _reports(home: Path) -> list[tuple[str, str, int]]:
    return rows(home, "select url, title, length(text) from archive_report order by url")


def setup_collect(home: Path) -> None:
    pass  # the home has its sources; the reference is a complete collect (taken in run())


def check_collect(home: Path, complete: bool) -> list[str]:
    bad = integrity(home)
    got = _reports(home)
    urls = [u for u, _, _ in got]
    if len(urls) != len(set(urls)):
        bad.append("duplicated report URLs")
    dup = rows(home, "select source_id, guid, count(*) from archive_report where guid != '' "
                     "group by source_id, guid having count(*) > 1")
    if dup:
        bad.append(f"duplicated guids: {dup[:3]}")
    if rows(home, "select count(*) from archive_report where title = '' or text = ''")[0][0]:
        bad.append("a report without title or text (corrupt)")
    ref = {u: (t, n) for u, t, n in PHASES["collect"].reference.get("reports", [])}
    for u, t, n in got:
        if u in ref and ref[u] != (t, n):
            bad.append(f"report differs from the reference: {u}")
    if complete and set(urls) != set(ref):
        bad.append(f"lost {len(set(ref) - set(urls))}, unexpected {len(set(urls) - set(ref))}")
    return bad


def _issues(home: Path) -> list[tuple[Any, ...]]:
    return rows(home, "select i.number, i.state, count(t.id) from archive_issue i left join archive_item t "
                      "on t.issue_id = i.id group by i.id order by i.number")


def check_build(home: Path, complete: bool) -> list[str]:
    bad = integrity(home)
    issues = _issues(home)
    ref = PHASES["build"].reference.get("issues", [])
    numbers = [n for n, _, _ in issues]
    if len(numbers) != len(set(numbers)):
        bad.append("two issues with one number")
    for number, _state, items in issues:
        if items == 0:
            bad.append(f"issue {number} with no items (a number burnt)")
    if issues and [tuple(x) for x in issues] != [tuple(x) for x in ref]:
        bad.append(f"issues {issues} differ from the reference {ref} (a half-written build)")
    if complete and [tuple(x) for x in issues] != [tuple(x) for x in ref]:
        bad.append("the completed build differs from the reference")
    return bad


def setup_publish(home: Path) -> None:
    res = subprocess.run(child(home, "approve"), capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=600)
    if res.returncode:
        raise RuntimeError(f"approve failed: {res.stderr[-500:]}")


def check_publish(home: Path, complete: bool) -> list[str]:
    bad = integrity(home)
    [(state,)] = rows(home, "select state from archive_issue where number = 1")
    folder = home / "data" / "published" / "1"
    snaps = rows(home, "select count(*) from archive_issuesnapshot where kind = 'published' and document is not null")
    stored = rows(home, "select published_files from archive_issuesignoff")[0][0] or "[]"
    files = json.loads(stored) if isinstance(stored, str) else stored  # text on SQLite, jsonb on PostgreSQL
    if state == "published":
        if snaps[0][0] != 1:
            bad.append(f"published with {snaps[0][0]} frozen documents")
        for f in files:
            if "file" not in f:
                continue
            path = folder / f["file"]
            if not path.is_file() or str(path.stat().st_size) != f.get("bytes"):
                bad.append(f"published file {f['file']} missing or incomplete")
        if list(folder.glob("*.part")):
            bad.append("a .part file left beside published files")
    elif state == "approved":
        if snaps[0][0]:
            bad.append("approved, yet a published document exists")
        if complete:
            bad.append("the completed publish did not publish")
    else:
        bad.append(f"unexpected state {state}")
    return bad


# -- send: an SMTP server of the bench's own on loopback counts what each mailbox received -----------------------

RECIPIENTS = 40
_MAIL: dict[str, Any] = {"server": None, "got": {}}


class _Counter:
    """aiosmtpd handler: counts the messages each mailbox received since the last restore of the database."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for rcpt in envelope.rcpt_tos:
            got = _MAIL["got"]
            got[rcpt.lower()] = got.get(rcpt.lower(), 0) + 1
        return "250 OK"


def setup_send(home: Path) -> None:
    """The published issue's files, an address book of RECIPIENTS, and [deliver.smtp] naming the bench's server."""
    from aiosmtpd.controller import Controller

    if _MAIL["server"] is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:  # a free port (aiosmtpd needs it named)
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        ctl = Controller(_Counter(), hostname="127.0.0.1", port=port)
        ctl.start()
        _MAIL["server"] = ctl
    port = int(_MAIL["server"].port)
    toml = home / "zhoubao.toml"
    text = toml.read_text(encoding="utf-8")
    head, smtp = text.split("[deliver.smtp]", 1)
    body, rest = [*smtp.split("\n[", 1), ""][:2]
    values = {"host": '"127.0.0.1"', "port": str(port), "security": '"none"', "from_addr": '"weekly@zhoubao.test"',
              "per_minute": "0", "allow": f'["127.0.0.1:{port}"]'}
    lines = []
    for line in body.split("\n"):
        key = line.split("=")[0].strip()
        lines.append(f"{key} = {values[key]}" if "=" in line and key in values else line)
    toml.write_text(head + "[deliver.smtp]" + "\n".join(lines) + ("\n[" + rest if rest else ""), encoding="utf-8")
    book = home.parent / "recipients.csv"
    book.write_text("list,unit,name,email\n" + "".join(f"发,单位{i},读者{i},reader{i}@zhoubao.test\n"
                                                       for i in range(RECIPIENTS)), encoding="utf-8")
    res = zb(home, "recipients", "import", str(book))
    if res.returncode:
        raise RuntimeError(f"recipients import failed: {res.stderr[-500:]}")
    res = subprocess.run(child(home, "files"), capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=600)
    if res.returncode:
        raise RuntimeError(f"published files failed: {res.stderr[-500:]}")
    _MAIL["got"] = {}


def check_send(home: Path, complete: bool) -> list[str]:
    """Never twice; never recorded sent unless received; a completed run leaves none queued. A row left sending by
    a kill is delivered at most once (sending is at most once: app/send.py)."""
    bad = integrity(home)
    got: dict[str, int] = _MAIL["got"]
    ledger = {email.lower(): state for email, state in rows(
        home, "select email, state from archive_delivery where round = 1")}
    bad += [f"{who} received {n} messages" for who, n in got.items() if n > 1]
    bad += [f"{who} recorded sent but received nothing" for who, state in ledger.items()
            if state == "sent" and not got.get(who)]
    bad += [f"{who} received a message its row calls {state}" for who, state in ledger.items()
            if state == "queued" and got.get(who)]
    if complete:
        if len(ledger) != RECIPIENTS:
            bad.append(f"{len(ledger)} ledger rows for {RECIPIENTS} recipients")
        bad += [f"{who} still queued after a completed run" for who, state in ledger.items() if state == "queued"]
        _MAIL["got"] = {}  # the database goes back to the phase's start next: so do the counts
    return bad


PHASES: dict[str, Phase] = {
    "collect": Phase("collect", setup_collect, lambda h: [sys.executable, "-m", "zhoubao", "--home", str(h),
                                                          "collect", "--all"], check_collect),
    "build": Phase("build", lambda h: None, lambda h: [sys.executable, "-m", "zhoubao", "--home", str(h), "build",
                                                         "--date", DEMO_DATE], check_build),
    "publish": Phase("publish", setup_publish, lambda h: child(h, "publish"), check_publish),
    "send": Phase("send", setup_send, lambda h: [sys.executable, "-m", "zhoubao", "--home", str(h), "send", "1"],
                  check_send),
}
DEMO_DATE = ""


# -- the runs ----------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    kills: int = 0
    completed: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    full_run: float = 0.0


def run_phase(phase: Phase, home: Path, start_db: Path, done_db: Path, *, kills: int, budget: float,
              rng: random.Random, complete_every: int = 5) -> Tally:
    """Kill the phase's command `kills` times (within `budget` seconds); done_db gets the database of a complete
    run (the reference), where the next phase starts."""
    tally = Tally()
    began = time.monotonic()
    # A complete run from the starting database: the reference and the time a run takes.
    restore_db(home, start_db)
    t0 = time.monotonic()
    proc = start(phase.command(home))
    proc.wait(900)
    tally.full_run = time.monotonic() - t0
    if phase.name == "collect":
        phase.reference["reports"] = _reports(home)
    elif phase.name == "build":
        phase.reference["issues"] = _issues(home)
    tally.problems += [f"reference: {p}" for p in phase.check(home, True)]
    save_db(home, done_db)
    restore_db(home, start_db)
    while tally.kills < kills and time.monotonic() - began < budget:
        proc = start(phase.command(home))
        # Half the kills anywhere in a run, half in its last third, where the writing happens.
        low = 0.05 if tally.kills % 2 == 0 else tally.full_run * 0.66
        time.sleep(rng.uniform(low, max(tally.full_run * 1.05, 0.5)))
        kill_group(proc)
        tally.kills += 1
        tally.problems += [f"kill {tally.kills}: {p}" for p in phase.check(home, False) + orphans()]
        if tally.kills % complete_every == 0:
            proc = start(phase.command(home))
            proc.wait(900)
            tally.completed += 1
            tally.problems += [f"after kill {tally.kills}, completed: {p}" for p in phase.check(home, True)]
            restore_db(home, start_db)
            if phase.name == "publish":  # publishing starts without files; sending needs the published ones
                shutil.rmtree(home / "data" / "published", ignore_errors=True)
    tally.seconds = time.monotonic() - began
    return tally


def prepare(where: Path) -> tuple[Path, Any]:
    """A home with the demo week's sources, served on loopback (the server is returned to be closed)."""
    global DEMO_DATE
    sys.path.insert(0, str(ROOT / "src"))
    from zhoubao.demo.run import demo_date, demo_sources
    from zhoubao.demo.server import DemoServer

    DEMO_DATE = demo_date().isoformat()
    server = DemoServer()
    server.__enter__()
    home = where / "home"
    if PG["cluster"] is not None:
        PG["db"] = ""
        PG["cluster"].create_database("faults")
        PG["db"] = "faults"
    res = zb(home, "init", str(home))
    assert res.returncode == 0, res.stderr
    toml = home / "zhoubao.toml"
    text = toml.read_text(encoding="utf-8").replace("allow = []", f'allow = ["127.0.0.1:{server.port}"]', 1)
    # Embeddings only make a build slower here: what a kill can break is the same without them.
    text = text.replace("\nembeddings = true\n", "\nembeddings = false\n", 1)  # [dedupe]'s
    toml.write_text(text, encoding="utf-8")
    for s in demo_sources():
        res = zb(home, "sources", "add", server.rewrite(s["url"]), "--kind", s.get("kind", "feed"),
                 "--name", s.get("name", ""), "--outlet-kind", s.get("outlet_kind", ""),
                 *(["--pattern", s["pattern"]] if s.get("pattern") else []),
                 *(["--selector", s["selector"]] if s.get("selector") else []))
        assert res.returncode == 0, res.stderr
    return home, server


def run(kills: int = 100, phases: list[str] | None = None, budget: float = 3600.0, seed: int = 16,
        where: Path | None = None, complete_every: int = 5, say: Callable[[str], None] = print,
        database: str = "sqlite") -> dict[str, Tally]:
    with contextlib.ExitStack() as stack:
        if database == "postgres":
            sys.path.insert(0, str(ROOT))
            from tests.pg import own_cluster

            PG["cluster"] = stack.enter_context(own_cluster())
        try:
            return _run(kills, phases, budget, seed, where, complete_every, say)
        finally:
            PG["cluster"], PG["db"] = None, ""


def _run(kills: int, phases: list[str] | None, budget: float, seed: int, where: Path | None, complete_every: int,
         say: Callable[[str], None]) -> dict[str, Tally]:
    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="zhoubao-faults-")) if where is None else where
    home, server = prepare(tmp)
    out: dict[str, Tally] = {}
    try:
        names = phases or list(PHASES)
        stage, done = tmp / "start.sqlite3", tmp / "done.sqlite3"
        # The built-in phases run in the order of the road; each starts where the one before completed.
        for name in ["collect", "build", "publish", "send"] + [n for n in names
                                                               if n not in ("collect", "build", "publish", "send")]:
            phase = PHASES[name]
            phase.setup(home)
            save_db(home, stage)
            if name in names:
                tally = run_phase(phase, home, stage, done, kills=kills, budget=budget, rng=rng,
                                  complete_every=complete_every)
                out[name] = tally
                say(f"{name:8} kills {tally.kills:4}  completed {tally.completed:3}  problems {len(tally.problems):3}  "
                    f"full run {tally.full_run:5.1f} s  total {tally.seconds:6.0f} s")
                for p in tally.problems[:10]:
                    say(f"    {p}")
                restore_db(home, done)
            else:
                proc = start(phase.command(home))
                proc.wait(900)
    finally:
        server.__exit__(None, None, None)
        if _MAIL["server"] is not None:
            _MAIL["server"].stop()
            _MAIL["server"] = None
        if where is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


# -- child mode: the use cases the command line does not offer yet -------------------------------------------

def child_main(action: str, home: Path) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from zhoubao.app.home import open_settings

    settings = open_settings(home)
    from zhoubao.app import publish, users
    from zhoubao.archive.models import Issue

    editor = users.save_user("faults-editor", "editor", "faults-password-1")[0]
    reviewer = users.save_user("faults-reviewer", "reviewer", "faults-password-1")[0]
    issue = Issue.objects.get(number=1)
    if action == "approve":
        publish.transition(settings, issue.pk, "submit", editor, version=issue.version)
        issue.refresh_from_db()
        publish.transition(settings, issue.pk, "approve", reviewer, version=issue.version)
    elif action == "publish" and issue.state == Issue.State.APPROVED:
        publish.transition(settings, issue.pk, "publish", reviewer, version=issue.version)
    elif action == "files":  # the published issue's files again, from its frozen document (the send phase's)
        from zhoubao.compose.compose import issue_document

        publish.render_all(issue, settings, doc=issue_document(issue))
    return 0


def main(argv: list[str]) -> int:
    global RECIPIENTS
    p = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=100, help="kills per phase (default 100)")
    p.add_argument("--phases", default="", help="comma separated (default: all registered)")
    p.add_argument("--budget", type=float, default=3600.0, help="seconds per phase at most (default 3600)")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--complete-every", type=int, default=5, help="let every Nth run finish and compare (default 5)")
    p.add_argument("--databases", default="sqlite,postgres",
                   help="comma separated: sqlite, postgres (a throw-away cluster the bench starts); default both")
    p.add_argument("--recipients", type=int, default=RECIPIENTS,
                   help=f"readers in the send phase's address book (default {RECIPIENTS})")
    p.add_argument("--child", nargs=2, metavar=("ACTION", "HOME"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child_main(args.child[0], Path(args.child[1]))
    phases = [x for x in args.phases.split(",") if x] or None
    RECIPIENTS = args.recipients  # read by setup_send and the send phase's checks, both in this process
    bad = 0
    for database in [d for d in args.databases.split(",") if d]:
        print(f"-- {database}", flush=True)
        result = run(args.kills, phases, args.budget, args.seed, complete_every=args.complete_every,
                     database=database, say=lambda line: print(line, flush=True))
        problems = sum(len(t.problems) for t in result.values())
        bad += problems
        print(f"faults on {database}: {sum(t.kills for t in result.values())} kills, {problems} problems "
              "(lost, duplicated or corrupt)", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
