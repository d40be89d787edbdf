"""Joins the migrations of the webhooks ledger, memory across issues and undo, made side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_i13_webhooks"),
        ("archive", "0009_i14_memory"),
        ("archive", "0009_i15_undo"),
    ]

    operations = []
