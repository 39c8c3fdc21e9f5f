"""Signals for apps that keep data derived from the organization tree (they import this, not vice versa)."""

from django.dispatch import Signal

# Sent inside the move's transaction after every `org_path` copy was rewritten;
# kwargs: old_path, new_path (the moved organization's tree path before and after).
organization_moved = Signal()
