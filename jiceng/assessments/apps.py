from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "jiceng.assessments"
    label = "assessments"
    verbose_name = "考核"

    def ready(self) -> None:
        from jiceng.core import engine

        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .models import ROUND_FLOW, ROUND_ROLES

        engine.register_definition("assessments.round", ROUND_FLOW, roles=ROUND_ROLES)
        from jiceng.core.registry import register_board_section, register_demo

        from . import board, demo

        register_demo(90, "考核", demo.seed_for_demo)
        from . import earned

        earned.register()  # final ratings read by lower apps (以奖代补)
        register_board_section(60, "assessments", "assessments/_board_section.html", board.section)
