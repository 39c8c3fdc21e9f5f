"""The workflow engine: one way to start a case and one way to move it.

A *case* is a row of a model that inherits `WorkflowCase` (a ledger item, a meeting, a leave
request, an evaluation round, a development file …). It names its state column, keeps the
definition version it started under (`flow`) and its clocks (JSON). Every transition goes
through `transition`:

1. the move must exist in the case's definition (else `IllegalTransition`);
2. the actor needs one of the move's roles (`case.workflow_roles(actor)`), the move's required
   fields must be given, the event date may not lie in the future nor before the current state
   began, and no earliest-date guard may be violated ("not before step X + 1 year");
3. leaving a state that is a step of another kind (a 公示, a meeting, a publication) asks the
   check registered for that kind whether the step is complete;
4. one transaction: a conditional `UPDATE … WHERE state = <current>` (a stale or concurrent
   request changes nothing and is refused), an append-only `CaseEvent` with the event date and
   the entry date, the audit event, and the case's own bookkeeping (`workflow_after`).

Apps register step checks (`register_step`) and built-in definitions (`register_definition`);
core imports no app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import audit
from .actor import Actor, actor_name, actor_user, is_system
from .calendar import Calendar, add_period, load_calendar
from .errors import DomainError
from .models import CaseEvent, CaseLink, WorkflowDefinition
from .workflow import Clock, Definition, Move, Period, State, parse_definition


class StaleState(DomainError):
    """The case changed since the page was loaded (another user, another tab)."""


# ---------------------------------------------------------------- definitions and versions


@dataclass(frozen=True)
class Registered:
    code: str
    data: dict[str, Any]
    roles: Mapping[str, str]
    requirements: Mapping[str, str]
    require_outcome: str | None = None


_REGISTRY: dict[str, Registered] = {}
_PARSED: dict[tuple[str, str], Definition] = {}  # (code, digest) → parsed; rows are immutable


def digest_of(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def register_definition(
    code: str,
    data: dict[str, Any],
    *,
    roles: Mapping[str, str],
    requirements: Mapping[str, str] | None = None,
    require_outcome: str | None = None,
) -> None:
    """A built-in workflow (or a family, by code prefix such as "ledgers.type"): its vocabulary.

    The data is validated now, so a wrong built-in definition fails at start-up, not mid-case.
    """
    entry = Registered(code, data, dict(roles), dict(requirements or {}), require_outcome)
    if data:
        _parse(entry, data)
    _REGISTRY[code] = entry


def _family(code: str) -> Registered:
    entry = _REGISTRY.get(code) or _REGISTRY.get(code.rsplit(".", 1)[0])
    if entry is None:
        raise DomainError(f"未登记的流程“{code}”")
    return entry


def _parse(entry: Registered, data: Any) -> Definition:
    key = (entry.code, digest_of(data))
    if key not in _PARSED:
        _PARSED[key] = parse_definition(
            data, roles=entry.roles, requirements=entry.requirements, require_outcome=entry.require_outcome
        )
    return _PARSED[key]


def validate(code: str, data: Any) -> Definition:
    """Parse `data` with the vocabulary registered for `code` (raises a Chinese DomainError)."""
    return _parse(_family(code), data)


def definition_of(row: WorkflowDefinition) -> Definition:
    return _parse(_family(row.code), row.data)


def save_version(code: str, data: dict[str, Any], valid_from: dt.date | None = None) -> WorkflowDefinition:
    """The latest version of `code` when its data is `data`, else a new version (validated)."""
    validate(code, data)
    digest = digest_of(data)
    latest = WorkflowDefinition.objects.filter(code=code).order_by("-version").first()
    if latest is not None and latest.digest == digest and latest.valid_from == valid_from:
        return latest
    version = latest.version + 1 if latest else 1
    try:
        with transaction.atomic():
            return WorkflowDefinition.objects.create(
                code=code, version=version, data=data, digest=digest, valid_from=valid_from
            )
    except IntegrityError:  # another process made the same version first
        return WorkflowDefinition.objects.get(code=code, version=version)


def current_version(code: str, on: dt.date | None = None) -> WorkflowDefinition:
    """The version in force on `on` (latest whose `valid_from` is not after it); built-in
    definitions are stored on first use."""
    rows = WorkflowDefinition.objects.filter(code=code)
    if on is not None:
        rows = rows.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on))
    row = rows.order_by("-version").first()
    if row is None:
        entry = _family(code)
        if not entry.data or entry.code != code:
            raise DomainError(f"流程“{code}”还没有定义")
        row = save_version(code, entry.data)
    return row


def sync_registered() -> None:
    """Store a new version of every built-in definition whose data changed (after migrate).

    A built-in version already stored once is not stored again: when a county has saved its own
    version after it, a restart keeps the county's version in force (only a changed built-in, a
    new release of the rule, makes a newer version)."""
    for entry in _REGISTRY.values():
        if entry.data and not WorkflowDefinition.objects.filter(code=entry.code, digest=digest_of(entry.data)).exists():
            save_version(entry.code, entry.data)


# ---------------------------------------------------------------- step checks (hooks)

StepCheck = Callable[["WorkflowCase", State, dt.date], None]
_STEPS: dict[str, StepCheck] = {}


def register_step(kind: str, check: StepCheck) -> None:
    """`check(case, state, on)` raises DomainError while the step (a 公示, a meeting …) is not complete."""
    _STEPS[kind] = check


def _check_step(case: WorkflowCase, state: State, on: dt.date) -> None:
    if not state.step:
        return
    check = _STEPS.get(state.step, _linked)
    check(case, state, on)


def _linked(case: WorkflowCase, state: State, on: dt.date) -> None:
    if not links(case, state.key):
        raise DomainError(f"“{state.label}”环节还没有关联记录")


def ref_of(obj: models.Model) -> str:
    """A record's name across apps: "app_label.model:pk" (as `source_ref` and `CaseLink.ref`)."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def link(case: WorkflowCase, step: str, target: models.Model | str) -> CaseLink:
    """Record that `target` (a meeting, a 公示 …) is the record of `step` of `case`."""
    case.definition.state(step)
    ref = target if isinstance(target, str) else ref_of(target)
    row, _ = CaseLink.objects.get_or_create(case_type=case.case_type(), case_id=case.pk, step=step, ref=ref)
    return row


def links(case: WorkflowCase, step: str | None = None) -> list[str]:
    rows = CaseLink.objects.filter(case_type=case.case_type(), case_id=case.pk)
    if step is not None:
        rows = rows.filter(step=step)
    return list(rows.order_by("id").values_list("ref", flat=True))


# ---------------------------------------------------------------- the case mixin


class WorkflowCase(models.Model):
    """A row that runs a workflow. Subclasses set `STATE_FIELD` (and `SINCE_FIELD` when the date
    the state began is kept on the row) and override the `workflow_*` hooks they need."""

    flow = models.ForeignKey(WorkflowDefinition, verbose_name="流程版本", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", editable=False)  # fmt: skip
    clocks = models.JSONField("期限", default=dict, blank=True, editable=False)

    flow_id: int | None
    STATE_FIELD: ClassVar[str] = "state"
    SINCE_FIELD: ClassVar[str | None] = None
    WORKFLOW_CODE: ClassVar[str] = ""

    class Meta:
        abstract = True

    # -- hooks a case model overrides
    def workflow_code(self) -> str:
        return self.WORKFLOW_CODE

    def workflow_roles(self, actor: Actor) -> set[str]:
        """The roles `actor` holds on this case (e.g. {"township_officer", "assignee"})."""
        return set()

    def workflow_org(self) -> Any:
        """The organization the case belongs to (audit trail scope)."""
        return None

    def workflow_path(self) -> str:
        """The tree path whose county calendar applies."""
        org = self.workflow_org()
        return str(getattr(org, "path", "") or "")

    def workflow_changes(self, move: Move | None, state: State, on: dt.date, clocks: dict[str, Any]) -> dict[str, Any]:
        """Columns the case keeps in step with its state (e.g. a ledger item's phase and deadline)."""
        return {}

    def workflow_after(self, move: Move, stored: Any, on: dt.date) -> None:
        """Bookkeeping in the transition's transaction (tallies, rollups); `stored` is the row before."""

    # -- reading
    @property
    def state_value(self) -> str:
        return str(getattr(self, self.STATE_FIELD))

    @property
    def definition(self) -> Definition:
        flow = self.flow
        if flow is None:
            return validate(self.workflow_code(), current_version(self.workflow_code()).data)
        return definition_of(flow)

    @property
    def state_obj(self) -> State:
        return self.definition.state(self.state_value)

    @property
    def state_label(self) -> str:
        return self.definition.label(self.state_value)

    @classmethod
    def case_type(cls) -> str:
        return cls._meta.label_lower

    def events(self) -> models.QuerySet[CaseEvent]:
        return CaseEvent.objects.filter(case_type=self.case_type(), case_id=self.pk).order_by("at", "id")

    def reached_on(self, state: str) -> dt.date | None:
        """The event date on which the case last entered `state`."""
        on = self.events().filter(to_state=state).order_by("-on", "-id").values_list("on", flat=True).first()
        return on

    def moves_for(self, actor: Actor) -> list[Move]:
        """The moves `actor` may take now (for buttons); conditions are checked on the move itself."""
        roles = self.workflow_roles(actor)
        return [m for m in self.definition.moves_from(self.state_value) if is_system(actor) or roles & m.roles]


# ---------------------------------------------------------------- clocks


def start_clocks(definition: Definition, state: str, on: dt.date, calendar: Calendar) -> dict[str, Any]:
    return advance_clocks(definition, {}, None, definition.state(state), on, calendar)


def _due(calendar: Calendar, start: dt.date, period: Period) -> dt.date:
    return add_period(calendar, start, years=period.years, months=period.months, days=period.days,
                      business=period.business)  # fmt: skip


def advance_clocks(
    definition: Definition, clocks: Mapping[str, Any], old: State | None, new: State, on: dt.date, calendar: Calendar
) -> dict[str, Any]:
    """The clocks after a move from `old` to `new` on `on` (pure; dates as ISO strings).

    Entering a clock's start state (re)starts it, except when coming back from a pause; entering
    one of its `until` states stops it; a paused state stops every running clock, and leaving
    the pause moves each due date by the (working) days the pause lasted; leaving a final
    state (reopening) lets a stopped clock run again.
    """
    result = {k: dict(v) for k, v in clocks.items()}
    for clock in definition.clocks:
        entry = result.get(clock.key)
        resuming = entry is not None and bool(entry.get("paused_on")) and old is not None and old.paused
        if new.key == clock.start and not resuming:
            result[clock.key] = {"start": on.isoformat(), "due": _due(calendar, on, clock.period).isoformat(),
                                 "paused_on": on.isoformat() if new.paused else None, "done": None}  # fmt: skip
            continue
        if entry is None:
            continue
        _resume(entry, clock, old, new, on, calendar)
        if new.key in clock.until and not entry.get("done"):
            entry["done"] = on.isoformat()
        elif old is not None and old.final and old.key in clock.until and new.key not in clock.until:
            entry["done"] = None  # reopened: only leaving a final state lets a stopped clock run again
        if new.paused and not entry.get("paused_on") and not entry.get("done"):
            entry["paused_on"] = on.isoformat()
    return result


def _resume(entry: dict[str, Any], clock: Clock, old: State | None, new: State, on: dt.date, cal: Calendar) -> None:
    paused_on = entry.get("paused_on")
    if not paused_on or new.paused:
        return
    stopped = cal.days_between(dt.date.fromisoformat(paused_on), on, clock.period.business)
    due = dt.date.fromisoformat(entry["due"])
    entry["due"] = cal.add_days(due, stopped, clock.period.business).isoformat()
    entry["paused_on"] = None


@dataclass(frozen=True)
class ClockStatus:
    key: str
    label: str
    start: dt.date
    due: dt.date
    paused: bool
    done: dt.date | None
    rule: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.done is None and not self.paused and today > self.due

    def late(self) -> bool:
        """Completed after its due date."""
        return self.done is not None and self.done > self.due


def clock_status(definition: Definition, clocks: Mapping[str, Any]) -> list[ClockStatus]:
    out = []
    for clock in definition.clocks:
        entry = clocks.get(clock.key)
        if not entry:
            continue
        done = entry.get("done")
        out.append(ClockStatus(clock.key, clock.label, dt.date.fromisoformat(entry["start"]),
                               dt.date.fromisoformat(entry["due"]), bool(entry.get("paused_on")),
                               dt.date.fromisoformat(done) if done else None, clock.rule))  # fmt: skip
    return out


# ---------------------------------------------------------------- starting and moving


def begin(case: WorkflowCase, on: dt.date, *, code: str | None = None) -> None:
    """Before the first save: the current definition version, its initial state, its clocks."""
    row = current_version(code or case.workflow_code(), on)
    definition = definition_of(row)
    case.flow = row
    setattr(case, case.STATE_FIELD, definition.initial)
    if case.SINCE_FIELD:
        setattr(case, case.SINCE_FIELD, on)
    calendar = load_calendar(case.workflow_path()) if definition.clocks else Calendar()
    case.clocks = start_clocks(definition, definition.initial, on, calendar)
    for name, value in case.workflow_changes(None, definition.state(definition.initial), on, case.clocks).items():
        setattr(case, name, value)


def record_event(
    actor: Actor, case: WorkflowCase, kind: str, label: str, on: dt.date, *, note: str = "", from_state: str = "",
    to_state: str = "",
) -> CaseEvent:  # fmt: skip
    """An event in the case's history that is not a transition (start, warning, edit, publication)."""
    return CaseEvent.objects.create(
        case_type=case.case_type(), case_id=case.pk, definition_id=case.flow_id, kind=kind, label=label[:60],
        on=on, actor=actor_user(actor), actor_name=actor_name(actor), note=note, from_state=from_state,
        to_state=to_state,
    )  # fmt: skip


def started(actor: Actor, case: WorkflowCase, on: dt.date, label: str = "登记", note: str = "") -> CaseEvent:
    """After the first save, in the same transaction: the case's first event."""
    return record_event(actor, case, "start", label, on, note=note, to_state=case.state_value)


def check_move(
    actor: Actor, case: WorkflowCase, target: str, *, on: dt.date, today: dt.date, given: Mapping[str, Any],
    check_roles: bool = True,
) -> Move:  # fmt: skip
    """Every condition of a move, before anything is written (raises a Chinese DomainError)."""
    definition = case.definition
    move = definition.move(case.state_value, target)
    if check_roles and not is_system(actor) and not case.workflow_roles(actor) & move.roles:
        raise DomainError(f"“{move.label}”只能由{definition.who(move)}办理")
    missing = [definition.requirement(k) for k in sorted(move.requires) if not given.get(k)]
    if missing:
        raise DomainError(f"“{move.label}”需要填写：{'、'.join(missing)}")
    if on > today:
        raise DomainError(f"“{move.label}”的日期不能晚于今天")
    since = _since(case)
    if since is not None and on < since:
        raise DomainError(f"“{move.label}”的日期不能早于上一环节的日期（{since:%Y-%m-%d}）")
    _check_guards(case, move, on)
    if not move.bypass_step:
        _check_step(case, definition.state(case.state_value), on)
    return move


def _since(case: WorkflowCase) -> dt.date | None:
    if case.SINCE_FIELD:
        value = getattr(case, case.SINCE_FIELD)
        return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
    return case.events().order_by("-on", "-id").values_list("on", flat=True).first()


def _check_guards(case: WorkflowCase, move: Move, on: dt.date) -> None:
    calendar: Calendar | None = None
    for guard in move.guards:
        reached = case.reached_on(guard.after)
        after = case.definition.label(guard.after)
        if reached is None:
            raise DomainError(f"“{move.label}”须在“{after}”之后办理")
        calendar = calendar or load_calendar(case.workflow_path())
        earliest = _due(calendar, reached, guard.period)
        if on < earliest:
            cite = f"（{guard.rule}）" if guard.rule else ""
            raise DomainError(
                f"“{move.label}”须在“{after}”（{reached:%Y-%m-%d}）满{guard.period.describe()}后办理，"
                f"最早为{earliest:%Y-%m-%d}{cite}"
            )


def transition(
    actor: Actor,
    case: WorkflowCase,
    target: str,
    *,
    on: dt.date | None = None,
    today: dt.date | None = None,
    given: Mapping[str, Any] | None = None,
    updates: Mapping[str, Any] | None = None,
    note: str = "",
    audit_changes: Mapping[str, Any] | None = None,
    check_roles: bool = True,
) -> Move:
    """Move `case` to `target` on the event date `on` (default today); see the module docstring.

    `updates` are further columns written by the same conditional UPDATE (e.g. the assignee,
    the resolution). On success the in-memory `case` reflects the new row.
    """
    today = today or timezone.localdate()
    on = on or today
    move = check_move(actor, case, target, on=on, today=today, given=given or {}, check_roles=check_roles)
    definition = case.definition
    old, new = definition.state(move.source), definition.state(target)
    calendar = load_calendar(case.workflow_path()) if definition.clocks else Calendar()
    clocks = advance_clocks(definition, case.clocks or {}, old, new, on, calendar)
    fields: dict[str, Any] = {case.STATE_FIELD: target, "clocks": clocks, **(updates or {})}
    if case.SINCE_FIELD:
        fields[case.SINCE_FIELD] = on
    for name, value in case.workflow_changes(move, new, on, clocks).items():
        fields.setdefault(name, value)
    if any(f.name == "updated_at" for f in case._meta.fields):
        fields["updated_at"] = timezone.now()
    model = type(case)
    with transaction.atomic():
        rows = model._base_manager.filter(pk=case.pk, **{case.STATE_FIELD: move.source})
        stored = rows.select_for_update().first()
        if stored is None or not rows.update(**fields):
            raise StaleState("该记录已被他人处理或状态已变化，请刷新后重试")
        for name, value in fields.items():
            setattr(case, name, value)
        record_event(actor, case, "move", move.label, on, note=note, from_state=move.source, to_state=target)
        changes: dict[str, Any] = {"状态": [old.label, new.label]}
        if on != today:
            changes["业务日期"] = on.isoformat()
        audit.record(actor, "update", case, org=case.workflow_org(), changes={**changes, **(audit_changes or {})})
        case.workflow_after(move, stored, on)
    return move


def history(cases: Iterable[WorkflowCase]) -> dict[int, list[CaseEvent]]:
    """The events of several cases of one model at once (one query), by case id."""
    cases = list(cases)
    if not cases:
        return {}
    out: dict[int, list[CaseEvent]] = {c.pk: [] for c in cases}
    for event in CaseEvent.objects.filter(case_type=cases[0].case_type(), case_id__in=list(out)).order_by("at", "id"):
        out[event.case_id].append(event)
    return out
