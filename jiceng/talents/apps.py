from django.apps import AppConfig


class TalentsConfig(AppConfig):
    name = "jiceng.talents"
    label = "talents"
    verbose_name = "农村实用人才"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates)
