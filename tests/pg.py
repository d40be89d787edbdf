"""A throw-away PostgreSQL cluster for the test suite (ZHOUBAO_TEST_DATABASE=postgres), started by the tests.

`make test` runs the suite twice: on SQLite, then with ZHOUBAO_TEST_DATABASE=postgres. tests/django_settings.py
then calls `base_url()`: the first call runs initdb and pg_ctl from Debian's postgresql in a temporary directory
(as the `postgres` user when the tests run as root: initdb refuses root), listening on 127.0.0.1 on a free port,
UTF-8 with a C.UTF-8 ctype; it is stopped and deleted when the test process ends (and by a watchdog if that
process is killed). Child processes reuse it through ZHOUBAO_TEST_PG_URL instead of starting their own.

Every home a test runs the command line on in a child process gets its own database (`child_env`), as every home
has its own SQLite file, so a child never sees another home's data.
"""

from __future__ import annotations

import atexit
import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

MODE_ENV = "ZHOUBAO_TEST_DATABASE"
URL_ENV = "ZHOUBAO_TEST_PG_URL"  # postgres://user@127.0.0.1:port of a running cluster (no database name)
USER = "zhoubao"
# pytest-django creates the in-process test database from this name ("test_zhoubao"); the name itself is never
# created, so a child process started without child_env() fails loudly instead of sharing data with others.
MAIN_DB = "zhoubao"

_made: set[str] = set()


def enabled() -> bool:
    """Whether this run is the PostgreSQL run of the suite."""
    mode = os.environ.get(MODE_ENV, "").strip().lower()
    if mode in ("", "sqlite"):
        return False
    if mode in ("postgres", "postgresql", "pg"):
        return True
    raise RuntimeError(f"{MODE_ENV}={mode!r}: expected sqlite or postgres")


def base_url() -> str:
    """The running cluster's URL without a database name; starts the cluster on first use in this process tree."""
    if not os.environ.get(URL_ENV):
        os.environ[URL_ENV] = _Cluster().start()
    return os.environ[URL_ENV]


def url(database: str) -> str:
    return f"{base_url()}/{database}"


def create_database(name: str) -> str:
    """Create the database (UTF-8, from template0) unless it exists; its URL."""
    if name not in _made:
        import psycopg
        from psycopg import errors, sql

        with psycopg.connect(url("postgres"), autocommit=True) as conn, suppress(errors.DuplicateDatabase):
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)))
        _made.add(name)
    return url(name)


def child_env(env: Mapping[str, str] | None = None, home: Path | str | None = None) -> dict[str, str]:
    """The environment for a child process running zhoubao on `home`: on PostgreSQL, DATABASE_URL names that
    home's own database (created on first use; without a home, the current test's); on SQLite, `env` as given."""
    out = dict(os.environ if env is None else env)
    if not enabled():
        return out
    key = str(Path(home).resolve()) if home else "test:" + os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    out["DATABASE_URL"] = create_database("home_" + hashlib.sha1(key.encode()).hexdigest()[:20])
    return out


@contextmanager
def archive(home: Path, env: Mapping[str, str] | None = None) -> Iterator[Any]:
    """A DB-API connection (autocommit, no parameters needed) to the archive a child process used for `home`:
    the database DATABASE_URL in `env` names, else the home's SQLite file."""
    target = (env or {}).get("DATABASE_URL")
    if target:
        import psycopg

        con: Any = psycopg.connect(target, autocommit=True, connect_timeout=10)
    else:
        import sqlite3

        con = sqlite3.connect(home / "data" / "zhoubao.sqlite3", timeout=10, isolation_level=None)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def own_cluster() -> Iterator[_Cluster]:
    """A cluster of the calling test's own (not the suite's shared one), for a test that stops or restarts its
    server: the suite's other connections never see it go. Stopped and deleted afterwards."""
    cluster = _Cluster()
    cluster.start(shared=False)
    try:
        yield cluster
    finally:
        cluster.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs it (apt-get install postgresql)")
    return Path(versions[-1]).parent


class _Cluster:
    def __init__(self) -> None:
        self.bin = _bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="zhoubao-test-pg-"))
        self.data = self.dir / "data"
        self.owner: dict[str, Any] = {}
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.owner = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], capture_output=True, text=True,
                              timeout=timeout, cwd=self.dir, **self.owner)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self, shared: bool = True) -> str:
        # If the test process is killed before atexit runs (even during set-up), the watchdog stops the server
        # and removes the directory once it is gone (after a pause that lets an orphaned initdb or pg_ctl end).
        subprocess.Popen(
            ["/bin/sh", "-c", f'while [ -d /proc/{os.getpid()} ]; do sleep 2; done; sleep 10; '
                              f'"$0" stop -m immediate -D "$1" >/dev/null 2>&1; rm -rf "$2"',
             str(self.bin / "pg_ctl"), str(self.data), str(self.dir)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, **self.owner)
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        log = self.dir / "server.log"
        for attempt in range(3):  # the free port may be taken before the server binds it: try another
            port = _free_port()
            # Durability is not under test here (the cluster is thrown away): no fsync, for speed.
            opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={self.dir} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            try:
                self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(log), "-o", opts)
                self.opts = opts
                break
            except RuntimeError as exc:
                if attempt == 2:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"{exc}\n{tail}") from None
        atexit.register(self.stop)
        self.url = f"postgres://{USER}@127.0.0.1:{port}"
        self.shared = shared
        return self.url

    def create_database(self, name: str) -> str:
        """A database on this cluster (UTF-8); its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)))
        return f"{self.url}/{name}"

    def restart(self, down: float = 0.0) -> None:
        """Stop the server (fast: every connection is cut, open transactions are rolled back), stay down for
        `down` seconds, start it again on the same port with the same options."""
        self._run("pg_ctl", "stop", "-m", "fast", "-t", "60", "-D", str(self.data))
        time.sleep(down)
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.dir / "server.log"),
                  "-o", self.opts)

    def stop(self) -> None:
        if not self.dir.exists():
            return
        if getattr(self, "shared", True) and os.environ.get(URL_ENV) == getattr(self, "url", None):
            os.environ.pop(URL_ENV, None)
        try:
            self._run("pg_ctl", "stop", "-m", "fast", "-t", "60", "-D", str(self.data))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"tests/pg.py: stopping the test cluster: {exc}", file=sys.stderr)
        for _ in range(3):
            shutil.rmtree(self.dir, ignore_errors=True)
            if not self.dir.exists():
                break
            time.sleep(0.5)
