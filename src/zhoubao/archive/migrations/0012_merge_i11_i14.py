"""Joins the migrations of 待定 items and the search entries' indexes, made side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_i11_pending"),
        ("archive", "0011_i14_bench"),
    ]

    operations = []
