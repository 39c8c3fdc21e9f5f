import datetime as dt
from typing import Any

from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "jiceng.ledgers"
    label = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from jiceng.core import engine
        from jiceng.households.links import register_visit_page
        from jiceng.organizations.signals import organization_moved

        from . import rules
        from .models import FAMILY

        # Each ledger type's workflow is a definition of this family (its data lives in the type's
        # row, a new version whenever it changes), with the ledgers' roles and requirements.
        engine.register_definition(FAMILY, {}, roles=rules.ROLE_LABELS, requirements=rules.REQUIREMENTS,
                                   require_outcome="resolved")  # fmt: skip
        register_visit_page("ledgers:visit_create")  # 记录走访 may register a ledger item at once
        from jiceng.core.registry import register_demo

        from . import demo

        register_demo(20, "台账", demo.seed_for_demo)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
        organization_moved.connect(_rebuild_after_move, dispatch_uid="ledgers-rollup-move")
        from jiceng.core import schedules

        schedules.register("ledger_daily", "台账每日检查（临期预警、逾期上报）", _daily, at=dt.time(1, 0))
        from jiceng.core.privacy import register_published_check

        from .publication import recheck_published_items

        register_published_check("台账公开栏", recheck_published_items)
        from jiceng.core.registry import MY_PAGE_SLOTS, register_my_page

        from . import home

        # The home page of what to do: items due or overdue, liaisons' visit-quota shortfalls.
        register_my_page(MY_PAGE_SLOTS["ledger_items"], "ledgers.items", "ledgers/_home_items.html",
                         home.items_section)  # fmt: skip
        register_my_page(MY_PAGE_SLOTS["visits"], "ledgers.visits", "ledgers/_home_quota.html", home.quota_section)
        from jiceng.core.registry import register_board_section

        from . import board

        register_board_section(30, "ledgers", "ledgers/_board_section.html", board.section)  # published items


def _daily() -> str:
    from .tasks import run_daily

    result = run_daily()
    return f"临期预警 {result.warned} 件，逾期上报 {result.escalated} 件"


def _rebuild_after_move(sender: Any, old_path: str, new_path: str, **kwargs: Any) -> None:
    """The moved items count under other scopes now: rebuild below the deepest common ancestor."""
    from jiceng.organizations.models import Organization

    from . import rollup

    step = Organization.steplen
    common = 0
    while common + step <= min(len(old_path), len(new_path)) and old_path[: common + step] == new_path[: common + step]:
        common += step
    rollup.rebuild(old_path[:common])
