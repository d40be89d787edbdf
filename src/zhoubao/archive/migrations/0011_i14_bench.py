"""The search entries' issue number, section and source indexed (issue 14's bench): a search narrowed to a few
entries starts from them instead of from every match of its words. Indexes added, no table rebuilt (the FTS5
triggers on SQLite stay)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0010_merge_i13_i14_i15"),
    ]

    operations = [
        migrations.AddIndex(model_name="searchentry",
                            index=models.Index(fields=["issue_number"], name="searchentry_issue")),
        migrations.AddIndex(model_name="searchentry", index=models.Index(fields=["section"], name="searchentry_section")),
        migrations.AddIndex(model_name="searchentry", index=models.Index(fields=["source_id"], name="searchentry_source")),
    ]
