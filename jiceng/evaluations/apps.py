from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "jiceng.evaluations"
    label = "evaluations"
    verbose_name = "评议"
