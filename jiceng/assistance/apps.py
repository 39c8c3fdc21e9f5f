from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "jiceng.assistance"
    label = "assistance"
    verbose_name = "结对帮扶"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import (
            demo,
            metrics,
            permissions,  # noqa: F401  (registers the rules predicates)
        )

        metrics.register()
        register_demo(88, "结对帮扶", demo.seed_for_demo)  # after 关怀理事会 (85)
        from jiceng.core.registry import register_dashboard_section

        from . import actions

        register_dashboard_section("councils", 20, "fund", "assistance/_dashboard.html", actions.dashboard_section)
