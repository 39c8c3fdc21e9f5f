from django.apps import AppConfig


class OpennessConfig(AppConfig):
    name = "jiceng.openness"
    label = "openness"
    verbose_name = "公开"

    def ready(self) -> None:
        from jiceng.core import engine
        from jiceng.core.registry import register_board_section, register_demo

        from . import demo, flow, permissions, queries  # noqa: F401  (permissions registers the predicates)
        from .actions import publication_step_done

        # The decision procedures: built-in templates a county may edit (a new version each time).
        for kind, data in flow.FLOWS.items():
            engine.register_definition(flow.code(kind), data, roles=flow.ROLES, requirements=flow.REQUIREMENTS)
        engine.register_step("publication", publication_step_done)
        register_board_section(10, "publications", "openness/_board_section.html", queries.board_section)
        register_demo(70, "公开", demo.seed_for_demo)
        from jiceng.core.privacy import register_published_check

        from .actions import recheck_published

        register_published_check("党务村务财务公开栏", recheck_published)
        from jiceng.core.audit_display import register_audit_values

        from .rules import CATEGORIES

        labels: dict[str, list[str]] = {}
        for codes in CATEGORIES.values():
            for code, label in codes.items():
                labels.setdefault(code, []).append(label) if label not in labels.get(code, []) else None
        # The operation log names a publication's category in words (“村务事项”, not “affairs”).
        register_audit_values("openness.publication", "category", {k: "/".join(v) for k, v in labels.items()})
