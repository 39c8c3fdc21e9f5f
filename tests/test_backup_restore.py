"""Backup → restore round trips (SQLite and PostgreSQL, whichever the suite runs on), and the refusals.

Transactional tests: pg_dump and the SQLite backup read committed data from another connection.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from conftest import make_tree
from jiceng.core import backup
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person
from jiceng.reports.models import StatsSnapshot
from jiceng.reports.stats import org_stats

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 6, 1)


def fresh_stats(org: Any) -> dict[str, Any]:
    StatsSnapshot.objects.all().delete()
    return org_stats(org, DAY)


def _backup(directory: Path) -> Path:
    call_command("backup", str(directory), stdout=io.StringIO())
    (path,) = directory.glob("jiceng-*.tar")
    return path


@pytest.fixture
def data(tmp_path: Path) -> dict[str, Any]:
    tree = make_tree()
    people = [make_person(tree.east1, "王小明"), make_person(tree.west1, "李红", male=False, birth=dt.date(1975, 2, 3))]
    media = Path(settings.MEDIA_ROOT) / "meetings" / "纪要.txt"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_text("会议纪要")
    return {"tree": tree, "numbers": {p.pk: p.id_number for p in people}, "media": media}


def _drop_everything() -> None:
    """Make the database a fresh, empty one (no tables at all), as on a new server."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(backup.DROP_ALL)
        else:
            tables = connection.introspection.table_names(cursor)
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DROP TABLE "{table}"')


def test_round_trip_into_a_fresh_database_gives_the_same_statistics_and_id_numbers(
    data: dict[str, Any], tmp_path: Path
) -> None:
    county = data["tree"].county
    before = fresh_stats(county)
    path = _backup(tmp_path / "backups")
    with tarfile.open(path) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["engine"] == connection.vendor and "people" in manifest["migrations"]
    assert "id_number" in manifest["key_checks"]
    _drop_everything()
    data["media"].unlink()
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert "已从" in out.getvalue()
    county.refresh_from_db()
    assert fresh_stats(county) == before
    assert {p.pk: p.id_number for p in Person.objects.all()} == data["numbers"]
    assert data["media"].read_text() == "会议纪要"
    if connection.vendor == "postgresql":  # the planner's statistics are there too (ANALYZE writes pg_stats)
        with connection.cursor() as cursor:
            cursor.execute("SELECT n_distinct FROM pg_stats WHERE tablename = 'people_person' AND attname = 'sex'")
            assert cursor.fetchall() == [(-1.0,)]


def test_restore_with_the_wrong_id_key_is_refused_before_anything_changes(data: dict[str, Any], tmp_path: Path) -> None:
    path = _backup(tmp_path)
    make_person(data["tree"].east2, "后来的人")
    with (
        override_settings(ID_NUMBER_KEY="z" * 64),
        pytest.raises(CommandError, match=r"不是备份时使用的密钥.*未做任何修改"),
    ):
        call_command("restore", str(path))
    assert Person.objects.filter(name="后来的人").exists()  # the database was not replaced


def test_restore_of_a_backup_from_a_newer_schema_is_refused(data: dict[str, Any], tmp_path: Path) -> None:
    path = _backup(tmp_path)
    with tarfile.open(path) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        dump = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    manifest["migrations"]["people"].append("9999_from_the_future")
    newer = tmp_path / "newer.tar"
    with tarfile.open(newer, "w") as tar:
        for name, body in {**dump, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    make_person(data["tree"].east2, "后来的人")
    with pytest.raises(CommandError, match=r"该备份来自更新版本的软件.*people\.9999_from_the_future"):
        call_command("restore", str(newer))
    assert Person.objects.filter(name="后来的人").exists()


def test_a_non_writable_backup_directory_stops_with_a_chinese_message(data: dict[str, Any], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(CommandError, match=r"备份目录 .* 不可写"):
        call_command("backup", str(blocker / "backups"))
    assert list(tmp_path.iterdir()) == [blocker]


def test_not_a_backup_is_refused(data: dict[str, Any], tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(junk))


def test_the_nightly_backup_keeps_the_newest(data: dict[str, Any], tmp_path: Path) -> None:
    with override_settings(BACKUP_DIR=tmp_path, BACKUP_KEEP=2):
        summaries = [backup.nightly() for _ in range(3)]
    kept = sorted(p.name for p in tmp_path.glob("jiceng-*.tar"))
    assert len(kept) == 2 and all("MB" in s for s in summaries)
    assert not list(tmp_path.glob(".jiceng-backup-*"))  # no temporary leftovers
