from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "jiceng.training"
    label = "training"
    verbose_name = "培训学时"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import demo, permissions  # noqa: F401  (permissions registers the rules predicates)

        register_demo(68, "培训", demo.seed_for_demo)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
