from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jiceng.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates, incl. core's operations pages)
