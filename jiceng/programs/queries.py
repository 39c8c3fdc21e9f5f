"""Figures of a program as seed 002 reports them, counted from the records: demonstrators by
industry, loans and subsidies paid, training bases and their classes (training sessions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from jiceng.core.access import user_org
from jiceng.training.models import Participant

from . import flow
from .models import Application, Loan, Program, Subsidy
from .rules import Industry


@dataclass(frozen=True)
class Figures:
    demonstrators: int
    by_industry: list[tuple[str, int]]  # (label, count) in Industry order, zero rows left out
    loans: int  # count
    loan_total: int  # fen
    subsidy_total: int  # fen
    cancelled: int
    bases: int
    classes: int
    trainees: int  # person-times (人次)


def scope_path(program: Program, user: Any) -> str:
    """The part of the program a user's figures cover: their subtree within the county, or the
    whole program for a user above it."""
    own = user_org(user)
    path = own.path if own is not None else program.org_path
    return path if path.startswith(program.org_path) else program.org_path


def figures(program: Program, path: str = "") -> Figures:
    """The program's figures within the subtree `path` (default: the whole program). Fixed query count."""
    path = path or program.org_path
    apps = Application.objects.filter(program=program, org_path__startswith=path).demonstrators()
    counts = dict(apps.values_list("industry").annotate(n=Count("id")).values_list("industry", "n"))
    loans = Loan.objects.filter(application__program=program, org_path__startswith=path)
    loan_sum = loans.aggregate(n=Count("id"), total=Sum("amount"))
    subsidy = Subsidy.objects.filter(loan__application__program=program, org_path__startswith=path)
    bases = program.bases.filter(org_path__startswith=path)
    session_ids = set(bases.values_list("sessions", flat=True)) - {None}
    trainees = Participant.objects.filter(session_id__in=session_ids).count()
    return Figures(
        demonstrators=sum(counts.values()),
        by_industry=[(str(label), counts[value]) for value, label in Industry.choices if counts.get(value)],
        loans=loan_sum["n"],
        loan_total=loan_sum["total"] or 0,
        subsidy_total=subsidy.aggregate(t=Sum("amount"))["t"] or 0,
        cancelled=apps.filter(state="cancelled").count(),
        bases=bases.count(),
        classes=len(session_ids),
        trainees=trainees,
    )


def pipeline(program: Program, path: str) -> list[tuple[str, str, int]]:
    """(state, label, count) of the program's files in the subtree, in the workflow's order."""
    rows = Application.objects.filter(program=program, org_path__startswith=path)
    counts = dict(rows.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return [(key, label, counts.get(key, 0)) for key, label in flow.STATES]
