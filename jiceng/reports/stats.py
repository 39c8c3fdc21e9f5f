"""Statistics of an organization's subtree as of a date — the statistics API contract.

`org_stats` answers from an exact cache (`StatsSnapshot`, one per organization and date) and
falls back to the live computation (`live.py`) for whatever may have changed:

- nothing written since the snapshot that feeds the statistics → the whole snapshot is returned;
- such writes elsewhere only → the people figures are reused, the cadre figures recomputed (a
  post may lie outside its holder's subtree, so a change to the holder need not name this subtree);
- such a write naming an organization of this subtree → everything is recomputed.

"Written since" means an audit event about a record that feeds the statistics (`SOURCES`: people,
their posts and category history, organizations; not a ledger item or a meeting) newer than the
snapshot's watermark (`audit_high`), or stamped after its `safe_since`: on PostgreSQL a
transaction in flight while the snapshot was computed may commit events with ids below the
watermark afterwards, so when one is in flight `safe_since` goes back by `GRACE`. See docs/adr/0002-statistics.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from jiceng.core.models import AuditEvent
from jiceng.core.routers import report_reads
from jiceng.organizations.models import Organization
from jiceng.people.models import CategoryChange, Person, Post, Transfer

from .live import cadre_stats, compute_org_stats_live, people_stats
from .models import StatsSnapshot

# Longer than any write transaction we run (a 100 000-row roster import takes well under a minute).
GRACE = dt.timedelta(minutes=30)
# The records the figures are computed from: only their audit events invalidate a snapshot.
SOURCES = tuple(model._meta.label_lower for model in (Person, Post, CategoryChange, Transfer, Organization))
# Events that record a reading, not a change (a roster export with full ID numbers).
READS = ("export",)


def audit_high() -> int:
    return AuditEvent.objects.aggregate(high=Max("id"))["high"] or 0


def write_horizon() -> dt.datetime:
    """The earliest time an event that commits from now on can carry, as far as we can tell.

    SQLite runs one write transaction at a time, so ids arrive in commit order: now. PostgreSQL
    may have write transactions in flight (the oldest active xid differs from the next one);
    then we assume none has been open longer than GRACE.
    """
    now = timezone.now()
    reads = connections[router.db_for_read(AuditEvent) or "default"]  # the replica, if the data came from it
    if reads.vendor != "postgresql":
        return now
    with reads.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot()) = pg_snapshot_xmax(pg_current_snapshot())")
        idle = cursor.fetchone()[0]
    return now if idle else now - GRACE


def events_since(snapshot: StatsSnapshot) -> QuerySet[AuditEvent]:
    """Changes to the records behind the figures since the snapshot was computed."""
    recent = AuditEvent.objects.filter(Q(id__gt=snapshot.audit_high) | Q(at__gte=snapshot.safe_since))
    return recent.filter(object_type__in=SOURCES).exclude(action__in=READS)


def _touches_subtree(recent: QuerySet[AuditEvent], org: Organization) -> bool:
    """Whether a recent write may change the people figures of the subtree: it names one of its
    organizations, or it is about a person who was transferred out of it (as of a past date the
    person is still counted there, issue 13.4)."""
    subtree = org.subtree().values("pk")
    if recent.filter(org_id__in=subtree).exists():
        return True
    ids = list(recent.filter(object_type="people.person").values_list("object_id", flat=True)[: MANY_EVENTS + 1])
    if len(ids) > MANY_EVENTS:
        return True
    people = [int(i) for i in ids if i.isdigit()]
    return bool(people) and Transfer.objects.filter(person_id__in=people, from_org__in=subtree).exists()


def cached_body(org: Organization, as_of: dt.date) -> dict[str, Any]:
    snapshot = StatsSnapshot.objects.filter(organization=org, as_of=as_of).first()
    people: dict[str, Any] | None = None
    if snapshot is not None:
        recent = events_since(snapshot)
        if not recent.exists():
            return snapshot.data
        if not _touches_subtree(recent, org):
            people = {"people": snapshot.data["people"], "members": snapshot.data["members"]}
    # Both read before computing: a write committed during the computation invalidates it.
    horizon, high = write_horizon(), audit_high()
    body = {**(people or people_stats(org, as_of)), "cadres": cadre_stats(org, as_of)}
    try:
        with transaction.atomic():
            StatsSnapshot.objects.update_or_create(
                organization=org, as_of=as_of, defaults={"audit_high": high, "safe_since": horizon, "data": body}
            )
    except IntegrityError:  # a concurrent request stored the same snapshot first
        pass
    return body


@report_reads
def org_stats(org: Organization, as_of: dt.date) -> dict[str, Any]:
    return {"org": {"id": org.pk, "path": org.full_path}, "as_of": as_of.isoformat(), **cached_body(org, as_of)}


# More statistics-feeding writes than this since the oldest snapshot: check each one on its own.
MANY_EVENTS = 500


def org_stats_many(orgs: list[Organization], as_of: dt.date) -> dict[int, dict[str, Any]]:
    """`org_stats` of many organizations (a dashboard's children): two queries while their
    snapshots are fresh; those that may be stale go through `org_stats` one by one."""
    snapshots = {s.organization_id: s for s in StatsSnapshot.objects.filter(organization__in=orgs, as_of=as_of)}
    stale = {org.pk for org in orgs} - set(snapshots)
    if snapshots:
        high = min(s.audit_high for s in snapshots.values())
        since = min(s.safe_since for s in snapshots.values())
        recent = AuditEvent.objects.filter(Q(id__gt=high) | Q(at__gte=since), object_type__in=SOURCES)
        events = list(recent.exclude(action__in=READS).values_list("id", "at")[: MANY_EVENTS + 1])
        for pk, snap in snapshots.items():
            if len(events) > MANY_EVENTS or any(i > snap.audit_high or at >= snap.safe_since for i, at in events):
                stale.add(pk)
    return {
        org.pk: org_stats(org, as_of) if org.pk in stale else
        {"org": {"id": org.pk, "path": org.full_path}, "as_of": as_of.isoformat(), **snapshots[org.pk].data}
        for org in orgs
    }  # fmt: skip


__all__ = ["compute_org_stats_live", "org_stats", "org_stats_many"]
