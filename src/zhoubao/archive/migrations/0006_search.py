"""The full-text index (issue 14): SearchEntry, its vendor's index (FTS5 on SQLite, GIN on PostgreSQL), and the
archive's existing reports, stories and items indexed."""

from typing import Any

from django.db import migrations, models


def create_index(apps: Any, schema_editor: Any) -> None:
    from zhoubao.archive.search import create_index as create

    create(schema_editor)


def drop_index(apps: Any, schema_editor: Any) -> None:
    from zhoubao.archive.search import drop_index as drop

    drop(schema_editor)


def index_archive(apps: Any, schema_editor: Any) -> None:
    from zhoubao.archive.search import reindex

    reindex(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0005_merge_i12_i16"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("report", "报道"), ("story", "事件"), ("item", "条目")],
                                          max_length=8)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=1000)),
                ("tokens", models.TextField(blank=True)),
                ("published", models.DateTimeField(blank=True, null=True)),
                ("day", models.DateField(blank=True, db_index=True, null=True)),
                ("section", models.CharField(blank=True, max_length=64)),
                ("issue_number", models.PositiveIntegerField(blank=True, null=True)),
                ("profile_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("source_id", models.PositiveBigIntegerField(blank=True, null=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"),
                                                        name="searchentry_unique_object")],
            },
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_archive, migrations.RunPython.noop),
    ]
