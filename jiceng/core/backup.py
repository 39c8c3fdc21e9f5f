"""Backups and restores of the whole installation: database and uploaded files in one tar file.

A backup `jiceng-YYYYmmdd-HHMMSS.tar` holds
- `manifest.json`: engine, the applied migrations (so a restore can refuse a newer schema) and the
  key check values (so a restore with the wrong ID-number key is refused before anything changes);
- `database.sqlite3` (SQLite's online backup API: consistent while the server runs) or
  `database.dump` (PostgreSQL custom format, `pg_dump -Fc`);
- `media/`: the uploaded files.
It is written under a temporary name in the target directory and renamed when complete, so a
failed backup leaves no file that looks like one. A restore checks everything first, replaces
the database in one transaction, then swaps the media directory.

The keys are *not* in the backup (a stolen backup must not decrypt itself): keep var/'s key files
(or the configured key files) apart, as the deploy guide says.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
PREFIX = "jiceng-"
SUFFIX = ".tar"

# Registered by higher apps (people: the ID-number key): a check value stored in each backup and
# compared before a restore, and the message shown when it differs.
key_checks: dict[str, Callable[[], str]] = {}
key_errors: dict[str, str] = {}


def register_key_check(name: str, value: Callable[[], str], mismatch: str) -> None:
    key_checks[name] = value
    key_errors[name] = mismatch


class BackupError(Exception):
    """A backup or restore that cannot be done; the message (Chinese) says why. Nothing was changed."""


@dataclass
class BackupInfo:
    path: Path
    seconds: float
    size: int


def _engine() -> str:
    return connection.vendor


def _applied() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _writable_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise BackupError(f"备份目录 {directory} 不可写（{exc.strerror or exc}），未生成备份") from exc


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"] or "", "PGPORT": str(db["PORT"] or ""), "PGUSER": db["USER"] or ""}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(args: list[str], what: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    if shutil.which(args[0]) is None:
        raise BackupError(f"找不到 {args[0]}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client-15）")
    done = subprocess.run(args, env=_pg_env(), capture_output=True, check=False, **kwargs)
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["无输出"]
        raise BackupError(f"{what}失败：{detail[0]}")
    return done


def _dump_database(work: Path) -> Path:
    if _engine() == "sqlite":
        target = work / "database.sqlite3"
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # SQLite's online backup: a consistent copy while others write
        finally:
            copy.close()
            source.close()
        return target
    target = work / "database.dump"
    name = connection.settings_dict["NAME"]
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name], "导出数据库")
    return target


def _manifest() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "engine": _engine(),
        "migrations": _applied(),
        "key_checks": {name: fn() for name, fn in key_checks.items()},
    }


def create(directory: Path, keep: int | None = None) -> BackupInfo:
    """Write a complete backup into `directory`; then keep only the newest `keep` backups there."""
    started = timezone.now()
    directory = Path(directory)
    _writable_dir(directory)
    stamp = f"{PREFIX}{timezone.localtime(started):%Y%m%d-%H%M%S}"
    final, n = directory / f"{stamp}{SUFFIX}", 1
    while final.exists():  # two backups within one second
        n += 1
        final = directory / f"{stamp}-{n}{SUFFIX}"
    name = final.name
    with tempfile.TemporaryDirectory(dir=directory, prefix=".jiceng-backup-") as tmp:
        work = Path(tmp)
        try:
            dump = _dump_database(work)
            partial = work / (name + ".part")
            manifest = json.dumps(_manifest(), ensure_ascii=False, indent=1).encode()
            with tarfile.open(partial, "w") as tar:
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mtime = len(manifest), int(started.timestamp())
                tar.addfile(info, io.BytesIO(manifest))
                tar.add(dump, arcname=dump.name)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    tar.add(media, arcname="media")
            os.replace(partial, final)
        except OSError as exc:
            raise BackupError(f"写入备份失败（{exc.strerror or exc}），未生成备份") from exc
    if keep:
        prune(directory, keep)
    seconds = (timezone.now() - started).total_seconds()
    return BackupInfo(final, seconds, final.stat().st_size)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (by the time in their names)."""
    backups = sorted((p for p in Path(directory).glob(f"{PREFIX}*{SUFFIX}") if p.is_file()),
                     key=lambda p: (p.stat().st_mtime, p.name))  # fmt: skip
    old = backups[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def _read_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile("manifest.json")
        data = json.loads(member.read()) if member else None
    except (KeyError, ValueError) as exc:
        raise BackupError(f"{path} 不是本系统的备份文件（缺少 manifest.json）") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} 的备份格式不受支持")
    return data


def _check_schema(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"该备份来自更新版本的软件（含本版本没有的数据库迁移 {', '.join(unknown[:3])}"
            f"{' 等' if len(unknown) > 3 else ''}），请先升级软件再恢复。未做任何修改"
        )


def _check_keys(manifest: dict[str, Any]) -> None:
    for name, stored in manifest.get("key_checks", {}).items():
        if name in key_checks and stored != key_checks[name]():
            raise BackupError(key_errors.get(name, f"密钥 {name} 与备份不符") + "。未做任何修改")


def check(path: Path) -> dict[str, Any]:
    """Everything a restore needs, verified before anything is touched; returns the manifest."""
    path = Path(path)
    try:
        with tarfile.open(path, "r") as tar:
            manifest = _read_manifest(tar, path)
            names = set(tar.getnames())
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件 {path}（{getattr(exc, 'strerror', None) or exc}）") from exc
    engine = manifest.get("engine")
    if engine != _engine():
        raise BackupError(f"该备份来自 {engine} 数据库，当前数据库是 {_engine()}：请在同类数据库上恢复")
    dump = "database.sqlite3" if engine == "sqlite" else "database.dump"
    if dump not in names:
        raise BackupError(f"备份文件 {path} 不完整（缺少 {dump}）")
    _check_schema(manifest)
    _check_keys(manifest)
    return manifest


def _restore_sqlite(dump: Path) -> None:
    connections.close_all()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        source.backup(target)  # page by page under one lock: readers see the old or the new database
    finally:
        target.close()
        source.close()


DROP_ALL = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(r.tablename) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() LOOP
    EXECUTE 'DROP SEQUENCE IF EXISTS ' || quote_ident(r.sequence_name) || ' CASCADE';
  END LOOP;
END $$;
"""


def _restore_postgres(dump: Path, work: Path) -> None:
    """Drop this database's tables and load the dump in one transaction: all of it or none."""
    script = work / "restore.sql"
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)], "读取数据库备份")
    body = script.read_text()
    # ANALYZE: the loaded tables have no planner statistics until autovacuum gets to them (never,
    # where it is off), and without them the ledger list planned a county's items by guesswork.
    script.write_text(DROP_ALL + body + "\nANALYZE;\n")
    connections.close_all()
    name = connection.settings_dict["NAME"]
    _run(["psql", "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1",
          f"--file={script}", f"--dbname={name}"], "恢复数据库")  # fmt: skip


def _swap_media(extracted: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(dir=media.parent, prefix=".media-restore-"))
    if extracted.is_dir():
        shutil.copytree(extracted, incoming, dirs_exist_ok=True)
    old = media.with_name(media.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    incoming.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def restore(path: Path) -> dict[str, Any]:
    """Replace the database and media with the backup's (after `check`); returns the manifest."""
    manifest = check(path)
    media_parent = Path(settings.MEDIA_ROOT).parent
    media_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_parent, prefix=".jiceng-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(path, "r") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths, links out, devices
        if manifest["engine"] == "sqlite":
            _restore_sqlite(work / "database.sqlite3")
        else:
            _restore_postgres(work / "database.dump", work)
        _swap_media(work / "media")
    return manifest


def default_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def nightly() -> str:
    """The scheduled backup: one file a night into BACKUP_DIR, the newest BACKUP_KEEP kept."""
    info = create(default_dir(), keep=settings.BACKUP_KEEP)
    return f"{info.path.name}（{info.size / 1_048_576:.1f} MB，{info.seconds:.1f} 秒）"
