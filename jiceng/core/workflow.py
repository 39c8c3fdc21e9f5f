"""Workflows as data: states, moves, who may act, required fields, clocks and date guards.

A definition is plain JSON (shipped in code for built-in flows, edited by a township for its
ledger types) parsed into a frozen `Definition`. Nothing here touches the database: the engine
(`core.engine`) applies a definition to a case row.

    {"states": [{"key": "draft", "label": "准备中"},
                {"key": "notice", "label": "公示", "step": "notice"},
                {"key": "done", "label": "已完成", "final": true, "outcome": "resolved"}],
     "initial": "draft",
     "transitions": [{"from": "draft", "to": "notice", "label": "公示", "roles": ["officer"],
                      "requires": ["note"],
                      "not_before": [{"after": "draft", "years": 1, "rule": "《细则》第十九条"}]},
                     {"from": "notice", "to": "done", "label": "完成", "roles": ["officer"]}],
     "clocks": [{"key": "approve", "label": "审批期限", "from": "notice", "months": 3,
                 "rule": "《细则》第二十九条"}]}

- A state may be `paused` (every running clock stops while a case is there), `final`, carry an
  `outcome` (e.g. "resolved", counted as 已解决) and a `step` kind ("meeting", "notice" for a
  公示, "publication"): leaving such a state asks the app registered for that kind whether the
  step is complete (`core.engine.register_step`), unless the move says `"bypass_step": true`
  (a cancellation or termination leaves the step without completing it).
- A move names the roles that may take it and the fields it requires; `not_before` guards give
  the earliest date ("not before step X + 1 year").
- A clock runs from entering state `from` for N (working) days, months or years, until a state
  in `until` (default: the final states); a case may run several clocks.
- The ledger format of 2026-11 (`"deadline": {"from", "days", "business"}`, `"resolved": true`)
  is read as a clock named "deadline" and the outcome "resolved".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import DomainError, IllegalTransition

STEP_KINDS = {"meeting": "会议", "notice": "公示", "publication": "公开"}
MAX_DAYS = 3660  # ten years: no legitimate clock or guard is longer


@dataclass(frozen=True)
class State:
    key: str
    label: str
    paused: bool = False  # every clock stops while a case is here
    final: bool = False  # no more work (resolved, closed, cancelled …)
    outcome: str = ""  # e.g. "resolved": how reports count a final state
    step: str = ""  # "meeting" | "notice" | "publication": completed by another record

    @property
    def resolved(self) -> bool:
        return self.outcome == "resolved"


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0
    business: bool = False

    def describe(self) -> str:
        parts = [f"{self.years}年" if self.years else "", f"{self.months}个月" if self.months else ""]
        if self.days:
            parts.append(f"{self.days}个{'工作日' if self.business else '日'}")
        return "".join(parts) or "0日"


@dataclass(frozen=True)
class Guard:
    """Earliest date: not before the case reached `after` plus `period` (e.g. 预备期满一年)."""

    after: str
    period: Period
    rule: str = ""  # the article it comes from, shown in the refusal


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: str
    roles: frozenset[str]
    requires: frozenset[str] = frozenset()
    guards: tuple[Guard, ...] = ()
    bypass_step: bool = False  # e.g. 终止/取消: leaving a 公示 or meeting step without completing it


@dataclass(frozen=True)
class Clock:
    """A deadline that runs from entering `start` for `period`, until a state in `until`."""

    key: str
    label: str
    start: str
    period: Period
    until: frozenset[str]
    warn_share: float = 0.8  # warn when this share of the allowed time has passed
    rule: str = ""


@dataclass(frozen=True)
class Definition:
    states: tuple[State, ...]
    initial: str
    moves: tuple[Move, ...]
    clocks: tuple[Clock, ...] = ()
    title: str = ""
    role_labels: Mapping[str, str] = field(default_factory=dict)
    requirement_labels: Mapping[str, str] = field(default_factory=dict)

    def state(self, key: str) -> State:
        for state in self.states:
            if state.key == key:
                return state
        raise DomainError(f"流程中没有状态“{key}”")

    def label(self, key: str) -> str:
        return next((s.label for s in self.states if s.key == key), key)

    @property
    def labels(self) -> dict[str, str]:
        return {s.key: s.label for s in self.states}

    def can(self, current: str, target: str) -> bool:
        return any(m.source == current and m.target == target for m in self.moves)

    def move(self, current: str, target: str) -> Move:
        """The move from `current` to `target`; an illegal one raises IllegalTransition (Chinese)."""
        for move in self.moves:
            if move.source == current and move.target == target:
                return move
        raise IllegalTransition(f"当前状态为“{self.label(current)}”，不能变更为“{self.label(target)}”")

    def moves_from(self, current: str) -> list[Move]:
        return [m for m in self.moves if m.source == current]

    def keys(self, **flags: Any) -> list[str]:
        return [s.key for s in self.states if all(getattr(s, k) == v for k, v in flags.items())]

    def clock(self, key: str) -> Clock | None:
        return next((c for c in self.clocks if c.key == key), None)

    def who(self, move: Move) -> str:
        return "、".join(self.role_labels.get(r, r) for r in sorted(move.roles))

    def requirement(self, key: str) -> str:
        return self.requirement_labels.get(key, key)


# ---------------------------------------------------------------- parsing and validation


def _need(data: Mapping[str, Any], key: str, what: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise DomainError(f"流程定义缺少{what}")
    return data[key]


def _int(value: Any, what: str) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
        raise DomainError(f"{what}应为 0–{MAX_DAYS} 的整数")
    return value


def _period(data: Mapping[str, Any], what: str, *, default_business: bool) -> Period:
    period = Period(
        years=_int(data.get("years"), f"{what}的年数"),
        months=_int(data.get("months"), f"{what}的月数"),
        days=_int(data.get("days"), f"{what}的天数"),
        business=bool(data.get("business", default_business)),
    )
    if not (period.years or period.months or period.days):
        raise DomainError(f"{what}的时长应大于 0")
    return period


def _state(data: Any) -> State:
    if not isinstance(data, dict):
        raise DomainError("states 必须是状态对象的列表")
    key = str(_need(data, "key", "状态代码"))
    outcome = str(data.get("outcome") or ("resolved" if data.get("resolved") else ""))
    step = str(data.get("step") or "")
    if step and step not in STEP_KINDS:
        raise DomainError(f"状态“{key}”的环节类型“{step}”不正确（应为 meeting、notice 或 publication）")
    final = bool(data.get("final") or outcome == "resolved")
    return State(key, str(data.get("label") or key), bool(data.get("paused")), final, outcome, step)


def parse_definition(
    data: Any,
    *,
    roles: Mapping[str, str] | None = None,
    requirements: Mapping[str, str] | None = None,
    require_outcome: str | None = None,
) -> Definition:
    """A definition from its JSON form; a wrong one raises a Chinese DomainError.

    `roles` and `requirements` (code → Chinese label) are the vocabulary of the app that runs
    the workflow: unknown codes are refused. `require_outcome` asks for at least one state with
    that outcome (ledgers need a 已解决 state).
    """
    if not isinstance(data, dict):
        raise DomainError("流程定义必须是一个对象")
    raw_states = _need(data, "states", "状态列表（states）")
    if not isinstance(raw_states, list):
        raise DomainError("states 必须是状态对象的列表")
    states = tuple(_state(s) for s in raw_states)
    keys = [s.key for s in states]
    if len(set(keys)) != len(keys):
        raise DomainError("状态代码不能重复")
    labels = {s.key: s.label for s in states}
    initial = str(_need(data, "initial", "初始状态（initial）"))
    if initial not in labels:
        raise DomainError(f"初始状态“{initial}”不在状态列表中")
    raw_moves = data.get("transitions") or []
    if not isinstance(raw_moves, list):
        raise DomainError("transitions 必须是对象的列表")
    moves = tuple(_move(m, labels, roles, requirements) for m in raw_moves)
    if len({(m.source, m.target) for m in moves}) != len(moves):
        raise DomainError("同一对状态之间的流转不能重复定义")
    clocks = tuple(_clocks(data, labels, states))
    _check_reachable(initial, keys, moves, labels)
    if require_outcome and not any(s.outcome == require_outcome for s in states):
        raise DomainError("流程中至少要有一个“已解决”状态（resolved）")
    return Definition(
        states, initial, moves, clocks, str(data.get("title") or ""), dict(roles or {}), dict(requirements or {})
    )


def _move(m: Any, labels: Mapping[str, str], roles: Mapping[str, str] | None,
          requirements: Mapping[str, str] | None) -> Move:  # fmt: skip
    if not isinstance(m, dict):
        raise DomainError("transitions 必须是对象的列表")
    source, target = str(_need(m, "from", "流转起点（from）")), str(_need(m, "to", "流转终点（to）"))
    for key in (source, target):
        if key not in labels:
            raise DomainError(f"流转中的状态“{key}”不在状态列表中")
    name = f"流转“{labels[source]}→{labels[target]}”"
    who = frozenset(str(r) for r in m.get("roles") or [])
    if not who or (roles is not None and who - set(roles)):
        raise DomainError(f"{name}的办理角色不正确")
    needs = frozenset(str(r) for r in m.get("requires") or [])
    if requirements is not None and needs - set(requirements):
        raise DomainError(f"{name}的必填项不正确")
    guards = []
    for g in m.get("not_before") or []:
        if not isinstance(g, dict):
            raise DomainError(f"{name}的时间条件（not_before）格式不正确")
        after = str(_need(g, "after", "时间条件的起算环节（after）"))
        if after not in labels:
            raise DomainError(f"{name}的时间条件起算环节“{after}”不在状态列表中")
        guards.append(Guard(after, _period(g, f"{name}的时间条件", default_business=False), str(g.get("rule") or "")))
    return Move(source, target, str(m.get("label") or labels[target]), who, needs, tuple(guards),
                bool(m.get("bypass_step")))  # fmt: skip


def _clocks(data: Mapping[str, Any], labels: Mapping[str, str], states: Iterable[State]) -> list[Clock]:
    raw = list(data.get("clocks") or [])
    legacy = data.get("deadline")
    if legacy:  # the ledger format of 2026-11: one clock named "deadline"
        if not isinstance(legacy, dict):
            raise DomainError("期限规则（deadline）必须是对象")
        raw.append({"key": "deadline", "label": "办理期限", "warn_share": data.get("warn_share", 0.8), **legacy})
        days = legacy.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= 366:
            raise DomainError("期限天数（days）应为 1–366 的整数")
    finals = frozenset(s.key for s in states if s.final)
    clocks = []
    for c in raw:
        if not isinstance(c, dict):
            raise DomainError("期限规则（clocks）必须是对象的列表")
        key = str(_need(c, "key", "期限代码（key）"))
        start = str(_need(c, "from", "期限起算环节（from）"))
        if start not in labels:
            raise DomainError(f"期限起算环节“{start}”不在状态列表中")
        until = frozenset(str(u) for u in c.get("until") or finals)
        unknown = until - set(labels)
        if unknown:
            raise DomainError(f"期限截止环节“{'、'.join(sorted(unknown))}”不在状态列表中")
        share = c.get("warn_share", 0.8)
        if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 < share <= 1:
            raise DomainError("预警比例（warn_share）应在 0 到 1 之间")
        label = str(c.get("label") or key)
        clocks.append(Clock(key, label, start, _period(c, f"期限“{label}”", default_business=True), until,
                            float(share), str(c.get("rule") or "")))  # fmt: skip
    if len({c.key for c in clocks}) != len(clocks):
        raise DomainError("期限代码不能重复")
    return clocks


def _check_reachable(initial: str, keys: Collection[str], moves: Iterable[Move], labels: Mapping[str, str]) -> None:
    nexts: dict[str, set[str]] = {}
    for move in moves:
        nexts.setdefault(move.source, set()).add(move.target)
    seen, todo = {initial}, [initial]
    while todo:
        for target in nexts.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    unreachable = [labels[k] for k in keys if k not in seen]
    if unreachable:
        raise DomainError(f"这些状态从初始状态无法到达：{'、'.join(unreachable)}")
