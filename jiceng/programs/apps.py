from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "jiceng.programs"
    label = "programs"
    verbose_name = "党员创业示范工程"

    def ready(self) -> None:
        from jiceng.core import engine
        from jiceng.core.registry import register_demo

        from . import demo, metrics, permissions  # noqa: F401  (registers the rules predicates)
        from .flow import CODE, FLOW, REQUIREMENTS, ROLES

        engine.register_definition(CODE, FLOW, roles=ROLES, requirements=REQUIREMENTS)
        metrics.register()
        register_demo(85, "党员创业示范工程", demo.seed_for_demo)  # after development (65) and economy (80)
