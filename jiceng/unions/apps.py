from django.apps import AppConfig


class UnionsConfig(AppConfig):
    name = "jiceng.unions"
    label = "unions"
    verbose_name = "户联理事会"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import (
            demo,
            permissions,  # noqa: F401  (registers the rules predicates)
            queries,
        )

        queries.register()  # 户联理事会 as subjects of 五好 schemes and evaluations
        register_demo(86, "户联理事会", demo.seed_for_demo)  # after the care council (85)
        from jiceng.core.registry import register_dashboard_section

        register_dashboard_section("councils", 10, "unions", "unions/_dashboard.html", queries.dashboard_section)
