"""A borderline story's item waits as 待定 with its reason (issue 11): Item.pending."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_merge_i13_i14_i15"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="pending",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
    ]
