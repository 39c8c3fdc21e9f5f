"""Every change to 公示: permission-checked, atomic, audited.

Other apps publish through `publish_notice` (from their own actions, in their transaction) and
wait for the step through the engine's check "notice" (`queries.check`). Objections come from
the public without login (`submit_objection`); their handling is a workflow on the core engine
(`move_objection` → `engine.transition`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jiceng.core import audit, engine
from jiceng.core.access import require, user_org
from jiceng.core.actor import SYSTEM, Actor, actor_name, actor_user
from jiceng.core.calendar import load_calendar
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization

from . import queries, rules
from .models import Channel, Notice, NoticeSettings, Objection, ObjectionSender, ObjectionState
from .rules import Board, Decision, Outcome
from .subjects import check_ref, is_case, subject_ref

NOTICE_FIELDS = ("subject_ref", "step", "sequence", "title", "board", "days", "starts_on", "ends_on", "hotline")
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone


# ---------------------------------------------------------------- publishing


def _clean(title: str, text: str) -> tuple[str, str]:
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise DomainError("请填写公示标题")
    if len(title) > rules.MAX_TITLE:
        raise DomainError(f"公示标题不能超过{rules.MAX_TITLE}个字")
    if not text:
        raise DomainError("请填写公示内容")
    if len(text) > rules.MAX_TEXT:
        raise DomainError(f"公示内容不能超过{rules.MAX_TEXT}字")
    rules.check_publishable("公示标题", title)
    rules.check_publishable("公示内容", text)
    return title, text


def _step_of(subject: Any, step: str) -> str:
    step = (step or "").strip()
    if not step or len(step) > 40:
        raise DomainError("请注明公示所属的环节")
    if is_case(subject):
        state = subject.definition.state(step)
        if state.step != "notice":
            raise DomainError(f"“{state.label}”不是公示环节")
    return step


def _no_running(ref: str, step: str, today: dt.date) -> int:
    """The next round number; refused while the previous 公示 of the step is running or pending."""
    rows = list(Notice.objects.about(ref, step).prefetch_related("objections").order_by("-sequence"))
    for notice in rows:
        if notice.withdrawn_on is not None:
            continue
        if notice.outcome(today) in (Outcome.UPCOMING, Outcome.RUNNING):
            period = f"{notice.starts_on:%Y-%m-%d}至{notice.ends_on:%Y-%m-%d}"
            raise DomainError(f"该事项的公示正在进行（{period}），不能重复发布")
        if notice.outcome(today) == Outcome.PENDING:
            raise DomainError("上一次公示收到的异议尚未处理完毕，不能重新发布")
        break
    return rows[0].sequence + 1 if rows else 1


def publish_notice(
    actor: Actor,
    *,
    subject: Any,
    step: str,
    organization: Organization,
    title: str,
    text: str,
    days: int | None = None,
    board: str = Board.VILLAGE,
    starts_on: dt.date | None = None,
    hotline: str | None = None,
    today: dt.date | None = None,
) -> Notice:
    """Publish a 公示 about `subject` (a workflow case, any saved record, or a ref string) for
    the workflow step `step`, shown on the public page of `organization`'s village (or township,
    or county: `board`). The period is `days` working days (default: the county's setting, else
    5) from `starts_on` (default: today, or the next working day). A workflow case gets the notice
    linked to its step and a "发布公示" event in its history."""
    require(actor.has_perm("notices.publish_to", organization), "您没有权限在该组织发布公示")
    ref = subject_ref(subject) if not isinstance(subject, str) else check_ref(subject)
    step = _step_of(subject, step)
    title, text = _clean(title, text)
    shown = queries.board_org(organization, board)
    today = today or timezone.localdate()
    calendar = load_calendar(organization.path)
    found = queries.settings_for(organization)
    days = rules.check_days(days if days is not None else (found.days if found else rules.DEFAULT_DAYS))
    start, end = rules.period(calendar, starts_on or rules.default_start(calendar, today), days)
    line = rules.check_hotline(hotline if hotline is not None else (found.hotline if found else ""))
    with transaction.atomic():
        notice = Notice(subject_ref=ref, step=step, sequence=_no_running(ref, step, today), title=title, text=text,
                        organization=organization, board=board, shown_on=shown, days=days, starts_on=start,
                        ends_on=end, hotline=line, published_by=actor_user(actor),
                        published_by_name=actor_name(actor))  # fmt: skip
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError as exc:  # a concurrent publication of the same round won
            raise DomainError("该事项同一环节的公示刚刚已由他人发布，请刷新后查看") from exc
        audit.record(actor, "create", notice, org=organization, changes=audit.snapshot(notice, NOTICE_FIELDS))
        if is_case(subject):
            engine.link(subject, step, notice)
            engine.record_event(actor, subject, "notice", "发布公示", min(today, start), note=notice.period_text)
    return notice


def withdraw_notice(actor: Actor, notice: Notice, reason: str, today: dt.date | None = None) -> Notice:
    """Take a running 公示 down (a mistake in its text). A 公示 with an objection that is open or
    upheld cannot be withdrawn: withdrawing must not be a way around an objection."""
    require(actor.has_perm("notices.withdraw_notice", notice))
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise DomainError("请填写撤回原因（200字以内）")
    rules.check_publishable("撤回原因", reason)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)  # objections wait for us
        if locked.withdrawn_on is not None:
            raise DomainError("该公示已撤回")
        if today > locked.ends_on:
            raise DomainError("公示期已结束，不能撤回")
        if locked.objections.exclude(state=ObjectionState.DISMISSED).exists():
            raise DomainError("该公示有未处理或已成立的异议，不能撤回；请先处理异议")
        Notice.objects.filter(pk=notice.pk, withdrawn_on__isnull=True).update(
            withdrawn_on=today, withdrawn_reason=reason, updated_at=timezone.now()
        )
        notice.withdrawn_on, notice.withdrawn_reason = today, reason
        audit.record(actor, "update", notice, org=notice.organization, changes={"撤回": reason})
    return notice


def decide_notice(
    actor: Actor, notice: Notice, decision: str, note: str, *, on: dt.date | None = None, today: dt.date | None = None
) -> Notice:
    """After the period, with every objection handled and one upheld: the officer decides whether
    the matter goes on (异议成立，经研究不影响) or stops (终止). Decided once."""
    require(actor.has_perm("notices.decide_notice", notice))
    if decision not in (Decision.CONTINUE, Decision.STOP):
        raise DomainError("请选择处理决定：不影响继续，或终止")
    note = (note or "").strip()
    if not note or len(note) > rules.MAX_ANSWER:
        raise DomainError(f"请填写决定的理由（{rules.MAX_ANSWER}字以内）")
    today = today or timezone.localdate()
    on = on or today
    now = notice.outcome(today)
    if now != Outcome.UPHELD:
        raise DomainError(f"只有公示期满、异议已处理且有异议成立的公示需要作出处理决定（当前：{now.label}）")
    answered = [o.answered_on for o in notice.objections.all() if o.answered_on is not None]
    if on > today or on < max(answered):
        raise DomainError(f"决定日期应在{max(answered):%Y-%m-%d}（异议答复日期）与今天之间")
    fields = {"decision": decision, "decision_note": note, "decided_on": on, "decided_by_name": actor_name(actor)}
    with transaction.atomic():
        if not Notice.objects.filter(pk=notice.pk, decision="").update(**fields, updated_at=timezone.now()):
            raise DomainError("该公示已由他人作出处理决定，请刷新后查看")
        for name, value in fields.items():
            setattr(notice, name, value)
        audit.record(actor, "update", notice, org=notice.organization,
                     changes={"处理决定": Decision(decision).label, "日期": on.isoformat()})  # fmt: skip
    return notice


# ---------------------------------------------------------------- objections from the public


@dataclass(frozen=True)
class Receipt:
    objection: Objection
    code: str  # shown once to the sender; only its keyed hash is stored


def sender_key(address: str) -> str:
    """A keyed hash of a network address: IPv4 has only 2³² values, a plain hash would be reversible."""
    return salted_hmac("jiceng.notices.sender", address or "-", algorithm="sha256").hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _lock_sender(key: str, now: dt.datetime) -> ObjectionSender:
    sender, _ = ObjectionSender.objects.get_or_create(key=key, defaults={"last_at": now})
    return ObjectionSender.objects.select_for_update().get(pk=sender.pk)


def submit_objection(
    notice: Notice, *, text: str, name: str = "", contact: str = "", address: str, now: dt.datetime | None = None
) -> Receipt:
    """An objection from anyone, no login. Refused (nothing written) when the text is empty or over
    2 000 characters, outside the period, or when it is the sixth from `address` within an hour."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    text, name, contact = rules.check_objection(text, name, contact)
    with transaction.atomic():
        locked = Notice.objects.select_related("organization").select_for_update().get(pk=notice.pk)
        rules.accepting(locked.starts_on, locked.ends_on, locked.withdrawn_on is not None, today)
        sender = _lock_sender(sender_key(address), now)
        times = rules.recent((dt.datetime.fromisoformat(t) for t in sender.recent), now)
        rules.check_rate(times, now)
        receipt = _create_objection(locked, text, name, contact, today)
        sender.recent, sender.last_at = [t.isoformat() for t in [*times, now]], now
        sender.save(update_fields=["recent", "last_at"])
        ObjectionSender.objects.filter(last_at__lte=now - rules.WINDOW).exclude(pk=sender.pk).delete()
    return receipt


def _create_objection(notice: Notice, text: str, name: str, contact: str, today: dt.date, *, actor: Actor = SYSTEM,
                      channel: str = Channel.ONLINE) -> Receipt:  # fmt: skip
    code = _new_code()
    objection = Objection(notice=notice, text=text, name=name, contact=contact, received_on=today, channel=channel,
                          receipt_hash=queries.receipt_hash(code))  # fmt: skip
    engine.begin(objection, today)
    objection.save()
    how = "通过公示页面提交"
    if channel != Channel.ONLINE:
        how = f"{Channel(channel).label}反映，由{actor_name(actor)}登记"
    engine.started(actor, objection, today, label="群众提出异议", note=how)
    # No name, contact or address in the trail: only that an objection arrived.
    audit.record(actor, "create", objection, org=notice.organization, changes={"公示": notice.title, "渠道": how})
    return Receipt(objection, code)


def record_objection(
    actor: Actor, notice: Notice, *, text: str, channel: str, received_on: dt.date, name: str = "", contact: str = "",
    today: dt.date | None = None,
) -> Receipt:  # fmt: skip
    """An objection received in writing, by phone or in person, entered by an officer (the printed
    notice invites them): it holds the step like one sent online. No rate limit; late entry allowed."""
    require(actor.has_perm("notices.view_objections", notice))
    if channel not in (Channel.WRITTEN, Channel.PHONE, Channel.IN_PERSON):
        raise DomainError("请选择异议的渠道：书面、电话或当面")
    today = today or timezone.localdate()
    if received_on > today:
        raise DomainError("收到日期不能晚于今天")
    text, name, contact = rules.check_objection(text, name, contact)
    with transaction.atomic():
        locked = Notice.objects.select_related("organization").select_for_update().get(pk=notice.pk)
        rules.accepting(locked.starts_on, locked.ends_on, locked.withdrawn_on is not None, received_on)
        return _create_objection(locked, text, name, contact, received_on, actor=actor, channel=channel)


# ---------------------------------------------------------------- handling (on the core engine)


def move_objection(
    actor: Actor,
    objection: Objection,
    target: str,
    *,
    answer: str = "",
    note: str = "",
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Objection:
    """received → investigating → upheld / dismissed (with the answer and its date); reopening
    (重新核实) is allowed until an officer has decided on the notice."""
    require(actor.has_perm("notices.handle_objection", objection))
    answer, note = (answer or "").strip(), (note or "").strip()
    if len(answer) > rules.MAX_ANSWER:
        raise DomainError(f"答复意见不能超过{rules.MAX_ANSWER}字")
    if len(note) > 500:
        raise DomainError("说明不能超过500字")
    reopening = target == ObjectionState.INVESTIGATING and not objection.open
    if reopening and objection.notice.decision:
        raise DomainError("该公示已作出处理决定，异议不能重新核实")
    on = on or today or timezone.localdate()
    updates: dict[str, Any] = {}
    if target in (ObjectionState.UPHELD, ObjectionState.DISMISSED):
        updates = {"answer": answer, "answered_on": on, "handler": actor_user(actor), "handler_name": actor_name(actor)}
    elif reopening:
        updates = {"answer": "", "answered_on": None}
    engine.transition(actor, objection, target, on=on, today=today, given={"answer": answer, "note": note},
                      updates=updates, note=answer or note)  # fmt: skip
    return objection


# ---------------------------------------------------------------- the county's settings


def save_settings(actor: Actor, *, days: int, hotline: str = "") -> NoticeSettings:
    """The default period (and office line) for the county officer's own county."""
    require(actor.has_perm("notices.change_settings"), "只有县委组织部工作人员可以设置公示期")
    org = user_org(actor)
    require(org is not None)
    days, hotline = rules.check_days(days), rules.check_hotline(hotline or "")
    with transaction.atomic():
        row, created = NoticeSettings.objects.select_for_update().get_or_create(
            organization=org, defaults={"days": days, "hotline": hotline}
        )
        before = audit.snapshot(row, ("days", "hotline"))
        if not created:
            row.days, row.hotline = days, hotline
            row.save(update_fields=["days", "hotline", "updated_at"])
        changes = audit.diff({} if created else before, audit.snapshot(row, ("days", "hotline")))
        if changes:
            audit.record(actor, "create" if created else "update", row, org=org, changes=changes)
    return row
