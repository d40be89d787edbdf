"""What an editor's first open of a fresh draft would compute, done by the build instead (issue 15).

The build registers `prime_issue` as one of its desk preparations (app.build.DESK_PREPARERS, from this app's
ready()): it stores in the database — shared by every server process — each item's rendered piece as an editor
sees it, its 来源中未见 check, its 校对 findings and the candidate filter's outlets. The first open then reads them instead of
computing them while other editors wait (50 first opens in five seconds were what set bench.desk_load's p95).
"""

from __future__ import annotations

from zhoubao.app import desk
from zhoubao.archive.models import Issue
from zhoubao.web.views import issues as issue_views


def prime_issue(issue: Issue) -> None:
    """Compute and store the issue page's heavy pieces for an editor of a draft (nothing for other states)."""
    if issue.state != Issue.State.DRAFT:
        return
    issue = Issue.objects.select_related("profile").get(pk=issue.pk)  # as the page reads it (version, profile)
    views = issue_views._item_views(issue.profile.timezone, shared=True, issue=issue)  # fact checks stored
    page = issue_views._page(issue, editable=True)
    groups = issue_views._section_groups(views, page["sections"])
    issue_views._item_pieces([v for _name, mine in groups for v in mine], page, shared=True)
    # Its 校对 findings (app/proofread.py keeps them in the database by their exact input).
    issue_views.proofread_panel(issue, views, issue_views.print_order(views, page["sections"]), True)
    desk.outlets(issue)
