from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "jiceng.ledgers"
    label = "ledgers"
    verbose_name = "台账"
