"""Issue 15's bench: an index on reports by source and fetch time, which the sources page counts from."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_merge_i13_i14_i15")]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["source", "fetched"], name="report_source_fetched"),
        ),
    ]
