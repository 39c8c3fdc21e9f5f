"""Cached statistics: one snapshot per (organization, as_of), exact by construction.

A snapshot stores the live people figures together with the highest audit event id at the time it was
computed. Every write in the system records an audit event naming the organization it touches
(both ends of a transfer or move), so a snapshot is still exact while no newer audit event names
an organization of its subtree. See docs/adr/0002-statistics.md.
"""

from __future__ import annotations

from django.db import models

from jiceng.organizations.models import Organization


class StatsSnapshot(models.Model):
    """The `people` and `members` parts of the statistics of one subtree on one date."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    audit_high = models.BigIntegerField(help_text="highest AuditEvent id when computed")
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)
    # Events stamped from here on may have committed after the snapshot with ids below
    # `audit_high` (a write transaction was in flight); see stats.write_horizon.
    safe_since = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "as_of"], name="stats_snapshot_unique")]
