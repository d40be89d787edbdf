"""Django app of the archive: the database of sources, reports, stories and issues."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhoubao.archive"
    label = "archive"
    verbose_name = "周报档案"
    default_auto_field = "django.db.models.BigAutoField"
