from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "jiceng.meetings"
    label = "meetings"
    verbose_name = "会议"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates)
