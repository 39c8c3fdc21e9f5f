"""Rounds in a given state, through the real actions (codes are returned for the tests to vote with)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jiceng.evaluations import actions
from jiceng.evaluations.models import Kind, Pool, Round
from jiceng.evaluations.rules import Scale
from jiceng.organizations.models import Organization
from jiceng.people.tests.factories import make_person


def Officer(org: Organization) -> Any:
    """A township officer over `org` (the clerk/officer of tests that are not about permissions)."""
    from jiceng.accounts.models import Role, User

    user, _ = User.objects.get_or_create(
        username=f"officer-{org.pk}", defaults={"organization": org, "role": Role.TOWNSHIP_OFFICER}
    )
    return user


@dataclass
class Prepared:
    round: Round
    codes: list[str]
    subject_ids: list[int] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)  # what the voters were given, when a test keeps them

    def ratings(self, *values: str) -> dict[str, str]:
        """One value per subject, in order (the last value repeats)."""
        return {str(sid): values[min(i, len(values) - 1)] for i, sid in enumerate(self.subject_ids)}


def prepared_round(
    org: Organization,
    actor: Any = None,
    *,
    subjects: int = 3,
    codes: int = 10,
    kind: str = Kind.MASS,
    scale: str = Scale.SATISFACTION,
    open_it: bool = True,
    **extra: Any,
) -> Prepared:
    actor = actor or Officer(org)
    round_ = actions.create_round(
        actor, organization=org, kind=kind, title="党员群众评议", year=2026, scale=scale, pool=Pool.VILLAGERS,
        **extra,
    )  # fmt: skip
    people = [make_person(org, f"党员{i}") for i in range(subjects)]
    actions.add_subjects(actor, round_, people=people)
    issued = actions.generate_codes(actor, round_, codes)
    if open_it:
        actions.open_round(actor, round_)
    round_.refresh_from_db()
    return Prepared(round_, issued, list(round_.subjects.values_list("id", flat=True)))


def published(org: Organization, people: list[Any], *, rating: str = "satisfied", ballots: int = 5,
              **extra: Any) -> Round:  # fmt: skip
    """A round over `people` with `ballots` web ballots all rating `rating`, closed and published."""
    actor = Officer(org)
    round_ = actions.create_round(actor, organization=org, title=extra.pop("title", "评议"), year=2026,
                                  scale=Scale.SATISFACTION, pool=Pool.MEMBERS, **{"kind": Kind.MASS, **extra})  # fmt: skip
    actions.add_subjects(actor, round_, people=people)
    codes = actions.generate_codes(actor, round_, ballots + 1)
    actions.open_round(actor, round_)
    subject_ids = list(round_.subjects.values_list("id", flat=True))
    for code in codes[:ballots]:
        actions.vote(round_.public_key, code, {str(s): rating for s in subject_ids})
    actions.close_round(actor, round_, ballots + 1)
    return actions.publish(actor, round_)
