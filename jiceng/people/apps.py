from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jiceng.people"
    label = "people"
    verbose_name = "人员"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates)
