"""Ballots lose their receipt column: receipts are kept apart, sorted, on the round (ADR 0006)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_receipts_apart_and_closed_rounds_anonymized"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="ballot", name="receipt_once_per_round"),
        migrations.RemoveField(model_name="ballot", name="receipt"),
    ]
