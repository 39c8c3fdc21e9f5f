import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.people.crypto import IdKeyError, rotate_key


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError as exc:
        raise CommandError(f"无法读取密钥文件 {path}") from exc


class Command(BaseCommand):
    help = "更换身份证号加密密钥：用新密钥重新加密全部身份证号（全部成功或全部不变）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--old-key-file", help="旧密钥文件（默认：当前配置的 ID_NUMBER_KEY）")
        parser.add_argument("--new-key-file", help="新密钥文件（默认：随机生成）")

    def handle(self, *args: Any, **opts: Any) -> None:
        old = _read(opts["old_key_file"]) if opts["old_key_file"] else settings.ID_NUMBER_KEY
        new = _read(opts["new_key_file"]) if opts["new_key_file"] else secrets.token_urlsafe(64)
        if len(new) < settings.MIN_KEY_LENGTH:
            raise CommandError(f"新密钥太短：至少需要 {settings.MIN_KEY_LENGTH} 个字符")
        # The new key is on disk before any number is encrypted with it: a crash cannot lose it.
        pending = Path(settings.VAR_DIR) / "id_number_key.new"
        if not opts["new_key_file"]:
            _write_private(pending, new)
        try:
            count = rotate_key(old.encode(), new.encode())
        except IdKeyError as exc:
            pending.unlink(missing_ok=True)
            raise CommandError(f"旧密钥不正确，未做任何修改。{exc}") from exc
        self.stdout.write(f"已用新密钥重新加密 {count} 个身份证号。")
        self._install(pending, opts)

    def _install(self, pending: Path, opts: dict[str, Any]) -> None:
        configured = "ID_NUMBER_KEY" in os.environ or "ID_NUMBER_KEY_FILE" in os.environ
        if opts["new_key_file"]:
            self.stdout.write(f"请把 ID_NUMBER_KEY_FILE 设为 {opts['new_key_file']} 并重启服务。")
        elif configured:
            self.stdout.write(f"新密钥在 {pending}：请换入 ID_NUMBER_KEY（或其文件）并重启服务。")
        else:
            live = Path(settings.VAR_DIR) / "id_number_key"
            pending.replace(live)
            self.stdout.write(f"新密钥已写入 {live}，请重启服务并重新备份该文件（旧备份仍需旧密钥）。")


def _write_private(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
