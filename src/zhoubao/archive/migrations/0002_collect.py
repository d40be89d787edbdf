# Polling state of the collect issue: Retry-After, publication interval, robots.txt cache.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="retry_after_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="source",
            name="publish_interval",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="source",
            name="robots_txt",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="source",
            name="robots_checked",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
