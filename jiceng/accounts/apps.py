from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jiceng.accounts"
    label = "accounts"
    verbose_name = "账户"
