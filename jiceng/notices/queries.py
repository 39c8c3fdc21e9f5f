"""What other apps read of 公示: the notices on a public board, a subject's notices, and whether
the workflow step waiting for a 公示 may be left (the engine's step check "notice")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jiceng.core import engine
from jiceng.core.calendar import ancestor_paths
from jiceng.core.errors import DomainError
from jiceng.core.workflow import State
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import rules
from .models import Notice, NoticeSettings, Objection
from .rules import Board
from .subjects import is_case, subject_ref

NOTICE_PREFIX = "notices.notice:"


# ---------------------------------------------------------------- settings and boards


def settings_for(org: Organization) -> NoticeSettings | None:
    """The settings row of the nearest organization at or above `org` that has one (the county)."""
    paths = ancestor_paths(org.path, Organization.steplen)
    rows = NoticeSettings.objects.filter(organization__path__in=paths).select_related("organization")
    return rows.order_by("-organization__depth").first()


def default_days(org: Organization) -> int:
    found = settings_for(org)
    return found.days if found else rules.DEFAULT_DAYS


_BOARD_TEST = {
    Board.VILLAGE: lambda o: o.is_village_level,
    Board.TOWNSHIP: lambda o: o.kind == OrgKind.TOWNSHIP_COMMITTEE,
    Board.COUNTY: lambda o: o.kind == OrgKind.COUNTY_COMMITTEE,
}


def board_org(org: Organization, board: str) -> Organization:
    """The organization whose public page shows a notice of `org` on `board`: the nearest one at
    or above `org` that is a village branch, a township committee or a county committee."""
    if board not in _BOARD_TEST:
        raise DomainError("公示位置应为村公开栏、乡镇公开栏或县级公开栏")
    chain = [org, *sorted(org.ancestors(), key=lambda o: -o.depth)]
    found = next((o for o in chain if _BOARD_TEST[Board(board)](o)), None)
    if found is None:
        raise DomainError(f"“{org.name}”没有所属的{Board(board).label}，请选择其他公示位置")
    return found


def on_board(org: Organization, today: dt.date | None = None) -> QuerySet[Notice]:
    """The notices in progress on `org`'s public page (a village or a township), ending soonest first."""
    rows = Notice.objects.filter(shown_on=org).in_progress(today).select_related("organization")
    return rows.order_by("ends_on", "id")


# ---------------------------------------------------------------- a subject's notices


def _linked_ids(subject: Any, step: str | None) -> list[int]:
    if not is_case(subject):
        return []
    refs = engine.links(subject, step)
    return [int(r.removeprefix(NOTICE_PREFIX)) for r in refs if r.startswith(NOTICE_PREFIX)]


def of_subject(subject: Any, step: str | None = None) -> QuerySet[Notice]:
    """A subject's notices (by its ref, and any notice linked to its step), newest first."""
    match = Q(subject_ref=subject_ref(subject))
    if step is not None:
        match &= Q(step=step)
    ids = _linked_ids(subject, step)
    if ids:
        match |= Q(pk__in=ids)
    return Notice.objects.filter(match).prefetch_related("objections").order_by("-id")


def current(subject: Any, step: str) -> Notice | None:
    """The notice that counts for a step: the latest one not withdrawn, else the latest one."""
    notices = list(of_subject(subject, step))
    return next((n for n in notices if n.withdrawn_on is None), notices[0] if notices else None)


@dataclass(frozen=True)
class StepStatus:
    done: bool
    reason: str
    notice: Notice | None


def step_status(subject: Any, step: str, on: dt.date | None = None) -> StepStatus:
    """Whether the step `step` of `subject` may be left on `on` (default today), and why not.

    Pages of other apps show `reason`; the engine's check raises it. Once `done`, completing the
    step is the one call `engine.transition(actor, case, next_state)`.
    """
    notice = current(subject, step)
    if notice is None:
        return StepStatus(False, "还没有发布公示", None)
    reason = rules.step_blocker(notice.fact(), on or timezone.localdate())
    return StepStatus(reason is None, reason or "", notice)


def check(case: Any, state: State, on: dt.date) -> None:
    """The engine's step check for kind "notice" (`engine.register_step("notice", check)`)."""
    status = step_status(case, state.key, on)
    if not status.done:
        raise DomainError(f"“{state.label}”环节：{status.reason}")


# ---------------------------------------------------------------- receipts


def receipt_hash(code: str) -> str:
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return salted_hmac("jiceng.notices.receipt", plain, algorithm="sha256").hexdigest()


def by_receipt(code: str) -> Objection | None:
    if not code.strip():
        return None
    return Objection.objects.select_related("notice").filter(receipt_hash=receipt_hash(code)).first()
