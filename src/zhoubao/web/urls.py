"""Desk URLs. Every view goes through zhoubao.web.views.common.desk_view (roles and methods checked); the published
archive's through zhoubao.web.views.archive.archive_view (open when [profile] public = true)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from zhoubao.web.views import (
    archive,
    auth,
    changes,
    coverage,
    issuelist,
    issues,
    jobs,
    preview,
    profile,
    proofread,
    recipients,
    search,
    sources,
)

urlpatterns = [
    path("", issuelist.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("healthz", auth.healthz, name="healthz"),
    path("issues/build", issuelist.build_issue, name="issue_build"),
    path("issues/<int:pk>/rebuild/undo", issues.rebuild_undo, name="rebuild_undo"),
    path("issues/<int:pk>/", issues.issue_page, name="issue"),
    path("issues/<int:pk>/candidates", issues.candidates, name="issue_candidates"),
    path("issues/<int:pk>/reorder", issues.issue_reorder, name="issue_reorder"),
    path("issues/<int:pk>/items/<int:item>/save", issues.item_save, name="item_save"),
    path("issues/<int:pk>/items/<int:item>/proofread-fix", proofread.proofread_fix, name="proofread_fix"),
    path("issues/<int:pk>/items/<int:item>/move", issues.item_move, name="item_move"),
    path("issues/<int:pk>/items/<int:item>/remove", issues.item_remove, name="item_remove"),
    path("issues/<int:pk>/items/<int:item>/keep", issues.item_keep, name="item_keep"),
    path("issues/<int:pk>/items/<int:item>/merge", issues.item_merge, name="item_merge"),
    path("issues/<int:pk>/items/<int:item>/split", issues.item_split, name="item_split"),
    path("issues/<int:pk>/items/<int:item>/highlight", issues.item_highlight, name="item_highlight"),
    path("issues/<int:pk>/candidates/<int:story>/add", issues.candidate_add, name="candidate_add"),
    path("issues/<int:pk>/reports/add-url", issues.report_add_url, name="report_add_url"),
    path("issues/<int:pk>/reports/add-text", issues.report_add_text, name="report_add_text"),
    path("issues/<int:pk>/reports/<int:report>/split", issues.report_split, name="report_split"),
    path("issues/<int:pk>/comments", issues.comment_add, name="comment_add"),
    path("issues/<int:pk>/workflow/<slug:action>", issues.issue_transition, name="issue_transition"),
    path("issues/<int:pk>/send", issues.issue_send, name="issue_send"),
    path("issues/<int:pk>/diff", changes.issue_diff, name="issue_diff"),
    path("issues/<int:pk>/audit", changes.issue_audit, name="issue_audit"),
    path("issues/<int:pk>/preview", preview.issue_preview, name="issue_preview"),
    path("issues/<int:pk>/preview/<slug:key>/<int:page>.png", preview.issue_preview_page, name="issue_preview_page"),
    path("issues/<int:pk>/undo", changes.issue_undo, name="issue_undo"),
    path("issues/<int:pk>/export/<slug:fmt>", issues.issue_export, name="issue_export"),
    path("issues/<int:pk>/files/<str:name>", issues.issue_file, name="issue_file"),
    path("issues/<int:pk>/coverage", coverage.issue_coverage, name="issue_coverage"),
    path("trends/", coverage.trends_page, name="trends"),
    path("reports/<int:report>/", issues.report_detail, name="report"),
    path("jobs/<int:pk>", jobs.job, name="job"),
    path("search/", search.archive_search, name="search"),
    path("sources/", sources.source_list, name="sources"),
    path("sources/new", sources.source_new, name="source_new"),
    path("sources/<int:pk>/edit", sources.source_edit, name="source_edit"),
    path("sources/<int:pk>/toggle", sources.source_toggle, name="source_toggle"),
    path("recipients/", recipients.recipient_list, name="recipients"),
    path("recipients/<int:pk>/edit", recipients.recipient_edit, name="recipient_edit"),
    path("recipients/<int:pk>/remove", recipients.recipient_remove, name="recipient_remove"),
    path("settings/", profile.profile_settings, name="profile_settings"),
    path("archive/", archive.archive_index, name="archive_index"),
    path("archive/feed.atom", archive.archive_feed, name="archive_feed"),
    path("archive/<int:number>/", archive.archive_issue, name="archive_issue"),
    path("archive/<int:number>/files/<str:name>", archive.archive_file, name="archive_file"),
    path("admin/", admin.site.urls),
]

# Django's own 400 (a request body over DATA_UPLOAD_MAX_MEMORY_SIZE, …) in Chinese, not "Bad Request (400)".
handler400 = "zhoubao.web.views.common.bad_request"

admin.site.site_header = "周报编辑台 · 管理后台"
admin.site.site_title = "周报管理后台"
admin.site.index_title = "用户、来源与简报"
