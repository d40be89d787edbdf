# Issue 16: snapshots carry the items a rebuild replaced (so it can be undone) and the document as published.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_merge"),
    ]

    operations = [
        migrations.AddField(
            model_name="issuesnapshot",
            name="items",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="issuesnapshot",
            name="document",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="issuesnapshot",
            name="kind",
            field=models.CharField(
                choices=[("draft", "机器初稿"), ("approved", "批准稿"), ("published", "发布稿"),
                         ("rebuild", "重新生成前")],
                max_length=16,
            ),
        ),
    ]
