from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "jiceng.notices"
    label = "notices"
    verbose_name = "公示"

    def ready(self) -> None:
        from jiceng.core import engine
        from jiceng.core.registry import register_demo

        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .demo import seed_notices
        from .models import OBJECTION_FLOW, OBJECTION_REQUIREMENTS, OBJECTION_ROLES
        from .queries import check

        engine.register_definition("notices.objection", OBJECTION_FLOW, roles=OBJECTION_ROLES,
                                   requirements=OBJECTION_REQUIREMENTS)  # fmt: skip
        engine.register_step("notice", check)
        register_demo(60, "公示", seed_notices)
        from jiceng.core.registry import register_board_section

        from . import board

        register_board_section(20, "notices", "notices/_board_section.html", board.section)  # 公示 with objections
