"""ID numbers at rest: Fernet-encrypted, plus a keyed digest for uniqueness and lookup.

Both derive from settings.ID_NUMBER_KEY alone (never SECRET_KEY: a new session key must not make
a number unreadable). A check value derived from the key is kept in the database
(core.KeyCheck "id_number"): `verify_key` refuses a key that is not the one the data was written
with, and `rotate_key` re-encrypts every number with a new key in one transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import DatabaseError, transaction

CHECK_NAME = "id_number"
WRONG_KEY = (
    "身份证号加密密钥（ID_NUMBER_KEY）与数据库中的数据不匹配：已存身份证号无法解密。"
    "请使用写入这些数据时的密钥（备份中的 id_number_key 文件），或用 manage.py rotate_id_key 更换密钥。"
)


class IdKeyError(Exception):
    """The configured ID-number key is not the one the stored numbers were written with."""


def _master() -> bytes:
    return settings.ID_NUMBER_KEY.encode()


@lru_cache(maxsize=4)
def _fernet(master: bytes) -> Fernet:
    key = hashlib.sha256(b"jiceng-id-encrypt:" + master).digest()
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=4)
def _digest_key(master: bytes) -> bytes:
    return hashlib.sha256(b"jiceng-id-digest:" + master).digest()


def encrypt_id(number: str, master: bytes | None = None) -> str:
    return _fernet(master or _master()).encrypt(number.encode()).decode()


def decrypt_id(token: str, master: bytes | None = None) -> str:
    try:
        return _fernet(master or _master()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise IdKeyError(WRONG_KEY) from exc


def id_digest(number: str, master: bytes | None = None) -> str:
    return hmac.new(_digest_key(master or _master()), number.encode(), hashlib.sha256).hexdigest()


def check_value(master: bytes | None = None) -> str:
    """A one-way value of the key: stored beside the data, it reveals nothing of the key."""
    return hmac.new(_digest_key(master or _master()), b"jiceng-id-key-check", hashlib.sha256).hexdigest()


def verify_key() -> None:
    """Raise IdKeyError unless the configured key is the one the stored numbers use.

    A database without a check value yet (a fresh one, or one from before the check existed)
    gets one, after one stored number has been shown to decrypt with the key.
    """
    from jiceng.core.models import KeyCheck

    from .models import Person

    stored = KeyCheck.objects.filter(name=CHECK_NAME).values_list("value", flat=True).first()
    if stored is not None:
        if not hmac.compare_digest(stored, check_value()):
            raise IdKeyError(WRONG_KEY)
        return
    sample = Person.objects.values_list("id_number_enc", flat=True).first()
    if sample is not None:
        decrypt_id(sample)
    KeyCheck.objects.get_or_create(name=CHECK_NAME, defaults={"value": check_value()})


def verify_key_if_migrated() -> None:
    """verify_key on a database that has the tables; before `migrate` there is nothing to check."""
    try:
        verify_key()
    except DatabaseError:
        return


def rotate_key(old: bytes, new: bytes, chunk: int = 2000) -> int:
    """Re-encrypt every stored number (and its digest) from key `old` to key `new`; all or nothing."""
    from jiceng.core.models import KeyCheck

    from .models import Person

    count = 0
    with transaction.atomic():
        last = 0
        while True:
            rows = list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "id_number_enc")[:chunk])
            if not rows:
                break
            people = []
            for pk, token in rows:
                number = decrypt_id(token, old)
                people.append(Person(pk=pk, id_number_enc=encrypt_id(number, new), id_digest=id_digest(number, new)))
            # The unique index holds row by row: HMACs under two keys do not collide.
            Person.objects.bulk_update(people, ["id_number_enc", "id_digest"])
            count += len(people)
            last = rows[-1][0]
        KeyCheck.objects.update_or_create(name=CHECK_NAME, defaults={"value": check_value(new)})
    return count
