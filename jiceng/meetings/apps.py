from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "jiceng.meetings"
    label = "meetings"
    verbose_name = "会议"
