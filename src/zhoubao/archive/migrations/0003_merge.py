# Joins the collector's and the desk's migrations, written in parallel.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_collect"),
        ("archive", "0002_desk"),
    ]
    operations = []
