import datetime as dt
from typing import Any

from django.apps import AppConfig

_recovered = False


def _recover_once(sender: Any, **kwargs: Any) -> None:
    """The first task a worker process runs (after a restart, say) finishes imports its dead
    predecessor left "checking" or "writing"."""
    global _recovered
    if not _recovered:
        _recovered = True
        from .tasks import recover_stuck_imports

        recover_stuck_imports()


class PeopleConfig(AppConfig):
    name = "jiceng.people"
    label = "people"
    verbose_name = "人员"

    def ready(self) -> None:
        from django.tasks.signals import task_started

        from jiceng.core import backup

        from . import checks, permissions  # noqa: F401  (registers the key check and the rules predicates)
        from .crypto import check_value

        backup.register_key_check(
            "id_number",
            check_value,
            "当前身份证号加密密钥（ID_NUMBER_KEY）不是备份时使用的密钥，恢复后身份证号将无法解密。"
            "请先换回备份时保存的 id_number_key 密钥文件再恢复",
        )
        task_started.connect(_recover_once, dispatch_uid="jiceng.people.recover_stuck_imports")
        from jiceng.core.audit_display import register_audit_values

        from .rules import TITLES

        # A post's title code depends on its body (no field choices): the audit shows "委员", not "member".
        register_audit_values("people.post", "title", {k: str(v) for t in TITLES.values() for k, v in t.choices})
        from jiceng.core import schedules

        schedules.register("import_housekeeping", "花名册导入整理（中断的导入、过期的错误说明文件）", _housekeeping,
                           at=dt.time(4, 30))  # fmt: skip

        from jiceng.organizations.signals import organization_dissolving

        organization_dissolving.connect(_refuse_with_people, dispatch_uid="people-dissolve-check")


def _housekeeping() -> str:
    from .tasks import expire_import_files, recover_stuck_imports

    return f"标为中断的导入 {recover_stuck_imports()} 个，删除过期文件 {expire_import_files()} 个"


def _refuse_with_people(sender: Any, organization: Any, **kwargs: Any) -> None:
    """An organization that still has people cannot be dissolved (they would be lost from every list)."""
    from jiceng.core.errors import DomainError

    from .models import Person

    if Person.objects.filter(organization=organization).exists():
        raise DomainError("请先将该组织的人员转出")
