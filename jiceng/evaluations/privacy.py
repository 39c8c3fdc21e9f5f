"""What a vote leaves behind outside the ballot: sealing while the round is open, and no log lines.

- While a round is open each web ballot is kept *sealed*: AES-256-GCM under a key derived from the
  ballot-code key and the round's random salt (HKDF), bound to the round and the receipt. A copy
  of the database without the server's keys shows no rating. At closing the sealed ballots are
  opened, shuffled and written as plain ballots in one batch, and the sealed rows are erased
  (see `actions.close_round` and ADR 0006).
- Django writes one log line per refused request (`django.request`: "Unprocessable Content:
  /evaluations/v/<key>/"), per CSRF failure and, under `runserver`, per request (`django.server`).
  For the public ballot page those lines would give each vote's time (and, with a formatter
  that adds it, the address) in voting order: `quiet_vote_logs` drops them.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections.abc import Mapping
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jiceng.core.errors import DomainError

NONCE = 12
log = logging.getLogger(__name__)


def _seal_key(code_key: bytes, salt: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt.encode(), info=b"jiceng-ballot-seal").derive(code_key)
    return AESGCM(key)


def seal(code_key: bytes, salt: str, context: str, ratings: Mapping[str, str]) -> str:
    """The ratings, encrypted and authenticated; `context` (round and receipt) is bound to the box."""
    nonce = secrets.token_bytes(NONCE)
    plain = json.dumps(dict(ratings), sort_keys=True).encode()
    box = _seal_key(code_key, salt).encrypt(nonce, plain, context.encode())
    return base64.b64encode(nonce + box).decode()


def unseal(code_key: bytes, salt: str, context: str, box: str) -> dict[str, str]:
    raw = base64.b64decode(box)
    try:
        plain = _seal_key(code_key, salt).decrypt(raw[:NONCE], raw[NONCE:], context.encode())
    except InvalidTag as exc:  # a wrong key or a box moved to another round: never counted silently
        raise DomainError("密封选票无法解密：评议码密钥与投票时不一致，请联系系统管理员") from exc
    ratings: dict[str, str] = json.loads(plain)
    return ratings


# --- erasing ----------------------------------------------------------------------------------
#
# PostgreSQL keeps the codes and the sealed ballots in tables partitioned by round, one partition
# per round: closing drops the round's partitions, which removes every row version written while
# people voted (the xmin of each code row gave the order of use), at once. A DELETE would leave
# dead versions until a VACUUM — and VACUUM cannot remove them while any transaction anywhere in
# the cluster is older (a backup, an idle session): the test of this ran into exactly that.
# SQLite deletes the rows with `secure_delete` on (their bytes overwritten with zeros) and then
# truncates its write-ahead log.


def _partitioned() -> list[str]:
    from .models import BallotCode, SealedBallot

    return [BallotCode._meta.db_table, SealedBallot._meta.db_table]


def partition_name(table: str, round_pk: int) -> str:
    return f"{table}_r{int(round_pk)}"


def ensure_partition(model: Any, round_pk: int) -> None:
    """The round's partition of `model`'s table (PostgreSQL); call with the round row locked."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    name = connection.ops.quote_name(partition_name(table, round_pk))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {connection.ops.quote_name(table)} "
                       f"FOR VALUES IN ({int(round_pk)})")  # fmt: skip


# How long closing waits to drop a partition that another session holds (a pg_dump, a report);
# after that the rows are deleted at once and the partition is dropped by the next sweep.
DROP_LOCK_TIMEOUT_MS = 3000


def erase_round(round_pk: int) -> None:
    """The round's codes and sealed ballots, gone with every version of their rows."""
    from django.db import OperationalError, connection, transaction

    from .models import BallotCode, SealedBallot

    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {int(DROP_LOCK_TIMEOUT_MS)}")
                cursor.execute(f"DROP TABLE IF EXISTS {_partition_list(round_pk)}")
                cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
            return
        except OperationalError:  # held by another session: delete now, drop in `sweep_partitions`
            log.warning("评议结束时数据表正被其他连接使用，已删除评议码和密封选票，稍后再清理其存储")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")  # a build option elsewhere: set for this connection
    SealedBallot.objects.filter(round_id=round_pk).delete()
    BallotCode.objects.filter(round_id=round_pk).delete()


def _partition_list(round_pk: int) -> str:
    from django.db import connection

    return ", ".join(connection.ops.quote_name(partition_name(t, round_pk)) for t in _partitioned())


def sweep_partitions() -> int:
    """Drop the partitions of rounds that are no longer draft or open (left by a closing that could
    not drop them at once, or by a deleted round). Returns how many were dropped."""
    from django.db import OperationalError, connection, transaction

    from .models import Round

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent::regclass::text = ANY(%s)", [_partitioned()])  # fmt: skip
        names = [r[0] for r in cursor.fetchall()]
    by_round: dict[int, list[str]] = {}
    for name in names:
        by_round.setdefault(int(name.rsplit("_r", 1)[1]), []).append(name)
    live = set(Round.objects.filter(pk__in=by_round, state__in=["draft", "open"]).values_list("pk", flat=True))
    dropped = 0
    for pk in sorted(set(by_round) - live):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {int(DROP_LOCK_TIMEOUT_MS)}")
                cursor.execute("DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(n) for n in by_round[pk]))
            dropped += len(by_round[pk])
        except OperationalError:
            log.warning("评议数据表分区仍被其他连接使用，下次再清理")
    return dropped


def scrub_storage() -> None:
    """After a closing has committed. PostgreSQL: drop partitions a closing had to leave behind.
    SQLite: the write-ahead log, which holds a page image per vote in voting order, is copied into
    the database (with the rows already zeroed) and truncated."""
    from django.db import connection

    if connection.vendor == "postgresql":
        sweep_partitions()
        return
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = cursor.fetchone()[0]
    if busy:  # readers kept the log: the next checkpoint (automatic, or the next closing) finishes it
        log.warning("评议结束后未能立即清理数据库日志文件（有其他连接正在读取）")


# --- logs -------------------------------------------------------------------------------------

# Loggers that name the request path: refused responses, CSRF failures, the development server.
REQUEST_LOGGERS = ("django.request", "django.server", "django.security.csrf", "django.security.DisallowedHost")


@cache
def vote_prefix() -> str:
    from django.urls import reverse

    return reverse("evaluations:vote", args=["-"]).removesuffix("-/")


class DropVoteRequests(logging.Filter):
    """Drops every record about a request to the public ballot page (its time is the vote's time)."""

    def filter(self, record: logging.LogRecord) -> bool:
        prefix = vote_prefix()
        path = getattr(getattr(record, "request", None), "path", "")
        if isinstance(path, str) and path.startswith(prefix):
            return False
        try:
            text = record.getMessage()
        except Exception:  # a malformed record is not ours to judge
            return True
        return prefix not in text


_FILTER = DropVoteRequests()


def quiet_vote_logs() -> None:
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
