import datetime as dt

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jiceng.reports"
    label = "reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from jiceng.core import schedules

        from .warm import warm

        schedules.register("warm_stats", "预先计算当日统计", warm, at=dt.time(3, 30))
