from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete


class EvaluationsConfig(AppConfig):
    name = "jiceng.evaluations"
    label = "evaluations"
    verbose_name = "评议"

    def ready(self) -> None:
        from jiceng.core import engine

        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .models import ROUND_FLOW, ROUND_ROLES
        from .privacy import quiet_vote_logs

        engine.register_definition("evaluations.round", ROUND_FLOW, roles=ROUND_ROLES)
        from jiceng.core.audit_display import register_audit_labels

        register_audit_labels("evaluations.splitpostdecision", {"ended_posts": "因罢免结束的职务"})
        quiet_vote_logs()
        post_delete.connect(_drop_partitions, sender="evaluations.Round", dispatch_uid="evaluations.drop_partitions")

        from jiceng.core.registry import register_demo, register_requirement_source

        from . import demo, requirements

        register_demo(30, "评议", demo.seed_for_demo)
        # A published member evaluation counts for the meetings' 民主评议党员 requirement (issue 10.8).
        register_requirement_source(requirements.SOURCE)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
        from jiceng.core.registry import register_board_section

        from . import board

        register_board_section(50, "evaluations", "evaluations/_board_section.html", board.section)  # results


def _drop_partitions(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .privacy import erase_round

    erase_round(instance.pk)
