"""The desk's 生成草稿 and 发布 are jobs: the request returns at once, the button is disabled, a fragment polled by
htmx shows the progress, and the issue appears (or the failure's message in Chinese) when the job ends."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhoubao.archive.models import Issue, JobRun
from zhoubao.jobs.tasks import run_inline

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def q() -> Any:
    got = run_inline(False)  # a real queue (the home's SQLite), run by hand below as a worker would
    got.huey.storage.flush_queue()
    yield got
    got.huey.storage.flush_queue()


def _work(q: Any) -> int:
    """Run what is queued, as a worker thread does; returns how many messages ran."""
    n = 0
    while (task := q.huey.dequeue()) is not None:
        q.huey.execute(task)
        n += 1
    return n


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_build_returns_at_once_and_the_page_follows_the_job(q: Any, users: dict[str, Any]) -> None:
    from tests.desk.conftest import make_week

    make_week()
    ed = _login(users["editor"])
    resp = ed.post(reverse("issue_build"), {"date": "2025-06-09"})
    run = JobRun.objects.get()
    assert resp.status_code == 302 and resp["Location"].endswith(f"?job={run.pk}#job-{run.pk}")
    assert run.state == "queued" and run.args == {"issue_date": "2025-06-09"} and run.user == users["editor"]
    assert not Issue.objects.exists() and q.depth() == 1
    page = ed.get(resp["Location"]).content.decode()
    assert f'id="job-{run.pk}"' in page and f'hx-get="/jobs/{run.pk}?poll=1"' in page and 'hx-trigger="every 1s"' in page
    assert 'data-action="build" disabled' in page and "生成中…" in page
    assert "没有正在运行的 worker" in page and "zhoubao worker" in page
    # A second click while it waits is the same job, not a second build.
    ed.post(reverse("issue_build"), {"date": "2025-06-09"})
    assert JobRun.objects.count() == 1
    assert _work(q) == 2  # two messages, one run: the second finds it taken and does nothing
    run.refresh_from_db()
    assert run.state == "done" and run.progress == 100 and run.attempts == 1
    issue = Issue.objects.get()
    poll = ed.get(reverse("job", args=[run.pk]) + "?poll=1", **HX)
    assert poll["HX-Redirect"] == reverse("issue", args=[issue.pk]) + f"?job={run.pk}"
    frag = ed.get(reverse("job", args=[run.pk])).content.decode()
    assert "已生成第1期草稿" in frag and "hx-trigger" not in frag and reverse("issue", args=[issue.pk]) in frag
    home = ed.get(reverse("home")).content.decode()
    assert 'data-action="build" disabled' not in home


def test_a_failed_build_shows_why_and_stops_polling(q: Any, users: dict[str, Any]) -> None:
    ed = _login(users["editor"])
    resp = ed.post(reverse("issue_build"), {"date": "2020-01-06"})
    run = JobRun.objects.get()
    _work(q)
    run.refresh_from_db()
    # The desk says what to do in the desk (issue 15): collect first or pick another date, no command-line flags.
    assert run.state == "failed" and "没有报道" in run.message and "抓取报道" in run.message
    assert "--date" not in run.message and "--days" not in run.message
    poll = ed.get(reverse("job", args=[run.pk]) + "?poll=1", **HX)
    html = poll.content.decode()
    assert "HX-Redirect" not in poll and "失败：" in html and "没有报道" in html and "hx-trigger" not in html
    assert "没有报道" in ed.get(resp["Location"]).content.decode()


def test_publish_is_a_job_with_the_button_disabled_meanwhile(q: Any, users: dict[str, Any], issue: Issue) -> None:
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    for c, action in ((ed, "submit"), (rv, "approve")):
        issue.refresh_from_db()
        c.post(reverse("issue_transition", args=[issue.pk, action]), {"issue_version": issue.version})
    issue.refresh_from_db()
    assert issue.state == "approved"
    # A stale page is refused now, before anything is queued.
    stale = rv.post(reverse("issue_transition", args=[issue.pk, "publish"]), {"issue_version": issue.version - 1},
                    follow=True)
    assert "刷新" in stale.content.decode() and not JobRun.objects.exists()
    resp = rv.post(reverse("issue_transition", args=[issue.pk, "publish"]), {"issue_version": issue.version})
    run = JobRun.objects.get(kind="publish")
    assert resp.status_code == 302 and f"?job={run.pk}" in resp["Location"]
    assert run.args == {"issue_id": issue.pk, "user_id": users["reviewer"].pk, "version": issue.version}
    page = rv.get(resp["Location"]).content.decode()
    assert 'data-action="publish" disabled' in page and "发布中…" in page and f'id="job-{run.pk}"' in page
    issue.refresh_from_db()
    assert issue.state == "approved"
    _work(q)
    run.refresh_from_db()
    issue.refresh_from_db()
    assert run.state == "done" and issue.state == "published" and f"已发布第{issue.number}期" in run.message
    poll = rv.get(reverse("job", args=[run.pk]) + "?poll=1", **HX)
    assert poll["HX-Redirect"].startswith(reverse("issue", args=[issue.pk]))
    assert "已发布" in rv.get(poll["HX-Redirect"]).content.decode()
