"""Memory across issues (issue 14): what a story's earlier issues carried and what is new since (Story.memory)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_merge_i13_i14"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="memory",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
