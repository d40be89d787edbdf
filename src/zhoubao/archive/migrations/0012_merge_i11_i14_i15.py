"""Joins the migrations of 待定 items, the search entries' indexes and the sources page's index, made side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_i11_pending"),
        ("archive", "0011_i14_bench"),
        ("archive", "0011_i15_close"),
    ]

    operations = []
