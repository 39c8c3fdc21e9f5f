"""Start-up check: the ID-number key must be the one the stored numbers were written with.

Tagged `database`: `migrate`, `check --database default` and `manage.py serve` (make run) run it,
so a server with the wrong key refuses to start instead of failing on every person page.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from .crypto import IdKeyError, verify_key_if_migrated


@checks.register(checks.Tags.database)
def id_number_key(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not databases or "default" not in databases:
        return []
    try:
        verify_key_if_migrated()
    except IdKeyError as exc:
        return [checks.Critical(str(exc), id="people.E001")]
    return []
