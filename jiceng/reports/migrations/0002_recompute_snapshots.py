"""Data: drop the cached statistics, recomputed on the next request. They were computed before
"as of" counted only people born by the date and before the 第一书记 became a post of its own
(issue 10.9); a snapshot is a cache, nothing is lost."""

from django.db import migrations


def drop_snapshots(apps, schema_editor):
    apps.get_model("reports", "StatsSnapshot").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_stats_snapshot"), ("people", "0009_first_secretary_is_a_post")]

    operations = [migrations.RunPython(drop_snapshots, migrations.RunPython.noop)]
