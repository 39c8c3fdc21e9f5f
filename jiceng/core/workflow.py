"""Explicit state machines: states as TextChoices plus one transition table.

    MOVES = Transitions({Draft: {Open}, Open: {Closed}, Closed: {Published}})
    MOVES.check(round.state, new_state)   # raises IllegalTransition with a Chinese message

Workflows whose states are data (ledger types) build a `Transitions` from their rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models

from .errors import IllegalTransition


def _label(state: str, labels: Mapping[str, str]) -> str:
    return str(labels.get(state, state))


class Transitions:
    def __init__(self, table: Mapping[str, Iterable[str]], labels: Mapping[str, str] | None = None) -> None:
        self.table = {str(k): {str(v) for v in vs} for k, vs in table.items()}
        self.labels = dict(labels or {})

    @classmethod
    def of(cls, choices: type[models.TextChoices], table: Mapping[str, Iterable[str]]) -> Transitions:
        return cls(table, dict(choices.choices))

    def allowed(self, current: str) -> set[str]:
        return self.table.get(str(current), set())

    def can(self, current: str, target: str) -> bool:
        return str(target) in self.allowed(current)

    def check(self, current: str, target: str) -> None:
        if not self.can(current, target):
            raise IllegalTransition(
                f"当前状态为“{_label(current, self.labels)}”，不能变更为“{_label(target, self.labels)}”"
            )
