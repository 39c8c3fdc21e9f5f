from typing import Any

from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "jiceng.ledgers"
    label = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from jiceng.organizations.signals import organization_moved

        organization_moved.connect(_rebuild_after_move, dispatch_uid="ledgers-rollup-move")


def _rebuild_after_move(sender: Any, old_path: str, new_path: str, **kwargs: Any) -> None:
    """The moved items count under other scopes now: rebuild below the deepest common ancestor."""
    from jiceng.organizations.models import Organization

    from . import rollup

    step = Organization.steplen
    common = 0
    while common + step <= min(len(old_path), len(new_path)) and old_path[: common + step] == new_path[: common + step]:
        common += step
    rollup.rebuild(old_path[:common])
