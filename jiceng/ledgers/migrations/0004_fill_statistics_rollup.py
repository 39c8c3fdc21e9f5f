from typing import Any

from django.db import migrations


def fill(apps: Any, schema_editor: Any) -> None:
    from jiceng.ledgers import rollup

    rollup.rebuild(items=apps.get_model("ledgers", "LedgerItem"), tallies=apps.get_model("ledgers", "LedgerTally"))


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0003_statistics_rollup")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
