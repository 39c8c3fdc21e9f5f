from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "jiceng.households"
    label = "households"
    verbose_name = "网格农户"
