from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "jiceng.dues"
    label = "dues"
    verbose_name = "党费"

    def ready(self) -> None:
        from . import home, permissions  # noqa: F401  (registers the rules predicates)

        home.register()  # the branch secretary's home page: members six months in arrears
        from jiceng.core.registry import register_demo

        from . import demo

        register_demo(70, "党费", demo.seed_for_demo)
        from . import metrics

        metrics.register()  # figures the assessments score (core.registry metrics)
        from django.db.models.signals import post_delete

        from jiceng.people.models import Person

        from . import rollup

        def person_deleted(sender: object, instance: Person, **kwargs: object) -> None:
            rollup.person_deleted(instance.pk)

        post_delete.connect(person_deleted, sender=Person, weak=False, dispatch_uid="dues_rollup_person_deleted")
