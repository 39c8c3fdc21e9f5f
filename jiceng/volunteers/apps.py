from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "jiceng.volunteers"
    label = "volunteers"
    verbose_name = "志愿服务与共青团"

    def ready(self) -> None:
        from jiceng.core.registry import register_demo

        from . import (
            demo,
            permissions,  # noqa: F401  (registers the rules predicates)
        )

        register_demo(76, "志愿服务与共青团", demo.seed_for_demo)
