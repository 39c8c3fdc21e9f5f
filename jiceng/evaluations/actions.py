"""Every state change of an evaluation round.

Officers' actions are permission-checked and audited; the round's lifecycle (准备中 → 投票中 →
已结束 → 已公布) moves through `core.engine.transition`. Voting is neither audited nor a
transition: the voter is anonymous and the ballot must not appear in any history, so `vote`
flips the code's state and keeps the ballot sealed, in one transaction guarded by conditional
updates; `close_round` turns the sealed ballots into anonymous ones (ADR 0006).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jiceng.core import audit, engine
from jiceng.core.access import in_scope, require
from jiceng.core.actor import actor_user
from jiceng.core.errors import DomainError
from jiceng.core.exports import csv_text
from jiceng.core.registry import RatedSubject, rated_kind
from jiceng.core.sqlite import writer_queue
from jiceng.organizations.models import Organization
from jiceng.people import actions as people_actions
from jiceng.people.models import Person, Post
from jiceng.people.rules import MEMBER_CATEGORIES, CommitteeTitle, PartyTitle, PostBody

from . import privacy, rules
from .models import (
    MEMBER_KINDS,
    RATED_KINDS,
    Ballot,
    BallotCode,
    Channel,
    CodeState,
    Kind,
    Outcome,
    PaperEntry,
    PostKind,
    Round,
    SealedBallot,
    SplitPostDecision,
    State,
    Subject,
)
from .rules import SplitDecision

MAX_SLIPS = 3000
EXCELLENT_CAP = Fraction(1, 3)


def can_manage(user: Any, org: Organization) -> bool:
    return bool(user.has_perm("evaluations.manage_round", org))


def _require_manager(user: Any, round_: Round) -> None:
    require(can_manage(user, round_.organization))


def create_round(user: Any, *, organization: Organization, **data: Any) -> Round:
    require(can_manage(user, organization))
    if data.get("kind") == Kind.SPLIT_POST and not data.get("post"):
        raise DomainError("分岗评须选择评议岗位（书记岗或主任岗）")
    if data.get("kind") != Kind.SPLIT_POST:
        data["post"] = PostKind.NONE
    round_ = Round(organization=organization, created_by=actor_user(user), **data)
    today = timezone.localdate()
    with transaction.atomic():
        engine.begin(round_, today)
        round_.save()
        engine.started(user, round_, today, label="创建评议")
        audit.record(user, "create", round_, org=organization)
    return round_


def _require_draft(round_: Round) -> None:
    if round_.state != State.DRAFT:
        raise DomainError("评议已开始，不能再修改评议对象或评议码")


def add_subjects(user: Any, round_: Round, *, people: Iterable[Person] = (), names: Iterable[str] = ()) -> int:
    _require_manager(user, round_)
    _require_draft(round_)
    with transaction.atomic():
        existing = set(round_.subjects.exclude(person=None).values_list("person_id", flat=True))
        position = round_.subjects.count()
        added = []
        for person in people:
            require(in_scope(user, person.org_path))
            if person.pk not in existing:
                position += 1
                added.append(Subject(round=round_, person=person, name=person.name, position=position))
                existing.add(person.pk)
        for name in (n.strip() for n in names):
            if name:
                position += 1
                added.append(Subject(round=round_, name=name[:100], position=position))
        Subject.objects.bulk_create(added)
        if added:
            audit.record(user, "update", round_, org=round_.organization,
                         changes={"subjects": [None, [s.name for s in added]]})  # fmt: skip
    return len(added)


def rated_candidates(round_: Round) -> list[RatedSubject]:
    """The 理事 or 户联理事会 under the round's organization (优秀关怀理事评比, 五好户联理事会评比)."""
    kind = rated_kind(RATED_KINDS.get(Kind(round_.kind), "")) if round_.kind in RATED_KINDS else None
    return kind.subjects(round_.organization, timezone.localdate()) if kind is not None else []


def add_rated_subjects(user: Any, round_: Round, refs: Iterable[str]) -> int:
    """理事 or 户联理事会 as subjects, by ref: only those under the round's organization."""
    _require_manager(user, round_)
    _require_draft(round_)
    if round_.kind not in RATED_KINDS:
        raise DomainError("只有优秀关怀理事评比、五好户联理事会评比可选择理事或户联理事会为评议对象")
    found = {s.ref: s for s in rated_candidates(round_)}
    wanted = list(dict.fromkeys(r for r in refs if r))
    unknown = [r for r in wanted if r not in found]
    if unknown or not wanted:
        raise DomainError("请选择本组织范围内的评议对象" if not unknown else "所选对象不在本组织范围内")
    with transaction.atomic():
        existing = set(round_.subjects.exclude(ref="").values_list("ref", flat=True))
        position = round_.subjects.count()
        added = []
        for ref in wanted:
            if ref not in existing:
                position += 1
                added.append(Subject(round=round_, ref=ref, name=found[ref].name[:100], position=position))
        Subject.objects.bulk_create(added)
        if added:
            audit.record(user, "update", round_, org=round_.organization,
                         changes={"subjects": [None, [s.name for s in added]]})  # fmt: skip
    return len(added)


def remove_subject(user: Any, subject: Subject) -> None:
    round_ = subject.round
    _require_manager(user, round_)
    _require_draft(round_)
    with transaction.atomic():
        subject.delete()
        audit.record(user, "update", round_, org=round_.organization, changes={"subjects": [subject.name, None]})


def default_subjects(round_: Round) -> list[Person]:
    """Members of the organization for member evaluations; post holders for 分岗评."""
    org = round_.organization
    if round_.kind == Kind.SPLIT_POST:
        title = PartyTitle.SECRETARY if round_.post == PostKind.SECRETARY else CommitteeTitle.DIRECTOR
        body = PostBody.PARTY if round_.post == PostKind.SECRETARY else PostBody.VILLAGE_COMMITTEE
        posts = Post.objects.filter(organization=org, body=body, title=title, end_on=None)
        return list(Person.objects.filter(pk__in=posts.values("person_id")).order_by("name"))
    if round_.kind in MEMBER_KINDS:
        return list(Person.objects.in_subtree(org).filter(category__in=MEMBER_CATEGORIES).order_by("name"))
    return []


def _code_key() -> bytes:
    return hashlib.sha256(f"jiceng-ballot-codes:{settings.BALLOT_CODE_KEY}".encode()).digest()


def hash_code(round_: Round, code: str) -> str:
    return rules.code_hash(_code_key(), round_.salt, code)


def generate_codes(user: Any, round_: Round, count: int) -> list[str]:
    """New slips (replacing any earlier ones). The codes are returned once, for printing, and never stored."""
    _require_manager(user, round_)
    _require_draft(round_)
    if not 1 <= count <= MAX_SLIPS:
        raise DomainError(f"评议码数量应在 1 至 {MAX_SLIPS} 之间")
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(rules.new_code())
    hashes = sorted(hash_code(round_, code) for code in codes)  # stored in hash order, not print order
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)  # one partition, one set of codes at a time
        privacy.ensure_partition(BallotCode, round_.pk)
        round_.codes.all().delete()
        BallotCode.objects.bulk_create([BallotCode(round=round_, code_hash=h) for h in hashes])
        audit.record(user, "update", round_, org=round_.organization, changes={"slips_generated": [None, count]})
    printed = list(codes)
    random.SystemRandom().shuffle(printed)
    return printed


def open_round(user: Any, round_: Round) -> Round:
    _require_manager(user, round_)
    if round_.state == State.DRAFT:
        if not round_.subjects.exists():
            raise DomainError("请先确定评议对象")
        if not round_.codes.exists():
            raise DomainError("请先生成并打印评议码")
    with transaction.atomic():
        # The number of slips issued is fixed from here on.
        engine.transition(user, round_, State.OPEN, updates={"slips_issued": round_.codes.count()})
        privacy.ensure_partition(SealedBallot, round_.pk)
        transaction.on_commit(privacy.sweep_partitions, robust=True)  # storage a closing had to leave behind
    return round_


def _lock_round_for_voting(round_id: int) -> str | None:
    """The round's state, read under a shared lock so that closing waits for ballots in flight.

    Voters share the lock with each other (FOR SHARE) and conflict only with `close_round`'s
    FOR UPDATE. SQLite serializes writing transactions (BEGIN IMMEDIATE), which gives the same.
    """
    sql = f"SELECT state FROM {Round._meta.db_table} WHERE id = %s"
    if connection.vendor == "postgresql":
        sql += " FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_id])
        row = cursor.fetchone()
    return row[0] if row else None


def _open_round_and_code(public_key: str, code: str, round_: Round | None) -> tuple[Round, str]:
    """The round of `public_key` (`round_` when the page already read it) and the typed code
    normalized, or the refusal a voter sees: no such round, a malformed code, a round not open."""
    if round_ is None or round_.public_key != public_key:
        round_ = Round.objects.for_ballot(public_key)
    if round_ is None:
        raise DomainError("评议不存在")
    normalized = rules.normalize_code(code)
    if not rules.well_formed(normalized):
        raise DomainError("评议码格式不正确，请核对评议票上的8位评议码")
    if round_.state != State.OPEN:
        raise DomainError("本次评议当前不在投票时间内")
    return round_, normalized


def check_code(public_key: str, code: str, *, round_: Round | None = None) -> str:
    """The code entry step, before the ballot is shown: the normalized code if it can still vote.

    Only reads (nothing is written, nothing logged): an unknown, used or voided code, or a round
    that is not open, is refused here so nobody fills in a ballot that cannot be cast. `vote`
    checks again with its conditional UPDATE (the code may be used in between).
    """
    round_, normalized = _open_round_and_code(public_key, code, round_)
    usable = BallotCode.objects.filter(round_id=round_.pk, code_hash=hash_code(round_, normalized),
                                       state=CodeState.UNUSED).exists()  # fmt: skip
    if not usable:
        raise DomainError("评议码无效、已使用或已作废")
    return normalized


def vote(public_key: str, code: str, ratings: Mapping[str, str], *, round_: Round | None = None) -> str:
    """Cast a web ballot with a slip's code; returns the voter's random receipt.

    Refuses unknown, reused and voided codes, a round that is not open and a ballot that does
    not rate exactly the round's subjects — all before anything is written. The code is marked
    used by one conditional UPDATE (WHERE state = 'unused'), so of many concurrent submissions
    of one code exactly one succeeds; the ballot is kept sealed in the same transaction and
    becomes an anonymous `Ballot` only when the round closes. `round_` is the round the page
    already read by its public key (one query less on the busiest path).
    """
    round_, normalized = _open_round_and_code(public_key, code, round_)
    problems = rules.ballot_problems(_voting_subject_ids(round_.pk, round_.salt), round_.scale, ratings)
    if problems:
        raise DomainError("；".join(problems))
    digest = hash_code(round_, normalized)
    plain = dict(ratings)
    cast = _cast_in_one_statement if connection.vendor == "postgresql" else _cast
    for _attempt in range(5):
        receipt = rules.new_receipt()
        box = privacy.seal(_code_key(), round_.salt, _box_context(round_, receipt), plain)
        try:
            if cast(round_.pk, digest, receipt, box):
                return receipt
        except IntegrityError:  # a receipt drawn twice: nothing was written (code included); draw again
            continue
        if _lock_round_for_voting(round_.pk) != State.OPEN:
            raise DomainError("本次评议当前不在投票时间内")
        raise DomainError("评议码无效、已使用或已作废")
    raise DomainError("系统繁忙，请重新提交")


def _cast(round_id: int, digest: str, receipt: str, box: str) -> bool:
    """Mark the code used and keep the sealed ballot, in one transaction, if the round is open
    (under the lock that closing waits for) and the code unused; False (nothing written) if not.
    Ballots queue for SQLite's write lock (`core.sqlite.writer_queue`) instead of polling for it."""
    with writer_queue(connection), transaction.atomic():
        if _lock_round_for_voting(round_id) != State.OPEN:
            return False
        marked = BallotCode.objects.filter(round_id=round_id, code_hash=digest, state=CodeState.UNUSED).update(
            state=CodeState.USED_WEB
        )
        if marked != 1:
            transaction.set_rollback(True)
            return False
        SealedBallot.objects.create(round_id=round_id, receipt=receipt, box=box)
    return True


# PostgreSQL: the same three steps as one statement, so one round trip and (outside a transaction)
# its own transaction. FOR SHARE in the first part waits for a closing in progress and re-reads the
# round's state after it (READ COMMITTED re-checks a locked row), exactly as `_lock_round_for_voting`.
_CAST_SQL = f"""
WITH open_round AS (
    SELECT id FROM {Round._meta.db_table} WHERE id = %(round)s AND state = %(open)s FOR SHARE
), marked AS (
    UPDATE {BallotCode._meta.db_table} SET state = %(used)s
    WHERE round_id = %(round)s AND code_hash = %(digest)s AND state = %(unused)s
      AND EXISTS (SELECT FROM open_round)
    RETURNING round_id
)
INSERT INTO {SealedBallot._meta.db_table} (id, round_id, receipt, box)
SELECT %(id)s, %(round)s, %(receipt)s, %(box)s FROM marked
"""


def _cast_in_one_statement(round_id: int, digest: str, receipt: str, box: str) -> bool:
    params: dict[str, str | int] = {"round": round_id, "open": State.OPEN, "used": CodeState.USED_WEB,
                                    "unused": CodeState.UNUSED, "digest": digest, "id": str(uuid.uuid4()),
                                    "receipt": receipt, "box": box}  # fmt: skip
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # a savepoint, so a receipt drawn twice leaves the caller's transaction usable
            with transaction.atomic():
                cursor.execute(_CAST_SQL, params)
        else:  # autocommit: the statement is its own transaction (no BEGIN and COMMIT round trips)
            cursor.execute(_CAST_SQL, params)
        return cursor.rowcount == 1


@functools.lru_cache(maxsize=256)
def _voting_subject_ids(round_id: int, salt: str) -> tuple[int, ...]:
    """The subjects of an open round. They cannot change once a round is open (`_require_draft`),
    so each server process reads them once per round; the random salt in the key makes an entry
    belong to exactly one round."""
    return tuple(Subject.objects.filter(round_id=round_id).values_list("id", flat=True))


def _box_context(round_: Round, receipt: str) -> str:
    return f"{round_.pk}:{receipt}"


def void_code(user: Any, round_: Round, code: str) -> None:
    """A voter asks for a paper ballot: the clerk voids the slip so its code can no longer vote."""
    _require_manager(user, round_)
    if round_.state != State.OPEN:
        raise DomainError("只有投票中的评议可以作废评议码")
    normalized = rules.normalize_code(code)
    with transaction.atomic():
        voided = BallotCode.objects.filter(
            round=round_, code_hash=hash_code(round_, normalized), state=CodeState.UNUSED
        ).update(state=CodeState.VOIDED)
        if voided != 1:
            raise DomainError("评议码无效、已使用或已作废")
        # The audit event says that a slip was voided, never which one.
        audit.record(user, "update", round_, org=round_.organization, changes={"slip_voided": [None, 1]})


def _paper_check(round_: Round, ratings: Mapping[str, str]) -> None:
    if round_.state not in (State.OPEN, State.CLOSED):
        raise DomainError("只有投票中或已结束、未公布的评议可以录入纸质票")
    problems = rules.ballot_problems(round_.subjects.values_list("id", flat=True), round_.scale, ratings)
    if problems:
        raise DomainError("；".join(problems))


def enter_paper(user: Any, round_: Round, number: int, ratings: Mapping[str, str]) -> str:
    """One clerk keys paper ballot `number`. Two different clerks' identical entries make the ballot;
    differing entries wait for the correction step. Returns 'waiting', 'accepted' or 'conflict'."""
    _require_manager(user, round_)
    _paper_check(round_, ratings)
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        entries = list(PaperEntry.objects.filter(round=round_, number=number))
        if any(e.clerk_id == user.pk for e in entries):
            raise DomainError(f"您已录入过第 {number} 号纸质票，须由另一位录入员独立录入")
        if any(e.accepted for e in entries):
            raise DomainError(f"第 {number} 号纸质票已计入")
        PaperEntry.objects.create(round=round_, number=number, clerk=user, ratings=dict(ratings))
        audit.record(user, "update", round_, org=round_.organization, changes={"paper_entry": [None, number]})
        if not entries:
            return "waiting"
        if entries[0].ratings != dict(ratings):
            return "conflict"
        _accept_paper(round_, number, dict(ratings))
        return "accepted"


def correct_paper(user: Any, round_: Round, number: int, ratings: Mapping[str, str]) -> None:
    """The correction step: after checking the paper, an officer settles a ballot the clerks keyed differently."""
    _require_manager(user, round_)
    _paper_check(round_, ratings)
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        entries = PaperEntry.objects.filter(round=round_, number=number)
        if entries.filter(accepted=True).exists() or entries.count() < 2:
            raise DomainError(f"第 {number} 号纸质票没有待更正的差异")
        _accept_paper(round_, number, dict(ratings))
        audit.record(user, "update", round_, org=round_.organization, changes={"paper_corrected": [None, number]})


def _accept_paper(round_: Round, number: int, ratings: dict[str, str]) -> None:
    # Paper ballots are not sealed: their ratings are on paper and in the two clerks' entries anyway.
    _used, voided = _code_counts(round_)
    if round_.ballots.filter(channel=Channel.PAPER).count() >= voided:
        raise DomainError("纸质选票数已达到作废换纸票的评议码数，不能再计入")
    PaperEntry.objects.filter(round=round_, number=number).update(accepted=True)
    Ballot.objects.create(round=round_, channel=Channel.PAPER, ratings=ratings)


def _code_counts(round_: Round) -> tuple[int, int]:
    """(codes used on the web, codes voided for paper): from the code rows, or — once the round
    has closed and they are erased — from the counts kept on the round."""
    used, voided = Round.objects.filter(pk=round_.pk).values_list("codes_used_web", "codes_voided").get()
    if used is not None:
        return used, voided or 0
    states = Counter(BallotCode.objects.filter(round=round_).values_list("state", flat=True))
    return states.get(CodeState.USED_WEB, 0), states.get(CodeState.VOIDED, 0)


def pending_paper(round_: Round) -> tuple[list[int], list[int]]:
    """Paper ballots not yet counted: (keyed twice differently — to correct, keyed once — waiting)."""
    keyed = Counter(round_.paper_entries.filter(accepted=False).values_list("number", flat=True))
    return sorted(n for n, times in keyed.items() if times >= 2), sorted(n for n, times in keyed.items() if times == 1)


def close_round(user: Any, round_: Round, signatures: int) -> Round:
    """End the voting. In one transaction, after every ballot in flight (FOR UPDATE waits for the
    voters' FOR SHARE): the sealed ballots are opened and written as anonymous ballots in random
    order, the receipts kept apart and sorted, the code rows replaced by their counts, and the
    sealed and code rows erased. After the commit their old row versions are scrubbed
    (`privacy.scrub_storage`). What remains holds no voting order, no time and no code (ADR 0006).
    """
    _require_manager(user, round_)
    if signatures < 0:
        raise DomainError("签到人数不能为负数")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        locked.definition.move(locked.state, State.CLOSED)
        sealed = list(SealedBallot.objects.filter(round=locked).values_list("receipt", "box"))
        ballots = [Ballot(round=locked, channel=Channel.WEB, ratings=_unseal(locked, receipt, box))
                   for receipt, box in sealed]  # fmt: skip
        random.SystemRandom().shuffle(ballots)
        used, voided = _code_counts(locked)
        engine.transition(user, locked, State.CLOSED, updates={
            "signatures": signatures, "codes_used_web": used, "codes_voided": voided,
            "receipts": sorted([*locked.receipts, *(receipt for receipt, _box in sealed)]),
        })  # fmt: skip
        Ballot.objects.bulk_create(ballots)
        privacy.erase_round(locked.pk)
        transaction.on_commit(privacy.scrub_storage, robust=True)
    return locked


def correct_signatures(user: Any, round_: Round, signatures: int) -> Round:
    """After closing and before publishing: the officer corrects the 签到人数 typed at closing
    (a typo would otherwise fail the reconciliation for good). Audited with both figures; the
    other figures are counted by the system and cannot be changed."""
    _require_manager(user, round_)
    if signatures < 0:
        raise DomainError("签到人数不能为负数")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.state != State.CLOSED:
            raise DomainError("只有已结束、未公布的评议可以更正签到人数")
        before = locked.signatures
        if before == signatures:
            return locked
        locked.signatures = signatures
        locked.save(update_fields=["signatures", "updated_at"])
        audit.record(user, "update", locked, org=locked.organization, changes={"signatures": [before, signatures]})
    round_.signatures = signatures
    return locked


def _unseal(round_: Round, receipt: str, box: str) -> dict[str, str]:
    return privacy.unseal(_code_key(), round_.salt, _box_context(round_, receipt), box)


def reconciliation(round_: Round) -> rules.Reconciliation:
    used, voided = _code_counts(round_)
    ballots = Counter(round_.ballots.values_list("channel", flat=True))
    sealed = SealedBallot.objects.filter(round=round_).count()
    return rules.Reconciliation(
        web_ballots=ballots.get(Channel.WEB, 0) + sealed,
        codes_used_web=used,
        paper_ballots=ballots.get(Channel.PAPER, 0),
        codes_voided=voided,
        signatures=round_.signatures or 0,
    )


def publish(user: Any, round_: Round) -> Round:
    _require_manager(user, round_)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        locked.definition.move(locked.state, State.PUBLISHED)
        conflicts, waiting = pending_paper(locked)
        if pending := conflicts + waiting:
            raise DomainError(f"还有纸质票未完成双人录入或更正：第 {'、'.join(map(str, pending))} 号")
        check = reconciliation(locked)
        if not check.ok:
            raise DomainError("核对不通过：" + "；".join(check.problems))
        subjects = list(locked.subjects.order_by("position", "id"))
        ballots = list(locked.ballots.values_list("ratings", flat=True))
        results = _results(locked, subjects, ballots, list(locked.receipts), check)
        # Under the anonymity floor even the shuffled per-subject file would tell too much.
        shown = check.total >= rules.MIN_BREAKDOWN
        recount = recount_csv(locked, subjects, ballots) if shown else ""
        whole = ballots_csv(locked, subjects, ballots)
        engine.transition(user, locked, State.PUBLISHED, updates={
            "results": results, "recount_file": recount, "recount_digest": sha256(recount) if shown else "",
            "ballots_file": whole, "ballots_digest": sha256(whole),
        })  # fmt: skip
    return locked


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _results(
    round_: Round,
    subjects: list[Subject],
    ballots: list[dict[str, str]],
    receipts: list[str],
    check: rules.Reconciliation,
) -> dict[str, Any]:
    tallies = rules.tally([s.pk for s in subjects], round_.scale, ballots, round_.pass_percent)
    return {
        "ballots": check.total,
        "web": check.web_ballots,
        "paper": check.paper_ballots,
        "issued": round_.slips_issued,
        "signatures": check.signatures,
        "breakdown_shown": check.total >= rules.MIN_BREAKDOWN,
        "options": rules.options(round_.scale),
        "subjects": [
            {
                "id": s.pk,
                "name": s.name,
                "person_id": s.person_id,
                "ref": s.ref,
                "total": t.total,
                "counts": t.counts,
                "rates": t.rates,
                "passing_rate": t.passing_rate,
                "passed": t.passed,
            }
            for s, t in zip(subjects, tallies, strict=True)
        ],
        "receipts": receipts,
        "published_at": timezone.localtime().isoformat(timespec="minutes"),
    }


def _csv(rows: Iterable[Iterable[Any]]) -> str:
    return csv_text(rows)  # names starting with = + - @ never become formulas


def recount_csv(round_: Round, subjects: list[Subject], ballots: list[dict[str, str]]) -> str:
    """One line per rating; each subject's ratings shuffled on their own, so no ballot's pattern survives."""
    shuffle = random.SystemRandom().shuffle
    rows: list[list[Any]] = [["序号", "评议对象", "评价"]]
    for number, subject in enumerate(subjects, start=1):
        values = [rules.option_label(round_.scale, b[str(subject.pk)]) for b in ballots if str(subject.pk) in b]
        shuffle(values)
        rows.extend([number, subject.name, value] for value in values)
    return _csv(rows)


def ballots_csv(round_: Round, subjects: list[Subject], ballots: list[dict[str, str]]) -> str:
    """Whole ballots in random order, kept by the evaluation committee (only its digest is public)."""
    shuffled = list(ballots)
    random.SystemRandom().shuffle(shuffled)
    rows: list[list[Any]] = [["选票", *[s.name for s in subjects]]]
    for number, ratings in enumerate(shuffled, start=1):
        rows.append([number, *[rules.option_label(round_.scale, ratings.get(str(s.pk), "")) for s in subjects]])
    return _csv(rows)


def record_outcome(
    user: Any, round_: Round, person: Person, *, mutual_notes: str = "", grade: str = "", handling: str = ""
) -> Outcome:
    """After the results are announced: face-to-face mutual evaluation, grade and handling (seed 002)."""
    _require_manager(user, round_)
    if round_.state != State.PUBLISHED:
        raise DomainError("群众评议结果公布后，才能记录互评和评定结果")
    if not round_.subjects.filter(person=person).exists():
        raise DomainError("该党员不是本次评议的对象")
    if grade and grade not in dict(rules.SCALE_OPTIONS[rules.Scale.GRADE]):
        raise DomainError("评定等次不正确")
    if grade == "unqualified" and not handling:
        raise DomainError("评定为不合格的党员须确定组织处理方式")
    with transaction.atomic():
        outcome, created = Outcome.objects.get_or_create(round=round_, person=person)
        before = audit.snapshot(outcome, ["mutual_notes", "grade", "handling"])
        outcome.mutual_notes, outcome.grade, outcome.handling = mutual_notes, grade, handling
        grades = dict(round_.outcomes.exclude(pk=outcome.pk).values_list("person_id", "grade"))
        grades[person.pk] = grade
        categories = dict(
            Person.objects.filter(pk__in=round_.subjects.exclude(person=None).values("person_id")).values_list(
                "pk", "category"
            )
        )
        problems = rules.grading_problems(grades, categories, EXCELLENT_CAP)
        if problems:
            raise DomainError("；".join(problems))
        outcome.save()
        after = audit.snapshot(outcome, ["mutual_notes", "grade", "handling"])
        audit.record(user, "create" if created else "update", outcome, org=round_.organization,
                     changes=audit.diff(before, after))  # fmt: skip
    return outcome


def split_post_results(secretary_round: Round, director_round: Round) -> list[dict[str, Any]]:
    """People rated in both published rounds, with whether each post passed and the allowed decisions."""
    passed: dict[str, dict[int, bool]] = {"secretary": {}, "director": {}}
    for key, rnd in (("secretary", secretary_round), ("director", director_round)):
        for subject in rnd.results.get("subjects", []):
            if subject.get("person_id") and subject.get("passed") is not None:
                passed[key][subject["person_id"]] = bool(subject["passed"])
    both = sorted(set(passed["secretary"]) & set(passed["director"]))
    people = Person.objects.in_bulk(both)
    rows = []
    for pid in both:
        sec, dirr = passed["secretary"][pid], passed["director"][pid]
        rows.append({
            "person": people[pid],
            "secretary_passed": sec,
            "director_passed": dirr,
            "rule": rules.SPLIT_RULE_TEXT[(sec, dirr)],
            "local": rules.split_rule_is_local(sec, dirr),
            "options": rules.split_post_options(sec, dirr),
        })  # fmt: skip
    return rows


def decide_split_post(
    user: Any, secretary_round: Round, director_round: Round, person: Person, decision: str, on: dt.date
) -> SplitPostDecision:
    """Apply seed 002's rule. Removal ends the secretary post; a recall is only recommended here
    and ends the posts when the villagers' recall vote passes (`record_recall_vote`)."""
    _require_manager(user, secretary_round)
    _require_manager(user, director_round)
    if (secretary_round.post, director_round.post) != (PostKind.SECRETARY, PostKind.DIRECTOR):
        raise DomainError("请分别选择书记岗和主任岗的分岗评")
    if secretary_round.state != State.PUBLISHED or director_round.state != State.PUBLISHED:
        raise DomainError("两岗评议结果都公布后才能作出处理决定")
    row = next((r for r in split_post_results(secretary_round, director_round) if r["person"].pk == person.pk), None)
    if row is None:
        raise DomainError("该干部没有同时参加书记岗和主任岗的评议，或票数不足以判定")
    if decision not in row["options"]:
        raise DomainError(f"根据分岗评结果，不能作出此决定。{row['rule']}")
    with transaction.atomic():
        made = SplitPostDecision.objects.create(
            secretary_round=secretary_round,
            director_round=director_round,
            person=person,
            secretary_passed=row["secretary_passed"],
            director_passed=row["director_passed"],
            decision=decision,
            decided_on=on,
        )
        audit.record(user, "create", made, org=secretary_round.organization, changes={"decision": [None, decision]})
        _end_posts(user, person, rules.posts_ending(decision), on)
    return made


def _end_posts(user: Any, person: Person, ending: set[str], on: dt.date) -> list[str]:
    """End the person's current posts named in `ending`; returns their titles as shown."""
    titles: list[tuple[str, str]] = []
    if "secretary" in ending:
        titles.append((PostBody.PARTY, PartyTitle.SECRETARY))
    if "director" in ending:
        titles.append((PostBody.VILLAGE_COMMITTEE, CommitteeTitle.DIRECTOR))
    ended = []
    for body, title in titles:
        for post in Post.objects.filter(person=person, body=body, title=title, end_on=None):
            people_actions.end_post(user, post, on)
            ended.append(str(post))
    return ended


def record_recall_vote(
    user: Any, made: SplitPostDecision, *, voted_on: dt.date, registered: int, cast: int, in_favour: int
) -> SplitPostDecision:
    """The villagers' recall vote on a recommended recall (《村民委员会组织法》第十六条). If it passed,
    the director post ends on the day of the vote and, per seed 002, the secretary post too; the
    audit event names the posts ended and the reason (罢免)."""
    _require_manager(user, made.secretary_round)
    if made.decision != SplitDecision.RECALL_DIRECTOR:
        raise DomainError("只有建议罢免主任职务的决定需要记录罢免投票")
    if voted_on < made.decided_on:
        raise DomainError("罢免投票日期不能早于处理决定日期")
    if voted_on > timezone.localdate():
        raise DomainError("罢免投票日期不能晚于今天")
    if problems := rules.recall_problems(registered, cast, in_favour):
        raise DomainError("；".join(problems))
    passed = rules.recall_passes(registered, cast, in_favour)
    with transaction.atomic():
        locked = SplitPostDecision.objects.select_for_update().get(pk=made.pk)
        if locked.recall_passed is not None:
            raise DomainError("已记录过罢免投票结果")
        fields = {"recall_voted_on": voted_on, "recall_registered": registered, "recall_cast": cast,
                  "recall_in_favour": in_favour, "recall_passed": passed}  # fmt: skip
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        ended = _end_posts(user, locked.person, rules.posts_ending(locked.decision, recalled=passed), voted_on)
        changes: dict[str, Any] = {name: [None, value.isoformat() if isinstance(value, dt.date) else value]
                                   for name, value in fields.items()}  # fmt: skip
        if ended:
            changes["ended_posts"] = [None, [f"{title}（罢免）" for title in ended]]
        audit.record(user, "update", locked, org=locked.secretary_round.organization, changes=changes)
    return locked
