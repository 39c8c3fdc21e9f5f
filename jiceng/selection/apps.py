from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "jiceng.selection"
    label = "selection"
    verbose_name = "干部选拔"

    def ready(self) -> None:
        from jiceng.core import engine
        from jiceng.core.registry import register_demo

        from . import demo, permissions  # noqa: F401  (registers the rules predicates)
        from .flow import CODES, FLOWS, REQUIREMENTS, ROLES

        for kind, code in CODES.items():
            engine.register_definition(code, FLOWS[kind], roles=ROLES, requirements=REQUIREMENTS)
        register_demo(70, "干部选拔", demo.seed_for_demo)  # after the 公示 demo (60)
