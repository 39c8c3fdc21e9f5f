"""Ledger items become workflow cases of the core engine: the definition version they run
under (`flow`) and their clocks. Filled by 0007."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_shipped_calendar'),
        ('ledgers', '0005_grids_households_visits_to_households'),
    ]

    operations = [
        migrations.AddField(
            model_name='ledgeritem',
            name='clocks',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='期限'),
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='flow',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.workflowdefinition', verbose_name='流程版本'),
        ),
    ]
