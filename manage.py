#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiceng.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A setting that cannot work: its message (Chinese) says what to fix; no traceback.
        sys.stderr.write(f"配置错误：{exc}\n")
        sys.exit(2)
    except OperationalError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"数据库错误：无法连接或访问数据库，请检查 DATABASE_URL 与数据库服务（{detail}）\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
