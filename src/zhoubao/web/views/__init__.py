"""Desk views: pages and the changes editors and reviewers make."""

from zhoubao.web.views.common import csrf_failure

__all__ = ["csrf_failure"]
