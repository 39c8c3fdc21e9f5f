"""Load the shipped ledger types (seed 004) as editable templates (rows without an owner)."""

from django.db import migrations

from jiceng.ledgers.defaults import install_templates


def load(apps, schema_editor):
    install_templates(apps.get_model("ledgers", "LedgerType"))


def unload(apps, schema_editor):
    LedgerType = apps.get_model("ledgers", "LedgerType")
    LedgerType.objects.filter(owner=None, items__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0001_ledgers")]
    operations = [migrations.RunPython(load, unload)]
