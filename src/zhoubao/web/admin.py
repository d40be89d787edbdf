"""Django admin for users (with desk roles as groups), sources and profiles."""

from __future__ import annotations

from django.contrib import admin

from zhoubao.archive.models import Comment, Issue, Profile, SectionCorrection, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "outlet_kind", "enabled", "error_count", "last_checked", "url")
    list_filter = ("enabled", "kind", "outlet_kind")
    search_fields = ("name", "url")
    readonly_fields = ("etag", "last_modified", "last_checked", "last_success", "created")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "publisher", "first_number", "updated")
    readonly_fields = ("config_hash", "created", "updated")


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("number", "profile", "date", "state", "version", "updated")
    list_filter = ("state", "profile")
    readonly_fields = ("version", "origin", "created", "updated")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("issue", "item", "user", "when", "resolved")


@admin.register(SectionCorrection)
class SectionCorrectionAdmin(admin.ModelAdmin):
    list_display = ("story", "from_section", "to_section", "user", "when")
    readonly_fields = ("story", "from_section", "to_section", "user", "issue", "when")
