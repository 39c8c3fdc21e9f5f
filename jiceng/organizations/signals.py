"""Signals for apps that keep data derived from the organization tree (they import this, not vice versa)."""

from django.dispatch import Signal

# Sent inside the move's transaction after every `org_path` copy was rewritten;
# kwargs: old_path, new_path (the moved organization's tree path before and after).
organization_moved = Signal()

# Sent before an organization is dissolved (kwarg: organization). A higher app that keeps
# records in the organization refuses by raising a DomainError with the reason in Chinese
# (people: "请先将该组织的人员转出"); nothing is written then.
organization_dissolving = Signal()
