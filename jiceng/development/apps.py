from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "jiceng.development"
    label = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        from jiceng.core import engine

        from . import links, permissions  # noqa: F401  (registers the rules predicates)
        from .flow import CODE, FLOW, REQUIREMENTS, ROLES

        engine.register_definition(CODE, FLOW, roles=ROLES, requirements=REQUIREMENTS)
        links.register()  # the 公示 page names the file's person (core.refs)
        from jiceng.core.registry import register_demo

        from . import demo

        register_demo(65, "发展党员", demo.seed_for_demo)  # after the 公示 demo (60)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
