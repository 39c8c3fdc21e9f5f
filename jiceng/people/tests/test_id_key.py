"""Issue 11.3 as attacks: a new SECRET_KEY, a wrong ID-number key, a restore onto a new server."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import override_settings

from jiceng.core.models import KeyCheck
from jiceng.people import crypto
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person

ROOT = Path(__file__).resolve().parents[3]
OTHER_KEY = "k" * 30 + "another-id-number-key-of-sixty-chars"


@pytest.fixture
def person(tree: Any) -> Person:
    return make_person(tree.east1, "王小明")


def test_a_new_secret_key_leaves_every_id_number_readable(person: Person) -> None:
    number, digest = person.id_number, person.id_digest
    with override_settings(SECRET_KEY="a-completely-new-session-signing-key-" + "x" * 30):
        again = Person.objects.get(pk=person.pk)
        assert again.id_number == number
        assert crypto.id_digest(number) == digest
        crypto.verify_key()


def test_a_wrong_id_key_refuses_to_start_with_a_chinese_message(person: Person) -> None:
    crypto.verify_key()  # stores the check value for the right key
    assert KeyCheck.objects.get(name="id_number").value == crypto.check_value()
    with override_settings(ID_NUMBER_KEY=OTHER_KEY):
        with pytest.raises(crypto.IdKeyError, match=r"身份证号加密密钥（ID_NUMBER_KEY）与数据库中的数据不匹配"):
            crypto.verify_key()
        with pytest.raises(SystemCheckError, match=r"people\.E001"):
            call_command("check", databases=["default"])
        with pytest.raises(crypto.IdKeyError, match="已存身份证号无法解密"):
            Person.objects.get(pk=person.pk).id_number  # noqa: B018


def test_without_a_check_value_a_wrong_key_is_caught_by_decrypting_one_number(person: Person) -> None:
    KeyCheck.objects.all().delete()  # a database from before the check existed
    with override_settings(ID_NUMBER_KEY=OTHER_KEY), pytest.raises(crypto.IdKeyError):
        crypto.verify_key()
    assert not KeyCheck.objects.exists()  # nothing stored for the wrong key
    crypto.verify_key()
    assert KeyCheck.objects.get(name="id_number").value == crypto.check_value()


def test_rotation_re_encrypts_every_number_and_the_old_key_stops_working(person: Person, tmp_path: Path) -> None:
    second = make_person(person.organization, "李四", birth=person.birth_date.replace(year=1980))
    numbers = {p.pk: p.id_number for p in (person, second)}
    new_file = tmp_path / "new_key"
    new_file.write_text(OTHER_KEY)
    call_command("rotate_id_key", new_key_file=str(new_file), stdout=io.StringIO())
    with pytest.raises(crypto.IdKeyError):
        Person.objects.get(pk=person.pk).id_number  # noqa: B018
    with override_settings(ID_NUMBER_KEY=OTHER_KEY):
        for pk, number in numbers.items():
            row = Person.objects.get(pk=pk)
            assert row.id_number == number
            assert row.id_digest == crypto.id_digest(number)
        crypto.verify_key()
        # Rotating back with a wrong "old" key changes nothing.
        wrong = tmp_path / "wrong"
        wrong.write_text("w" * 64)
        before = list(Person.objects.order_by("pk").values_list("id_number_enc", flat=True))
        with pytest.raises(CommandError, match="旧密钥不正确，未做任何修改"):
            call_command("rotate_id_key", old_key_file=str(wrong), new_key_file=str(new_file))
        assert list(Person.objects.order_by("pk").values_list("id_number_enc", flat=True)) == before


def test_ballot_codes_still_count_after_secret_key_rotation_mid_round(tree: Any) -> None:
    from jiceng.evaluations import actions
    from jiceng.evaluations.models import Ballot
    from jiceng.evaluations.tests.builders import prepared_round

    prepared = prepared_round(tree.east1, codes=2)
    actions.vote(prepared.round.public_key, prepared.codes[0], prepared.ratings("satisfied"))
    with override_settings(SECRET_KEY="rotated-session-key-" + "y" * 50):
        actions.vote(prepared.round.public_key, prepared.codes[1], prepared.ratings("basic"))
        # Web ballots are sealed until the round closes (ADR 0006): opening them needs the same key too.
        actions.close_round(prepared.round.created_by, prepared.round, 2)
    assert Ballot.objects.filter(round=prepared.round).count() == 2


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "ID_NUMBER_KEY", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY 太短（5 个字符）"),
        ({"SECRET_KEY": ""}, "SECRET_KEY 为空"),
        ({"ID_NUMBER_KEY": ""}, "ID_NUMBER_KEY 为空"),
        (
            {"ID_NUMBER_KEY_FILE": "/nonexistent/id_key"},
            "无法读取 ID_NUMBER_KEY_FILE 指定的文件 /nonexistent/id_key：文件或目录不存在",
        ),
    ],
)
def test_bad_keys_with_debug_off_stop_with_a_chinese_message(tmp_path: Path, env: dict[str, str], message: str) -> None:
    done = _manage({"DEBUG": "false", "JICENG_VAR_DIR": str(tmp_path), **env}, "check")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


PRINT_KEYS = (
    "shell",
    "-v",
    "0",
    "-c",
    "from django.conf import settings as s; print(s.SECRET_KEY, s.ID_NUMBER_KEY, s.BALLOT_CODE_KEY)",
)


def test_keys_are_generated_once_into_var_with_mode_600(tmp_path: Path) -> None:
    first = _manage({"JICENG_VAR_DIR": str(tmp_path)}, *PRINT_KEYS)
    assert first.returncode == 0, first.stderr
    keys = first.stdout.split()
    assert len(set(keys)) == 3 and all(len(k) >= settings.MIN_KEY_LENGTH for k in keys)
    for name in ("secret_key", "id_number_key", "ballot_code_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    again = _manage({"JICENG_VAR_DIR": str(tmp_path)}, *PRINT_KEYS)
    assert again.stdout.split() == keys
