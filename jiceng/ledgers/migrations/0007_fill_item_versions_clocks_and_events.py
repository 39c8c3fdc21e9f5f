"""Data for the engine: each ledger type's workflow stored as version 1 of "ledgers.type.<pk>",
every item on that version, its deadline clock from its columns, and its history copied from
`ledgers.ItemEvent` into `core.CaseEvent` (same event and entry dates; ItemEvent goes in 0009).
"""

import hashlib
import json

from django.db import migrations

CASE_TYPE = "ledgers.ledgeritem"
KINDS = {"create": "start", "update": "edit"}  # the engine's names for the same events


def _digest(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _finals(workflow):
    return {s.get("key") for s in workflow.get("states") or [] if s.get("final") or s.get("resolved")}


def _clock(row, finals):
    _pk, status, start, due, paused_on, since = row
    return {"deadline": {
        "start": start.isoformat(), "due": due.isoformat(),
        "paused_on": paused_on.isoformat() if paused_on else None,
        "done": since.isoformat() if status in finals else None,
    }}


def versions_and_clocks(apps, schema_editor):
    LedgerType = apps.get_model("ledgers", "LedgerType")
    LedgerItem = apps.get_model("ledgers", "LedgerItem")
    Definition = apps.get_model("core", "WorkflowDefinition")
    for ltype in LedgerType.objects.order_by("pk"):
        code = f"ledgers.type.{ltype.pk}"
        row = Definition.objects.filter(code=code).order_by("-version").first()
        if row is None:
            row = Definition.objects.create(code=code, version=1, data=ltype.workflow, digest=_digest(ltype.workflow))
        items = LedgerItem.objects.filter(ledger_type_id=ltype.pk)
        items.filter(flow__isnull=True).update(flow_id=row.pk)
        finals = _finals(ltype.workflow)
        with_clock = items.filter(deadline_start__isnull=False, deadline__isnull=False).order_by("pk")
        fields = ("pk", "status", "deadline_start", "deadline", "paused_on", "status_since")
        batch = []
        for values in with_clock.values_list(*fields).iterator(chunk_size=5000):
            batch.append(LedgerItem(pk=values[0], clocks=_clock(values, finals)))
            if len(batch) == 2000:
                LedgerItem.objects.bulk_update(batch, ["clocks"])
                batch = []
        if batch:
            LedgerItem.objects.bulk_update(batch, ["clocks"])


def copy_events(apps, schema_editor):
    q = schema_editor.connection.ops.quote_name
    events = apps.get_model("ledgers", "ItemEvent")._meta.db_table
    items = apps.get_model("ledgers", "LedgerItem")._meta.db_table
    cases = apps.get_model("core", "CaseEvent")._meta.db_table
    kind = "CASE e.kind " + " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in KINDS.items()) + " ELSE e.kind END"
    columns = ("case_type", "case_id", "definition_id", "kind", "from_state", "to_state", "label", "on", "at",
               "actor_id", "actor_name", "note")
    select = (f"'{CASE_TYPE}', e.{q('item_id')}, i.{q('flow_id')}, {kind}, e.{q('from_state')}, e.{q('to_state')}, "
              f"e.{q('label')}, e.{q('on')}, e.{q('at')}, e.{q('actor_id')}, e.{q('actor_name')}, e.{q('note')}")
    schema_editor.execute(
        f"INSERT INTO {q(cases)} ({', '.join(q(c) for c in columns)}) SELECT {select} "
        f"FROM {q(events)} e JOIN {q(items)} i ON i.{q('id')} = e.{q('item_id')} ORDER BY e.{q('id')}"
    )


def uncopy_events(apps, schema_editor):
    q = schema_editor.connection.ops.quote_name
    events = apps.get_model("ledgers", "ItemEvent")._meta.db_table
    cases = apps.get_model("core", "CaseEvent")._meta.db_table
    kind = "CASE kind " + " ".join(f"WHEN '{new}' THEN '{old}'" for old, new in KINDS.items()) + " ELSE kind END"
    columns = ("item_id", "kind", "from_state", "to_state", "label", "on", "at", "actor_id", "actor_name", "note")
    select = ", ".join([q("case_id"), kind, *(q(c) for c in columns[2:])])
    schema_editor.execute(
        f"INSERT INTO {q(events)} ({', '.join(q(c) for c in columns)}) SELECT {select} FROM {q(cases)} "
        f"WHERE {q('case_type')} = '{CASE_TYPE}' ORDER BY {q('id')}"
    )
    schema_editor.execute(f"DELETE FROM {q(cases)} WHERE {q('case_type')} = '{CASE_TYPE}'")


def unset_versions(apps, schema_editor):
    apps.get_model("ledgers", "LedgerItem").objects.update(flow=None, clocks={})
    apps.get_model("core", "WorkflowDefinition").objects.filter(code__startswith="ledgers.type.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_shipped_calendar"),
        ("ledgers", "0006_items_run_on_the_engine"),
    ]

    operations = [
        migrations.RunPython(versions_and_clocks, unset_versions),
        migrations.RunPython(copy_events, uncopy_events),
    ]
