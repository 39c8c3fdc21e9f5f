from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "jiceng.economy"
    label = "economy"
    verbose_name = "集体经济与合作社"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import demo, metrics, permissions  # noqa: F401  (registers the rules predicates)

        metrics.register()
        register_demo(80, "集体经济与合作社", demo.seed_for_demo)
