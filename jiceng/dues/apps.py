from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "jiceng.dues"
    label = "dues"
    verbose_name = "党费"

    def ready(self) -> None:
        from . import home, permissions  # noqa: F401  (registers the rules predicates)

        home.register()  # the branch secretary's home page: members six months in arrears
        from jiceng.core.registry import register_demo

        from . import demo

        register_demo(70, "党费", demo.seed_for_demo)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
