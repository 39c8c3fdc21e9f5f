from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "jiceng.organizations"
    label = "organizations"
    verbose_name = "党组织"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates)
