"""A meeting's issue as a source other apps read by ref ("meetings.issue:<id>").

Registered with `core.refs` from `MeetingsConfig.ready`: the ledgers turn an issue into a ledger
item without importing meetings. The issue keeps the item's id (`ledger_ref`, the link back);
when the item is resolved the issue is closed with the same date and result (seed 004: one
problem, one deadline — entered once).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jiceng.core import audit, refs
from jiceng.core.actor import Actor, is_system

from .models import Issue

KIND = "meetings.issue"


def read_issue(pk: int, user: Any) -> refs.Source | None:
    issues = Issue.objects.select_related("meeting__organization", "organization")
    if not is_system(user):
        issues = issues.visible_to(user)
    issue = issues.filter(pk=pk).first()
    if issue is None:
        return None
    meeting = issue.meeting
    return refs.Source(
        text=issue.text, organization=issue.organization or meeting.organization, on=meeting.held_on,
        label=str(meeting), url=reverse("meetings:detail", args=[meeting.pk]), via="meeting",
        settled=issue.resolved_on is not None and not issue.ledger_ref,
    )  # fmt: skip


def issue_linked(actor: Actor, pk: int, target: Any) -> None:
    """The issue became `target` (a ledger item): keep its id, once."""
    issue = Issue.objects.select_related("meeting__organization").get(pk=pk)
    with transaction.atomic():
        if Issue.objects.filter(pk=pk, ledger_ref__isnull=True).update(ledger_ref=str(target.pk)):
            audit.record(actor, "update", issue, org=issue.meeting.organization,
                         changes={"ledger_ref": [None, target.pk]})  # fmt: skip


def issue_resolved(actor: Actor, pk: int, on: dt.date, resolution: str) -> None:
    """The item made from the issue was resolved: the issue is closed on the same day (once)."""
    issue = Issue.objects.select_related("meeting__organization").get(pk=pk)
    with transaction.atomic():
        done = Issue.objects.filter(pk=pk, resolved_on__isnull=True).update(
            resolved_on=on, resolution=resolution or "已在台账中办结", updated_at=timezone.now()
        )
        if done:
            changes = {"resolved_on": [None, on.isoformat()], "依据": f"台账事项 #{issue.ledger_ref}"}
            audit.record(actor, "update", issue, org=issue.meeting.organization, changes=changes)


def register() -> None:
    refs.register(refs.RefKind(KIND, read_issue, issue_linked, issue_resolved))
