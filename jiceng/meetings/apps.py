from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "jiceng.meetings"
    label = "meetings"
    verbose_name = "会议"

    def ready(self) -> None:
        from . import links, permissions  # noqa: F401  (registers the rules predicates)
        from .hooks import register

        links.register()  # other apps read an issue by its ref (core.refs)
        register()  # workflow definitions, the "meeting" step check, the section of a person's own page
        from jiceng.core.registry import register_demo

        from . import demo

        register_demo(10, "会议", demo.seed_for_demo)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
        from jiceng.core.registry import register_board_section

        from . import board

        register_board_section(40, "meetings", "meetings/_board_section.html", board.section)  # 例会 results
