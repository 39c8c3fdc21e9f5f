from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "jiceng.duty"
    label = "duty"
    verbose_name = "村干部值班"

    def ready(self) -> None:
        from . import links, permissions  # noqa: F401  (registers the rules predicates)

        links.register()  # a referred matter becomes a ledger item (core.refs)
