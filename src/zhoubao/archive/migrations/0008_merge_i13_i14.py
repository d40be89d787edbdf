"""Joins the address book and send ledger (issue 13) with the full-text index (issue 14)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_search"),
        ("archive", "0007_deliveries"),
    ]

    operations = []
