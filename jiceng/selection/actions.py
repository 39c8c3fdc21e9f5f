"""Every change to a selection exercise: permission-checked, atomic, audited, on `core.engine`.

A refusal (a candidate below the threshold moved to inspection, a step out of order, counts
exceeding the forms issued, an appointment before the 公示 ended …) is a Chinese DomainError
raised before anything is written. Appointment starts each post through the people app's own
action (`people.actions.add_post`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit, engine
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.evaluations.models import Round
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind as MeetingKind
from jiceng.notices import actions as notice_actions
from jiceng.notices import rules as notice_rules
from jiceng.notices.rules import Board
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people import actions as people_actions
from jiceng.people import rules as people_rules
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import queries, rules
from .models import (
    Candidate,
    Exercise,
    Kind,
    Pool,
    Position,
    RecommendationRound,
    Signature,
    SignRole,
    Source,
    Talk,
    TalkStage,
    Tally,
)

EDITABLE = ("draft", "announced", "recommending")  # candidates may be added until the 考察对象 are chosen


def _text(value: Any, label: str, limit: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(f"请填写{label}")
    if len(text) > limit:
        raise DomainError(f"{label}不能超过{limit}个字")
    return text


def _in_state(exercise: Exercise, states: Iterable[str], what: str) -> None:
    states = tuple(states)
    if exercise.state not in states:
        labels = "、".join(exercise.definition.label(s) for s in states)
        raise DomainError(f"当前环节为“{exercise.state_label}”，{what}须在“{labels}”环节办理")


def _day(on: dt.date | None, today: dt.date, exercise: Exercise | None, what: str) -> dt.date:
    on = on or today
    if on > today:
        raise DomainError(f"{what}不能晚于今天")
    if exercise is not None and on < exercise.started_on:
        raise DomainError(f"{what}不能早于选拔开始日期（{exercise.started_on:%Y-%m-%d}）")
    return on


# ---------------------------------------------------------------- setting up


def create_exercise(
    actor: Actor,
    *,
    organization: Organization,
    title: str,
    kind: str,
    conditions: str,
    threshold_percent: int | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Exercise:
    """A new exercise run by `organization` (a township committee, a county committee, or for
    二推一选 a village branch or its township); the rules of its start date apply throughout."""
    require(actor.has_perm("selection.add_exercise_to", organization), "您没有权限在该组织开展干部选拔")
    today = today or timezone.localdate()
    on = _day(on, today, None, "开始日期")
    if kind not in Kind.values:
        raise DomainError("选拔方式不正确")
    if kind == Kind.STANDARD and organization.kind not in (OrgKind.TOWNSHIP_COMMITTEE, OrgKind.COUNTY_COMMITTEE):
        raise DomainError("干部选拔由乡镇党委或县委开展；村党组织请选择“二推一选”")
    rs = rules.rules_on(on)
    threshold = rs.threshold_percent if threshold_percent is None else threshold_percent
    if problem := rules.threshold_problem(threshold, rs):
        raise DomainError(problem)
    exercise = Exercise(
        organization=organization,
        org_path=organization.path,
        kind=kind,
        started_on=on,
        title=_text(title, "名称", 100),
        conditions=_text(conditions, "职位条件和资格", 4000),
        threshold_percent=threshold,
        rules_name=rs.name,
    )
    engine.begin(exercise, on)
    with transaction.atomic():
        exercise.save()
        engine.started(actor, exercise, on, label="开始选拔", note=f"推荐得票门槛：超过{threshold}%")
        audit.record(
            actor,
            "create",
            exercise,
            org=organization,
            changes={"名称": exercise.title, "方式": exercise.get_kind_display(), "门槛": threshold},
        )
    return exercise


def add_position(
    actor: Actor,
    exercise: Exercise,
    *,
    organization: Organization,
    body: str,
    title: str,
    appointment_mode: str = "",
    seats: int = 1,
    term: str = "",
) -> Position:
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("draft",), "增加职位")
    if not organization.path.startswith(exercise.org_path):
        raise DomainError(f"职位所在组织应在{exercise.organization.name}范围内")
    titles = people_rules.TITLES.get(body)
    if titles is None or title not in titles.values:
        raise DomainError("职务名称不正确")
    if exercise.kind == Kind.VILLAGE:
        if body != people_rules.PostBody.PARTY or not organization.is_village_level:
            raise DomainError("“二推一选”用于村党组织书记、委员")
        appointment_mode = people_rules.AppointmentMode.ELECTED  # the 党员大会 elects
    mode = appointment_mode or people_rules.AppointmentMode.SELECTED
    if mode not in people_rules.AppointmentMode.values:
        raise DomainError("任职方式不正确")
    if not 1 <= seats <= 20:
        raise DomainError("职数应为 1–20")
    position = Position(
        exercise=exercise,
        organization=organization,
        body=body,
        title=title,
        appointment_mode=mode,
        seats=seats,
        term=_text(term, "届次", 30, required=False),
    )
    with transaction.atomic():
        position.save()
        audit.record(
            actor, "update", exercise, org=exercise.organization, changes={"增加职位": str(position), "职数": seats}
        )
    return position


def add_candidate(
    actor: Actor,
    exercise: Exercise,
    position: Position,
    person: Person,
    *,
    source: str = Source.ORGANIZATION,
    recommended_by: str = "",
) -> Candidate:
    """A person recommended for `position` (by the organization, an individual, jointly or by
    themselves); who recommended is recorded (谁推荐、谁负责)."""
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, EDITABLE, "增加推荐人选")
    if position.exercise_id != exercise.pk:
        raise DomainError("该职位不属于本次选拔")
    if not person.org_path.startswith(exercise.org_path):
        raise DomainError(f"推荐人选应为{exercise.organization.name}范围内的人员")
    if position.body == people_rules.PostBody.PARTY and person.category != Category.FULL:
        raise DomainError(f"{person.name}不是正式党员，不能作为党组织职务的人选")
    if source not in Source.values:
        raise DomainError("推荐方式不正确")
    if Candidate.objects.filter(position=position, person=person).exists():
        raise DomainError(f"{person.name}已是该职位的推荐人选")
    candidate = Candidate(
        exercise=exercise,
        position=position,
        person=person,
        source=source,
        recommended_by=_text(recommended_by, "推荐人或推荐单位", 100),
    )
    with transaction.atomic():
        candidate.save()
        audit.record(
            actor,
            "update",
            exercise,
            org=exercise.organization,
            changes={"推荐人选": f"{person.name}（{position}）", "推荐": candidate.recommended_by},
        )
    return candidate


# ---------------------------------------------------------------- democratic recommendation


def record_round(
    actor: Actor,
    exercise: Exercise,
    *,
    pool: str,
    held_on: dt.date,
    issued: int,
    returned: int,
    valid: int,
    votes: Mapping[int, int],
    meeting: Meeting | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> RecommendationRound:
    """The counted paper forms of one recommendation: forms issued, returned and valid, and the
    votes of every candidate. Entered again while recommending, it replaces the earlier count."""
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("recommending",), "录入推荐票")
    today = today or timezone.localdate()
    held_on = _day(held_on, today, exercise, "推荐日期")
    if held_on < exercise.state_on:
        raise DomainError(f"推荐日期不能早于开始民主推荐的日期（{exercise.state_on:%Y-%m-%d}）")
    if pool not in exercise.pools:
        raise DomainError(f"本次选拔的推荐范围为{'、'.join(p.label for p in exercise.pools)}")
    if problem := rules.forms_problem(issued, returned, valid):
        raise DomainError(problem)
    candidates = {c.pk: c for c in exercise.candidates.select_related("person", "position")}
    if not candidates:
        raise DomainError("还没有推荐人选")
    unknown = set(votes) - set(candidates)
    if unknown:
        raise DomainError("得票中有不属于本次选拔的人选")
    if problem := rules.votes_problem({c.person.name: int(votes.get(pk) or 0) for pk, c in candidates.items()}, valid):
        raise DomainError(problem)
    if meeting is not None and not meeting.organization.path.startswith(exercise.org_path):
        raise DomainError("推荐会会议记录应为本次选拔范围内的会议")
    label = Pool(pool).label
    with transaction.atomic():
        RecommendationRound.objects.filter(exercise=exercise, pool=pool).delete()
        row = RecommendationRound.objects.create(
            exercise=exercise,
            pool=pool,
            held_on=held_on,
            issued=issued,
            returned=returned,
            valid=valid,
            meeting=meeting,
            note=_text(note, "说明", 500, required=False),
        )
        Tally.objects.bulk_create(
            [Tally(round=row, candidate_id=pk, votes=int(votes.get(pk) or 0)) for pk in candidates]
        )
        engine.record_event(
            actor, exercise, "count", f"{label}计票", held_on, note=f"发出{issued}张，收回{returned}张，有效{valid}张"
        )
        if meeting is not None:
            engine.link(exercise, exercise.state, meeting)
        audit.record(
            actor,
            "update",
            exercise,
            org=exercise.organization,
            changes={
                label: {
                    "发出": issued,
                    "收回": returned,
                    "有效": valid,
                    "得票": {candidates[pk].person.name: int(n) for pk, n in votes.items()},
                }
            },
        )
    return row


def record_talk(
    actor: Actor,
    exercise: Exercise,
    *,
    talked_on: dt.date,
    interviewee: str,
    interviewer: str,
    summary: str,
    candidate: Candidate | None = None,
    today: dt.date | None = None,
) -> Talk:
    """个别谈话 while recommending, 考察谈话 while inspecting: who, when, the summary."""
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("recommending", "inspection"), "记录谈话")
    today = today or timezone.localdate()
    talked_on = _day(talked_on, today, exercise, "谈话日期")
    if candidate is not None and candidate.exercise_id != exercise.pk:
        raise DomainError("该人选不属于本次选拔")
    stage = TalkStage.RECOMMENDATION if exercise.state == "recommending" else TalkStage.INSPECTION
    talk = Talk(
        exercise=exercise,
        stage=stage,
        candidate=candidate,
        talked_on=talked_on,
        interviewee=_text(interviewee, "谈话对象", 100),
        interviewer=_text(interviewer, "谈话人", 100),
        summary=_text(summary, "谈话要点", 4000),
    )
    notice_rules.check_publishable("谈话要点", talk.summary)  # no ID or phone numbers in the record
    with transaction.atomic():
        talk.save()
        audit.record(
            actor,
            "update",
            exercise,
            org=exercise.organization,
            changes={TalkStage(stage).label: f"{talked_on:%Y-%m-%d} {talk.interviewee}"},
        )
    return talk


# ---------------------------------------------------------------- inspection


def record_test(
    actor: Actor,
    candidate: Candidate,
    *,
    round_: Round | None = None,
    total: int | None = None,
    favourable: int | None = None,
    conclusion: str = "",
) -> Candidate:
    """The 测评 of an object of inspection — read from a published evaluations round that rated
    the person, or entered — and the inspection's conclusion."""
    exercise = candidate.exercise
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("inspection",), "录入考察情况")
    candidate.refresh_from_db(fields=["inspect", "proposed"])
    if not candidate.inspect:
        raise DomainError(f"{candidate.person.name}不是考察对象")
    if round_ is not None:
        found = [r for r in queries.test_results(candidate, actor) if r.round.pk == round_.pk]
        if not found:
            raise DomainError("所选评议没有该人选的已公布结果")
        if found[0].favourable is None:
            raise DomainError("该评议参评人数不足，未公布分项结果，请直接录入测评票数")
        total, favourable = found[0].total, found[0].favourable
    entered = total is not None or favourable is not None
    if entered and (total is None or favourable is None or total <= 0 or not 0 <= favourable <= total):
        raise DomainError("测评票数不正确：称职及基本称职票数应在 0 至参加测评人数之间")
    conclusion = _text(conclusion, "考察结论", 4000)
    notice_rules.check_publishable("考察结论", conclusion)
    with transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(
            test_round=round_,
            test_total=total,
            test_favourable=favourable,
            conclusion=conclusion,
            updated_at=timezone.now(),
        )
        candidate.test_round, candidate.test_total, candidate.test_favourable = round_, total, favourable
        candidate.conclusion = conclusion
        audit.record(
            actor,
            "update",
            exercise,
            org=exercise.organization,
            changes={"考察": candidate.person.name, "测评": f"{favourable}/{total}" if total else "—"},
        )
    return candidate


def sign(
    actor: Actor,
    candidate: Candidate,
    *,
    role: str,
    name: str,
    unit: str = "",
    signed_on: dt.date,
    statement: str = "",
    today: dt.date | None = None,
) -> Signature:
    """谁推荐、谁考察谁签名谁负责: a signed, dated line of the accountability record (append-only)."""
    exercise = candidate.exercise
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("candidate_notice", "inspection", "appointment_notice", "election"), "责任签名")
    candidate.refresh_from_db(fields=["inspect", "proposed"])
    if not candidate.inspect:
        raise DomainError(f"{candidate.person.name}不是考察对象，无需责任签名")
    if role not in SignRole.values:
        raise DomainError("签名责任不正确")
    today = today or timezone.localdate()
    signed_on = _day(signed_on, today, exercise, "签名日期")
    default = {
        SignRole.RECOMMENDER: "对推荐的人选负责",
        SignRole.INSPECTOR: "对考察材料的真实性负责",
        SignRole.LEADER: "对考察结论负责",
    }[SignRole(role)]
    row = Signature(
        exercise=exercise,
        candidate=candidate,
        role=role,
        name=_text(name, "签名人", 50),
        unit=_text(unit, "单位职务", 100, required=False),
        signed_on=signed_on,
        statement=_text(statement or default, "责任说明", 300),
        entered_by=actor_name(actor),
    )
    with transaction.atomic():
        row.save()
        engine.record_event(
            actor,
            exercise,
            "sign",
            "责任签名",
            signed_on,
            note=f"{row.name}（{SignRole(role).label}）：{candidate.person.name}",
        )
        audit.record(
            actor,
            "create",
            row,
            org=exercise.organization,
            changes={"人选": candidate.person.name, "责任": SignRole(role).label, "签名人": row.name},
        )
    return row


def record_election(actor: Actor, exercise: Exercise, *, present: int, votes: Mapping[int, int]) -> Exercise:
    """二推一选: the 党员大会's votes for each candidate and the members present who could vote."""
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("election",), "录入选举结果")
    candidates = {c.pk: c for c in exercise.candidates.filter(proposed=True).select_related("person", "position")}
    if set(votes) - set(candidates):
        raise DomainError("得票中有不是候选人的人员")
    for position in exercise.positions.all():
        mine = {c.person.name: int(votes.get(pk) or 0) for pk, c in candidates.items() if c.position_id == position.pk}
        if problem := rules.election_problem(mine, present, position.seats, str(position)):
            raise DomainError(problem)
    with transaction.atomic():
        for pk in candidates:
            Candidate.objects.filter(pk=pk).update(election_votes=int(votes.get(pk) or 0), updated_at=timezone.now())
        Exercise.objects.filter(pk=exercise.pk).update(election_present=present, updated_at=timezone.now())
        exercise.election_present = present
        audit.record(
            actor,
            "update",
            exercise,
            org=exercise.organization,
            changes={
                "实到会": present,
                "得票": {c.person.name: int(votes.get(pk) or 0) for pk, c in candidates.items()},
            },
        )
    return exercise


def link_meeting(actor: Actor, exercise: Exercise, meeting: Meeting) -> Exercise:
    """The 党员大会 that elects (二推一选): a meeting of the village branch, recorded once in the
    meetings app (its attendance gives the quorum); linked, not entered again."""
    require(actor.has_perm("selection.change_exercise", exercise))
    _in_state(exercise, ("election",), "关联党员大会")
    orgs = {p.organization_id for p in exercise.positions.all()}
    if meeting.organization_id not in orgs or meeting.kind != MeetingKind.PARTY_CONGRESS:
        raise DomainError("应关联职位所在村党组织召开的党员大会")
    with transaction.atomic():
        engine.link(exercise, exercise.state, meeting)
        engine.record_event(
            actor, exercise, "link", "关联党员大会", meeting.held_on or exercise.state_on, note=str(meeting)
        )
        audit.record(actor, "update", exercise, org=exercise.organization, changes={"关联会议": str(meeting)})
    return exercise


# ---------------------------------------------------------------- moving on


def _chosen(exercise: Exercise, ids: Iterable[Any], *, among: str = "") -> list[Candidate]:
    wanted = {int(i) for i in ids if str(i).isdigit()}
    rows = exercise.candidates.filter(pk__in=wanted).select_related("person", "position")
    if among:
        rows = rows.filter(**{among: True})
    found = list(rows)
    if not wanted or len(found) != len(wanted):
        raise DomainError("请选择本次选拔的人选")
    return found


def _seats(candidates: list[Candidate], what: str) -> None:
    for position in {c.position for c in candidates}:
        n = sum(1 for c in candidates if c.position_id == position.pk)
        if n > position.seats and what == "拟任人选":
            raise DomainError(f"{position}职数{position.seats}名，拟任人选选了{n}名")


def _check_inspection(exercise: Exercise, chosen: list[Candidate]) -> None:
    """对多数人不拥护的，不能作为考察对象: every pool counted and every chosen one above the threshold."""
    rs = rules.by_name(exercise.rules_name)
    rows = queries.rows_of(exercise)
    for candidate in chosen:
        for count in rows[candidate.pk].counts:
            if count.votes is None:
                raise DomainError(f"还没有录入{count.label}的计票结果，不能确定考察对象")
            problem = rules.support_problem(
                candidate.person.name, count.label, count.votes, count.valid, exercise.threshold_percent, rs
            )
            if problem:
                raise DomainError(problem)


def _check_proposed(exercise: Exercise, chosen: list[Candidate], what: str) -> None:
    rs = rules.by_name(exercise.rules_name)
    _seats(chosen, what)
    for c in chosen:
        if not c.conclusion:
            raise DomainError(f"{c.person.name}还没有考察结论")
        roles = {s.role for s in c.signatures.all()}
        if SignRole.RECOMMENDER not in roles or not roles & {SignRole.INSPECTOR, SignRole.LEADER}:
            raise DomainError(f"{c.person.name}还缺少推荐人或考察组的责任签名（{rs.cite('accountability')}）")


def _board(org: Organization) -> str:
    if org.is_village_level:
        return Board.VILLAGE
    return Board.COUNTY if org.kind == OrgKind.COUNTY_COMMITTEE else Board.TOWNSHIP


def _notice_org(exercise: Exercise) -> Organization:
    if exercise.kind == Kind.VILLAGE:
        first = exercise.positions.select_related("organization").first()
        if first is not None:
            return first.organization
    return exercise.organization


def _publish(
    actor: Actor, exercise: Exercise, step: str, title: str, text: str, today: dt.date, days: int | None
) -> None:
    org = _notice_org(exercise)
    notice_actions.publish_notice(
        actor,
        subject=exercise,
        step=step,
        organization=org,
        title=title,
        text=text,
        days=days,
        board=_board(org),
        hotline=exercise.hotline or None,
        today=today,
    )


def _names(candidates: Iterable[Candidate]) -> str:
    by_post: dict[str, list[str]] = {}
    for c in candidates:
        by_post.setdefault(str(c.position), []).append(c.person.name)
    return "；".join(f"{post}：{'、'.join(names)}" for post, names in by_post.items())


def move(
    actor: Actor,
    exercise: Exercise,
    target: str,
    *,
    on: dt.date | None = None,
    today: dt.date | None = None,
    **data: Any,
) -> Exercise:
    """Take the step `target` on the event date `on` (default today). `data`: note; candidates
    (ids: 考察对象 / 拟任人选 / 候选人); method, team, discipline, hotline (考察预告); notice_title,
    notice_text, notice_days for the 公示."""
    require(actor.has_perm("selection.change_exercise", exercise))
    today = today or timezone.localdate()
    on = on or today
    exercise.definition.move(exercise.state, target)  # a step out of order is refused first
    given: dict[str, Any] = {"note": str(data.get("note") or "").strip()[:2000]}
    updates: dict[str, Any] = {}
    chosen: list[Candidate] = []
    notice: tuple[str, str] | None = None
    positions = list(exercise.positions.all())
    if target == "announced":
        if not positions:
            raise DomainError("请先增加选拔的职位")
        posts = "；".join(f"{p}（{p.seats}名）" for p in positions)
        notice = (
            f"关于{exercise.title}职位、条件和资格的公告",
            f"拟选拔职位：{posts}。\n任职条件和资格：{exercise.conditions}",
        )
    elif target == "recommending":
        if not exercise.candidates.exists():
            raise DomainError("请先登记推荐人选（组织推荐、个人推荐或自荐）")
    elif target == "candidate_notice":
        chosen = _chosen(exercise, data.get("candidates") or ())
        _check_inspection(exercise, chosen)
        what = "考察对象" if exercise.kind == Kind.STANDARD else "候选人初步人选"
        notice = (f"关于{exercise.title}{what}的公示", f"经民主推荐，拟确定以下同志为{what}：{_names(chosen)}。")
    elif target == "inspection":
        for key, label, limit in (
            ("method", "考察方式", 300),
            ("team", "考察组人员", 300),
            ("discipline", "考察纪律", 4000),
        ):
            given[key] = updates[key] = _text(data.get(key), label, limit, required=False)
        try:
            line = notice_rules.check_hotline(str(data.get("hotline") or ""))
        except DomainError as exc:  # the notices app names it 受理电话; the 考察预告 calls it 举报电话
            raise DomainError(exc.message.replace("受理电话", "举报电话")) from exc
        given["hotline"] = updates["hotline"] = line
        notice_rules.check_publishable("考察预告", " ".join(str(updates[k]) for k in ("method", "team", "discipline")))
    elif target in ("appointment_notice", "election"):
        chosen = _chosen(exercise, data.get("candidates") or (), among="inspect")
        what = "拟任人选" if target == "appointment_notice" else "候选人"
        _check_proposed(exercise, chosen, what)
        if target == "appointment_notice":
            notice = (f"关于{exercise.title}任前公示", f"经民主推荐、考察，拟任用以下同志：{_names(chosen)}。")
    elif target == "appointed":
        _check_appointment(exercise)
    elif target == "stopped" and not given["note"]:
        raise DomainError("请填写终止原因")
    if notice is not None:
        title = str(data.get("notice_title") or "").strip() or notice[0]
        text = str(data.get("notice_text") or "").strip() or notice[1]
        notice = (title, text)
    with transaction.atomic():
        engine.transition(actor, exercise, target, on=on, today=today, given=given, updates=updates, note=given["note"])
        if target == "candidate_notice":
            exercise.candidates.filter(pk__in=[c.pk for c in chosen]).update(inspect=True)
        elif target in ("appointment_notice", "election"):
            exercise.candidates.filter(pk__in=[c.pk for c in chosen]).update(proposed=True)
        elif target == "inspection":
            engine.record_event(actor, exercise, "preview", "发布考察预告", on, note=f"考察组：{updates['team']}")
        elif target == "appointed":
            _appoint(actor, exercise, on)
        if notice is not None:
            _publish(actor, exercise, target, notice[0], notice[1], today, data.get("notice_days") or None)
    return exercise


def _appointees(exercise: Exercise) -> list[Candidate]:
    proposed = list(exercise.candidates.filter(proposed=True).select_related("person", "position__organization"))
    if exercise.kind == Kind.STANDARD:
        return proposed
    rs = rules.by_name(exercise.rules_name)
    out = []
    for position in exercise.positions.all():
        mine = {c.pk: c for c in proposed if c.position_id == position.pk}
        votes = {pk: c.election_votes or 0 for pk, c in mine.items()}
        out += [mine[pk] for pk in rules.winners(votes, exercise.election_present or 0, position.seats, rs)]
    return out


def _check_appointment(exercise: Exercise) -> None:
    if exercise.kind == Kind.VILLAGE:
        if exercise.election_present is None:
            raise DomainError("请先录入党员大会的选举结果")
        if not _appointees(exercise):
            rs = rules.by_name(exercise.rules_name)
            raise DomainError(
                f"没有候选人的得票超过实到会{exercise.election_present}人的一半，无人当选（{rs.cite('election')}）"
            )
    elif not _appointees(exercise):
        raise DomainError("没有拟任人选")


def _appoint(actor: Actor, exercise: Exercise, on: dt.date) -> None:
    """Each appointee's post starts on `on`, with the position's appointment mode (people app)."""
    for c in _appointees(exercise):
        p = c.position
        post = people_actions.add_post(
            actor,
            c.person,
            body=p.body,
            title=p.title,
            organization=p.organization,
            appointment_mode=p.appointment_mode,
            start_on=on,
            term=p.term,
        )
        Candidate.objects.filter(pk=c.pk).update(post=post, updated_at=timezone.now())
