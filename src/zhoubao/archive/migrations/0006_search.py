"""The full-text index (issue 14): SearchEntry, its vendor's index (FTS5 on SQLite, a generated tsvector column
with a GIN index on PostgreSQL), and the archive's existing reports, stories and items indexed."""

from typing import Any

from django.db import migrations, models

FTS = "archive_searchentry_fts"
SQLITE_CREATE = [
    # External content: the text lives in archive_searchentry.tokens, the triggers keep the FTS5 index in step.
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(tokens, content='archive_searchentry', content_rowid='id', "
    "tokenize=\"unicode61 remove_diacritics 0 tokenchars '-_.+'\")",
    f"CREATE TRIGGER archive_searchentry_ai AFTER INSERT ON archive_searchentry BEGIN "
    f"INSERT INTO {FTS}(rowid, tokens) VALUES (new.id, new.tokens); END",
    f"CREATE TRIGGER archive_searchentry_ad AFTER DELETE ON archive_searchentry BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    f"CREATE TRIGGER archive_searchentry_au AFTER UPDATE ON archive_searchentry BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    f"INSERT INTO {FTS}(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS archive_searchentry_ai", "DROP TRIGGER IF EXISTS archive_searchentry_ad",
    "DROP TRIGGER IF EXISTS archive_searchentry_au", f"DROP TABLE IF EXISTS {FTS}",
]
# The tokens are already what is to be matched (zhoubao.text.search): taken as lexemes as they are, no parser.
PG_CREATE = [
    "ALTER TABLE archive_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED",
    "CREATE INDEX archive_searchentry_tsv ON archive_searchentry USING GIN (tsv)",
]
PG_DROP = ["DROP INDEX IF EXISTS archive_searchentry_tsv", "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS tsv"]


def _run(schema_editor: Any, sqlite: list[str], postgresql: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    for sql in sqlite if vendor == "sqlite" else postgresql if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def create_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, SQLITE_CREATE, PG_CREATE)


def drop_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, SQLITE_DROP, PG_DROP)


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
