"""The attacks of issue 11.1, run on SQLite and PostgreSQL: a township officer holding the
database, the server's keys and the slips PDF tries to learn how someone voted.

Twenty voters cast twenty different ballots one after another (the officer knows the codes
from the slips and, say, who held which slip). Before the fix the officer recovered from SQL
alone the voting order, each ballot's time (PostgreSQL xmin against the audit rows) and each
ballot's code row; a receipt shown to a coercer led to the whole ballot; every refused vote
left a log line with its time. Each test below is one of those attacks, and fails if it works.
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from jiceng.core.errors import DomainError
from jiceng.evaluations import actions, privacy
from jiceng.evaluations.models import Ballot, BallotCode, Round, SealedBallot

from .builders import Officer, Prepared, prepared_round

pytestmark = pytest.mark.django_db(transaction=True)
VOTERS = 20
ON_PG = connection.vendor == "postgresql"


def patterns(p: Prepared) -> list[dict[str, str]]:
    """Twenty different ballots (4 subjects × 3 ratings give 81): each one identifies its voter."""
    values = ("satisfied", "basic", "unsatisfied")
    combos = list(itertools.product(values, repeat=len(p.subject_ids)))[:VOTERS]
    return [dict(zip(map(str, p.subject_ids), combo, strict=True)) for combo in combos]


def key(ratings: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(ratings.items()))


# ---------------------------------------------------------------- what the attacker reads


def physical_order(round_: Round) -> list[str]:
    """Ballots of the round as the table stores them (PostgreSQL ctid, SQLite rowid)."""
    order = "ctid" if ON_PG else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ratings FROM evaluations_ballot WHERE round_id = %s ORDER BY {order}", [round_.pk])
        rows = cursor.fetchall()
    return [key(json.loads(r[0]) if isinstance(r[0], str) else r[0]) for r in rows]


def xmins(table: str, where: str = "", params: list[Any] | None = None) -> list[int]:
    """The xmin of each live row (for a partitioned table, across its partitions)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text::bigint FROM {table} {where}", params or [])
        return [int(r[0]) for r in cursor.fetchall()]


def relations(table: str) -> list[str]:
    """The tables that hold `table`'s rows: itself, or its partitions when it is partitioned."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [table])
        if cursor.fetchone()[0] != "p":
            return [table]
        cursor.execute("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = %s::regclass", [table])
        return [r[0] for r in cursor.fetchall()]


def pages(table: str) -> list[tuple[str, int]]:
    found = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        for rel in relations(table):
            cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [rel])
            found += [(rel, n) for n in range(int(cursor.fetchone()[0]))]
    return found


def raw_pages(table: str) -> bytes:
    """Every page of a PostgreSQL table as stored, dead row versions included (pageinspect)."""
    out = b""
    with connection.cursor() as cursor:
        for rel, n in pages(table):
            cursor.execute("SELECT get_raw_page(%s, %s)", [rel, n])
            out += bytes(cursor.fetchone()[0])
    return out


def tuple_xids(table: str) -> set[int]:
    """xmin and xmax of every row version in the table's pages, live or dead."""
    found: set[int] = set()
    with connection.cursor() as cursor:
        for rel, n in pages(table):
            cursor.execute("SELECT t_xmin::text::bigint, t_xmax::text::bigint FROM heap_page_items("
                           "get_raw_page(%s, %s)) WHERE t_xmin IS NOT NULL", [rel, n])  # fmt: skip
            for xmin, xmax in cursor.fetchall():
                found |= {int(xmin), int(xmax)}
    return found


def sqlite_files() -> bytes:
    name = Path(connection.settings_dict["NAME"])
    return b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())


def stored_bytes() -> bytes:
    """Everything the attacker can read of the ballot, code and sealed-ballot tables, deleted rows included."""
    if ON_PG:
        return b"".join(raw_pages(t) for t in ("evaluations_ballotcode", "evaluations_sealedballot"))
    return sqlite_files()


# ---------------------------------------------------------------- the election


def election(tree: Any) -> tuple[Prepared, list[dict[str, str]], dict[str, Any]]:
    """Twenty votes in a known order; returns what the attacker saw of the database meanwhile."""
    if not ON_PG:
        with connection.cursor() as cursor:  # as on a SQLite built without secure delete
            cursor.execute("PRAGMA secure_delete = OFF")
    p = prepared_round(tree.east1, subjects=4, codes=VOTERS + 4)
    cast = patterns(p)
    p.receipts = [actions.vote(p.round.public_key, code, ratings) for code, ratings in zip(p.codes, cast, strict=False)]
    seen: dict[str, Any] = {
        "boxes": list(SealedBallot.objects.filter(round=p.round).values_list("box", flat=True)),
        "hashes": [actions.hash_code(p.round, c) for c in p.codes[:VOTERS]],
    }
    if ON_PG:
        seen["vote_xids"] = set(xmins("evaluations_ballotcode", "WHERE state = 'used_web'"))
        seen["vote_xids"] |= set(xmins("evaluations_sealedballot"))
    seen["bytes_before"] = stored_bytes()
    with old_snapshot():
        actions.close_round(Officer(tree.east1), p.round, VOTERS)
    return p, cast, seen


@contextmanager
def old_snapshot() -> Iterator[None]:
    """PostgreSQL: another session keeps a transaction open across the closing (an idle session, a
    report), which stops VACUUM from removing any row version deleted after it began."""
    if not ON_PG:
        yield
        return
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT count(*) FROM evaluations_round")
        yield
    finally:
        other.close()


def test_the_attack_works_on_the_database_during_voting(tree: Any) -> None:
    """Sanity of the detectors: before closing, the sealed ballots and used codes are on disk."""
    _p, _cast, seen = election(tree)
    assert all(box.encode() in seen["bytes_before"] for box in seen["boxes"])
    assert all(h.encode() in seen["bytes_before"] for h in seen["hashes"])


def test_no_voting_order_in_the_stored_ballots(tree: Any) -> None:
    p, cast, _seen = election(tree)
    stored = physical_order(p.round)
    voted = [key(r) for r in cast]
    assert sorted(stored) == sorted(voted)  # every ballot counted, as cast
    assert stored != voted and stored != voted[::-1]
    # A uniform shuffle leaves about one ballot in its voting place; 8 of 20 happens about once in 10⁵.
    in_place = sum(a == b for a, b in zip(stored, voted, strict=True))
    assert in_place < 8, f"{in_place} of {VOTERS} ballots stored in voting order"


def test_no_code_row_and_no_sealed_ballot_survives_closing(tree: Any) -> None:
    p, _cast, seen = election(tree)
    assert not BallotCode.objects.filter(round=p.round).exists() and not SealedBallot.objects.exists()
    if ON_PG:  # the round's partitions are gone, files and all
        assert round_storage(p.round) == [False, False]
    after = stored_bytes()
    assert not [box for box in seen["boxes"] if box.encode() in after], "a sealed ballot is still on disk"
    assert not [h for h in seen["hashes"] if h.encode() in after], "a code row is still on disk"
    round_ = Round.objects.get(pk=p.round.pk)
    assert (round_.codes_used_web, round_.codes_voided, round_.slips_issued) == (VOTERS, 0, VOTERS + 4)


@pytest.mark.skipif(not ON_PG, reason="transaction ids are PostgreSQL's")
def test_no_transaction_id_links_a_ballot_to_a_vote(tree: Any) -> None:
    p, _cast, seen = election(tree)
    ballot_xmins = set(xmins("evaluations_ballot", "WHERE round_id = %s", [p.round.pk]))
    assert len(ballot_xmins) == 1, "ballots written at different times"
    (written,) = ballot_xmins
    assert written > max(seen["vote_xids"])  # dated at the closing, after the last vote
    left = set()
    for table in ("evaluations_ballot", "evaluations_ballotcode", "evaluations_sealedballot", "evaluations_round"):
        left |= tuple_xids(table) & seen["vote_xids"]
    assert not left, f"row versions of the voting transactions remain: {sorted(left)}"


def test_a_receipt_shown_to_a_coercer_leads_to_no_ballot(tree: Any) -> None:
    p, cast, _seen = election(tree)
    coerced = p.receipts[7]
    assert "receipt" not in {f.name for f in Ballot._meta.get_fields()}
    round_ = Round.objects.get(pk=p.round.pk)
    assert round_.receipts == sorted(p.receipts)  # a sorted list, apart from the ballots: inclusion only
    holders = []
    for model in apps.get_models():
        for row in model._base_manager.values():
            if coerced in str(row):
                holders.append(model._meta.label)
    assert holders == ["evaluations.Round"]
    assert key(cast[7]).split(",")[0] not in round_.ballots_file  # the committee's file has no subject ids


def test_a_copy_of_the_database_without_the_keys_shows_no_rating(tree: Any) -> None:
    p = prepared_round(tree.east1, subjects=4, codes=3)
    receipt = actions.vote(p.round.public_key, p.codes[0], patterns(p)[5])
    sealed = SealedBallot.objects.get(round=p.round)
    assert sealed.receipt == receipt
    raw = base64.b64decode(sealed.box)
    words = ("satisfied", "basic", "unsatisfied", f'"{p.subject_ids[0]}"')
    assert not [w for w in words if w in sealed.box or w.encode() in raw]
    with pytest.raises(DomainError, match="无法解密"):
        privacy.unseal(b"another server's key".ljust(32, b"-"), p.round.salt, f"{p.round.pk}:{receipt}", sealed.box)
    with pytest.raises(DomainError, match="无法解密"):  # a box moved to another receipt is refused too
        privacy.unseal(actions._code_key(), p.round.salt, f"{p.round.pk}:XXXXXX", sealed.box)


def test_votes_leave_no_log_line(tree: Any, caplog: Any) -> None:
    p = prepared_round(tree.east1, subjects=4, codes=3)
    url = reverse("evaluations:vote", args=[p.round.public_key])
    ratings = {f"r_{k}": v for k, v in patterns(p)[0].items()}
    caplog.set_level(logging.DEBUG)
    voter = Client()
    assert voter.get(url).status_code == 200
    assert voter.post(url, {"code": p.codes[0], **ratings}).status_code == 200
    assert voter.post(url, {"code": p.codes[0], **ratings}).status_code == 422  # reused: refused
    assert Client(enforce_csrf_checks=True).post(url, {"code": p.codes[1], **ratings}).status_code == 403
    # The development server's access line, as `runserver` writes it.
    logging.getLogger("django.server").info('"%s" %s %s', f"POST {url} HTTP/1.1", "200", "512")
    logging.getLogger("django.server").info('"%s" %s %s', "GET /meetings/ HTTP/1.1", "200", "512")
    assert p.round.public_key not in caplog.text and "/evaluations/v/" not in caplog.text
    assert "GET /meetings/ HTTP/1.1" in caplog.text  # other requests are still logged


@pytest.mark.skipif(not ON_PG, reason="partitions are PostgreSQL's")
def test_a_closing_during_a_backup_deletes_at_once_and_drops_the_storage_after(tree: Any, monkeypatch: Any) -> None:
    """pg_dump holds a lock on every table it reads: closing does not wait for it (the rows go at
    once); the partitions are dropped by the sweep once the lock is gone."""
    monkeypatch.setattr(privacy, "DROP_LOCK_TIMEOUT_MS", 200)
    p = prepared_round(tree.east1, subjects=4, codes=5)
    actions.vote(p.round.public_key, p.codes[0], patterns(p)[0])
    backup = connections.create_connection("default")
    try:
        with backup.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT count(*) FROM evaluations_sealedballot")  # ACCESS SHARE, as pg_dump
            actions.close_round(Officer(tree.east1), p.round, 5)
            assert Ballot.objects.filter(round=p.round).count() == 1 and not SealedBallot.objects.exists()
            privacy.sweep_partitions()
            assert round_storage(p.round) == [True, True]  # still held by the backup
    finally:
        backup.close()
    assert privacy.sweep_partitions() >= 2
    assert round_storage(p.round) == [False, False]


def round_storage(round_: Round) -> list[bool]:
    """Whether the round's code and sealed-ballot partitions exist."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL",
                       [f"evaluations_ballotcode_r{round_.pk}", f"evaluations_sealedballot_r{round_.pk}"])  # fmt: skip
        return list(cursor.fetchone())
