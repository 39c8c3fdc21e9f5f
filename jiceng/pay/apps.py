from django.apps import AppConfig


class PayConfig(AppConfig):
    name = "jiceng.pay"
    label = "pay"
    verbose_name = "村干部报酬"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import (
            demo,
            permissions,  # noqa: F401  (registers the rules predicates)
        )

        register_demo(75, "村干部报酬", demo.seed_for_demo)
