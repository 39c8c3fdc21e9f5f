from django.apps import AppConfig


class MobileConfig(AppConfig):
    name = "jiceng.mobile"
    label = "mobile"
    verbose_name = "流动党员"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates)
