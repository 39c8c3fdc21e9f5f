"""ItemEvent (now core.CaseEvent, 0007) and the ledgers' CalendarDay (now core.CalendarDay, 0008) go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0008_calendar_days_to_core")]

    operations = [
        migrations.DeleteModel(name="ItemEvent"),
        migrations.DeleteModel(name="CalendarDay"),
    ]
