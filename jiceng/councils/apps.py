from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "jiceng.councils"
    label = "councils"
    verbose_name = "关怀理事会"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import (
            demo,
            links,
            permissions,  # noqa: F401  (registers the rules predicates)
        )

        links.register()
        from . import subjects

        subjects.register()  # 理事 as subjects of evaluations (优秀关怀理事评比)
        register_demo(85, "关怀理事会", demo.seed_for_demo)  # after 集体经济 (80), which adds households
