"""Django app of the archive: the database of sources, reports, stories and issues."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhoubao.archive"
    label = "archive"
    verbose_name = "周报档案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from zhoubao.archive.fit import fit_before_save

        # Every row fits its columns on SQLite and PostgreSQL alike (no NUL, no string over its max_length).
        for model in self.get_models():
            pre_save.connect(fit_before_save, sender=model, dispatch_uid=f"zhoubao-fit-{model.__name__}")
        # The full-text index follows reports, stories and items as they are saved and deleted.
        from zhoubao.archive.search import connect

        connect()
