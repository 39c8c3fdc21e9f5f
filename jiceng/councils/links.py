"""A council visit as a source other apps read by ref ("councils.councilvisit:<id>"): a problem
found on a visit becomes a ledger item in one step (`actions.visit_to_ledger`), the visit keeps
the item's id (`ledger_ref`, the link back), as meeting issues and duty entries do."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from jiceng.core import audit, refs
from jiceng.core.actor import Actor, is_system

from .models import CouncilVisit

KIND = "councils.councilvisit"


def read_visit(pk: int, user: Any) -> refs.Source | None:
    visits = CouncilVisit.objects.select_related("council__organization", "household")
    if not is_system(user):
        visits = visits.visible_to(user)
    visit = visits.filter(pk=pk).first()
    if visit is None or not visit.problem.strip():
        return None
    url = f"{reverse('councils:visits', args=[visit.council_id])}?month={visit.visited_on:%Y-%m}"
    return refs.Source(text=f"{visit.household.head_name}户：{visit.problem}", organization=visit.council.organization,
                       on=visit.visited_on, label=f"{visit.visited_on} 关怀理事走访", url=url, via="visit")  # fmt: skip


def visit_linked(actor: Actor, pk: int, target: Any) -> None:
    """The visit's problem became `target` (a ledger item): keep its id, once."""
    visit = CouncilVisit.objects.select_related("council__organization").get(pk=pk)
    with transaction.atomic():
        if CouncilVisit.objects.filter(pk=pk, ledger_ref__isnull=True).update(ledger_ref=target.pk):
            audit.record(
                actor, "update", visit, org=visit.council.organization, changes={"台账事项": [None, target.pk]}
            )


def register() -> None:
    refs.register(refs.RefKind(KIND, read_visit, visit_linked))
