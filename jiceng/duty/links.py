"""A duty log entry as a source other apps read by ref ("duty.dutyentry:<id>"): a matter referred
on duty becomes a ledger item in one click (issue 14.5), without duty and ledgers writing each
other's rows. The entry keeps the item's id (`ledger_ref`, the link back)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from jiceng.core import audit, refs
from jiceng.core.actor import Actor, is_system

from .models import DutyEntry

KIND = "duty.dutyentry"


def read_entry(pk: int, user: Any) -> refs.Source | None:
    entries = DutyEntry.objects.select_related("organization", "person")
    if not is_system(user):
        entries = entries.visible_to(user)
    entry = entries.filter(pk=pk).first()
    if entry is None:
        return None
    text = entry.referred or entry.callers
    return refs.Source(text=text, organization=entry.organization, on=entry.on, label=str(entry),
                       url=f"{reverse('duty:village', args=[entry.organization_id])}?month={entry.on:%Y-%m}",
                       via="duty")  # fmt: skip


def entry_linked(actor: Actor, pk: int, target: Any) -> None:
    """The entry's matter became `target` (a ledger item): keep its id, once."""
    entry = DutyEntry.objects.select_related("organization").get(pk=pk)
    with transaction.atomic():
        if DutyEntry.objects.filter(pk=pk, ledger_ref__isnull=True).update(ledger_ref=target.pk):
            audit.record(actor, "update", entry, org=entry.organization, changes={"台账事项": [None, target.pk]})


def register() -> None:
    refs.register(refs.RefKind(KIND, read_entry, entry_linked))
