"""Issue 15's speed: results computed from the archive kept until their data changes (zhoubao.app.derived),
shared by the desk's server processes. A new table only; nothing existing is rebuilt."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0012_merge_i11_i14_i15"),
    ]

    operations = [
        migrations.CreateModel(
            name="Derived",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64, unique=True)),
                ("scope", models.CharField(db_index=True, max_length=200)),
                ("value", models.JSONField(default=dict)),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
        ),
    ]
