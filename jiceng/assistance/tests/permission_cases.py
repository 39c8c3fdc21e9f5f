"""Permission cases for the pairing and fund pages and API (see jiceng/core/testing.py): the
records name people in hardship, so only officers of the township's subtree see and record
them; the fund's public summary (counts and totals) is for everyone, signed in or not."""

from __future__ import annotations

from typing import Any

from jiceng.assistance import actions
from jiceng.assistance.models import Contact, FundGrant, FundIncome, Pairing, PoorMember
from jiceng.assistance.rules import ContactKind, IncomeKind
from jiceng.core.actor import SYSTEM
from jiceng.core.testing import EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.people.tests.factories import make_person

from .factories import D, organ, pair, poor

PUBLIC = EVERYONE | {"anonymous"}
OFFICERS = frozenset({"county_officer", "township_officer", "other_township_officer"})


def _town(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"org_id": f.tree.east.pk}, **extra}


def _pair(f: Fixtures, **extra: Any) -> dict[str, Any]:
    p = pair(f.tree.east, organ(f.tree.east), poor(f.tree.east, f.tree.east1))
    return {"kwargs": {"pk": p.pk}, "pair": p, **extra}


def _funded(f: Fixtures, **extra: Any) -> dict[str, Any]:
    actions.add_income(SYSTEM, f.tree.east, kind=IncomeKind.DAY_WAGE, received_on=D(2024, 1, 5), amount=100_000,
                       source="机关党员")  # fmt: skip
    return _town(f, **extra)


def _poor_new(f: Fixtures) -> dict[str, Any]:
    person = make_person(f.tree.east1, "贫困甲")
    return _town(f, data={"person": str(person.pk), "since": "2024-03-01", "situation": "因病致贫"})


def _poor_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    e = PoorMember.objects.get()
    assert (e.person.name, e.since, e.situation, e.township) == ("贫困甲", D(2024, 3, 1), "因病致贫", f.tree.east)


def _pairing_new(f: Fixtures) -> dict[str, Any]:
    entry = poor(f.tree.east, f.tree.east1)
    helper = organ(f.tree.east, "李干部")
    return _town(f, data={"kind": "one_to_one", "helper": str(helper.pk), "poor": str(entry.pk),
                          "started_on": "2024-03-01"})  # fmt: skip


def _paired(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    p = Pairing.objects.get()
    assert (p.kind, p.helper.name, p.helped, p.started_on) == ("one_to_one", "李干部", "贫困甲", D(2024, 3, 1))


def _contacted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    c = Contact.objects.get()
    assert (c.pairing, c.kind, c.on, c.content) == (prepared["pair"], "deed", D(2024, 5, 6), "帮助修缮住房")


def _ended(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Pairing.objects.get(pk=prepared["pair"].pk).ended_on == D(2024, 6, 30)


def _income_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    i = FundIncome.objects.get()
    assert (i.kind, i.amount, i.received_on, i.source) == ("higher", 123_450, D(2024, 2, 1), "县委组织部")


def _grant_new(f: Fixtures) -> dict[str, Any]:
    person = make_person(f.tree.east1, "王大伯")
    return _funded(f, data={"person": str(person.pk), "reason": "illness", "amount": "600", "approved_by": "乡党委书记",
                            "approved_on": "2024-02-01", "paid_on": "2024-02-02"})  # fmt: skip


def _granted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    g = FundGrant.objects.get()
    assert (g.person.name, g.reason, g.amount, g.approved_by, g.approved_on, g.paid_on) == (
        "王大伯", "illness", 60_000, "乡党委书记", D(2024, 2, 1), D(2024, 2, 2))  # fmt: skip
    assert actions.balance(g.fund) == 40_000


def _api_contact(f: Fixtures) -> dict[str, Any]:
    prepared = _pair(f)
    return {"kwargs": {"pair_id": prepared["pair"].pk}, "pair": prepared["pair"],
            "data": {"kind": ContactKind.DEED, "on": "2024-05-06", "content": "帮助修缮住房"}}  # fmt: skip


def _api_grant(f: Fixtures) -> dict[str, Any]:
    person = make_person(f.tree.east1, "王大伯")
    return _funded(f, data={"person_id": person.pk, "reason": "illness", "amount_fen": 60_000,
                            "approved_by": "乡党委书记", "approved_on": "2024-02-01", "paid_on": "2024-02-02"})  # fmt: skip


def _api_town(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"org_id": f.tree.east.pk}}


CASES = [
    UrlCase("assistance:index", allowed=OFFICERS, outside_scope=()),
    UrlCase("assistance:township", allowed=EAST_OFFICERS, setup=lambda f: _town(f, data={"year": "2024"})),
    UrlCase("assistance:poor_new", method="post", allowed=EAST_OFFICERS, setup=_poor_new, expect=_poor_made),
    UrlCase("assistance:pairing_new", method="post", allowed=EAST_OFFICERS, setup=_pairing_new, expect=_paired),
    UrlCase("assistance:pairings_xlsx", allowed=EAST_OFFICERS, setup=_town),
    UrlCase("assistance:pairing", allowed=EAST_OFFICERS, setup=_pair),
    UrlCase(
        "assistance:contact_new",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_contacted,
        setup=lambda f: _pair(f, data={"kind": "deed", "on": "2024-05-06", "content": "帮助修缮住房"}),
    ),
    UrlCase(
        "assistance:pairing_end",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_ended,
        setup=lambda f: _pair(f, data={"ended_on": "2024-06-30"}),
    ),
    UrlCase("assistance:fund", allowed=EAST_OFFICERS, setup=lambda f: _funded(f, data={"on": "2024-03-01"})),
    UrlCase(
        "assistance:income_new",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_income_made,
        setup=lambda f: _town(
            f, data={"kind": "higher", "received_on": "2024-02-01", "amount": "1,234.50", "source": "县委组织部"}
        ),
    ),
    UrlCase("assistance:grant_new", method="post", allowed=EAST_OFFICERS, setup=_grant_new, expect=_granted),
    UrlCase("assistance:fund_xlsx", allowed=EAST_OFFICERS, setup=_funded),
    UrlCase("assistance:fund_summary", allowed=PUBLIC, outside_scope=(), setup=_funded),
    UrlCase("api-v1:assistance_coverage", api=True, allowed=EAST_OFFICERS, setup=_api_town),
    UrlCase(
        "api-v1:assistance_pairings",
        api=True,
        allowed=EAST_OFFICERS,
        setup=lambda f: {**_pair(f), "kwargs": {"org_id": f.tree.east.pk}, "data": {"year": 2024}},
    ),
    UrlCase(
        "api-v1:assistance_contact",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=_api_contact,
        expect=_contacted,
    ),
    UrlCase(
        "api-v1:assistance_fund",
        api=True,
        allowed=EAST_OFFICERS,
        setup=lambda f: {**_funded(f), "data": {"on": "2024-03-01"}},
    ),
    UrlCase(
        "api-v1:assistance_grant", api=True, method="post", allowed=EAST_OFFICERS, setup=_api_grant, expect=_granted
    ),
    UrlCase("api-v1:assistance_fund_summary", api=True, allowed=EVERYONE, outside_scope=(), setup=_funded),
]
