import datetime as dt

from django.db import migrations


def keep_the_old_margin(apps, schema_editor):
    """The old field held the last sync's start, read again less 10 minutes: the first sync after
    this migration reads from there, as the old code would have."""
    state = apps.get_model("dues", "RollupState").objects.filter(pk=1, read_from__isnull=False).first()
    if state is not None:
        state.read_from -= dt.timedelta(minutes=10)
        state.save(update_fields=["read_from"])


class Migration(migrations.Migration):
    dependencies = [("dues", "0002_rollup")]

    operations = [
        migrations.RenameField("rollupstate", "synced_at", "read_from"),
        migrations.RunPython(keep_the_old_margin, migrations.RunPython.noop),
    ]
