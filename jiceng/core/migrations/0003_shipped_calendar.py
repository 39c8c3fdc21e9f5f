"""The shipped business calendar (rows with an empty scope): the days are kept in
`jiceng.core.holidays` and stored again after every migrate."""

from django.db import migrations


def load(apps, schema_editor):
    from jiceng.core.holidays import sync_shipped_calendar

    sync_shipped_calendar(apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_engine_calendar_cases")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
