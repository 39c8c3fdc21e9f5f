"""Grids, households and visits now belong to the households app (same tables, no data moved)."""

import django.db.models.deletion
from django.db import migrations, models

state_operations = [
    migrations.AlterField(
        model_name="ledgeritem",
        name="grid",
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                related_name="items", to="households.grid", verbose_name="网格"),
    ),
    migrations.AlterField(
        model_name="ledgeritem",
        name="household",
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                related_name="items", to="households.household", verbose_name="农户"),
    ),
    migrations.AlterField(
        model_name="ledgeritem",
        name="visit",
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                related_name="items", to="households.visit", verbose_name="走访记录"),
    ),
    migrations.DeleteModel(name="Visit"),
    migrations.DeleteModel(name="Household"),
    migrations.DeleteModel(name="Grid"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0004_fill_statistics_rollup"),
        ("households", "0001_grids_households_visits"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
