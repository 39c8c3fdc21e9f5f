"""ID numbers at rest: Fernet-encrypted, plus a keyed digest for uniqueness and lookup."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


def _master() -> bytes:
    return (settings.ID_NUMBER_KEY or settings.SECRET_KEY).encode()


@lru_cache(maxsize=4)
def _fernet(master: bytes) -> Fernet:
    key = hashlib.sha256(b"jiceng-id-encrypt:" + master).digest()
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=4)
def _digest_key(master: bytes) -> bytes:
    return hashlib.sha256(b"jiceng-id-digest:" + master).digest()


def encrypt_id(number: str) -> str:
    return _fernet(_master()).encrypt(number.encode()).decode()


def decrypt_id(token: str) -> str:
    return _fernet(_master()).decrypt(token.encode()).decode()


def id_digest(number: str) -> str:
    return hmac.new(_digest_key(_master()), number.encode(), hashlib.sha256).hexdigest()
