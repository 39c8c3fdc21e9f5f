"""Permission cases for the pay pages and API (see jiceng/core/testing.py): township and county
officers set schemes and enter scores, awards, payments and the account; the village secretary
reads the village's sheet; members see nothing."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.pay.models import Award, Payment, Scheme, SpecialAccount, VillageYear

from .factories import YEAR, D, scheme, scored, seed_004_village

EDITORS_ANYWHERE = frozenset({"county_officer", "township_officer", "village_secretary", "other_township_officer"})


def _town(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": f.tree.east.pk}, **extra}


def _sheet(f: Fixtures, **extra: Any) -> dict[str, Any]:
    scheme(f.tree.east)
    people = seed_004_village(f.tree.east1)
    scored(f.tree.east1)
    return {"kwargs": {"pk": f.tree.east1.pk, "year": YEAR}, "people": people, **extra}


def _scheme_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    s = Scheme.objects.get()
    assert (s.organization, s.year, s.secretary_base, s.shares["director"], s.combined_rule, s.combined_share,
            s.bands) == (f.tree.east, 2024, 25_000_000, 7_000, "plus", 3_000,
                         [["90", 10_000], ["80", 9_000], ["0", 5_000]])  # fmt: skip


def _scored(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    vy = VillageYear.objects.get(organization=f.tree.east1, year=YEAR)
    assert (str(vy.score), vy.score_source, vy.secretary_base) == ("81.5", "乡考核办法", 24_000_000)


def _awarded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    a = Award.objects.get()
    assert (a.person, a.title, a.amount, a.awarded_on) == (prepared["people"]["director"], "单项工作奖", 300_000,
                                                           D(2024, 12, 28))  # fmt: skip


def _paid(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    p = Payment.objects.get()
    assert (p.person, p.amount, p.paid_on, p.voucher) == (prepared["people"]["director"], 4_375_000, D(2024, 4, 5),
                                                          "Q1")  # fmt: skip


def _account(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    a = SpecialAccount.objects.get()
    assert (a.organization, a.name, a.bank, a.managed_by) == (
        f.tree.east1,
        "东一村村干部报酬专户",
        "信用社",
        "东镇财政所",
    )


SCHEME = {"year": "2024", "secretary_base": "250000", "director": "70", "deputy_secretary": "55",
          "deputy_director": "50", "party_member": "45", "committee_member": "40", "combined_rule": "plus",
          "combined_share": "30", "bands": "90:1.00，80:0.90，0:0.50"}  # fmt: skip


def _with_person(f: Fixtures, data: dict[str, str]) -> dict[str, Any]:
    prepared = _sheet(f)
    prepared["data"] = {**data, "person": str(prepared["people"]["director"].pk)}
    return prepared


CASES = [
    UrlCase("pay:index", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("pay:township", allowed=EAST_OFFICERS, setup=lambda f: (scheme(f.tree.east), _town(f))[1]),
    UrlCase(
        "pay:save_scheme",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _town(f, data=SCHEME),
        expect=_scheme_saved,
    ),
    UrlCase("pay:sheet", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase("pay:sheet_pdf", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase("pay:sheet_xlsx", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase(
        "pay:score",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_scored,
        setup=lambda f: _sheet(f, data={"score": "81.5", "source": "乡考核办法", "secretary_base": "240000"}),
    ),
    UrlCase(
        "pay:award",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_awarded,
        setup=lambda f: _with_person(f, {"title": "单项工作奖", "amount": "3000", "awarded_on": "2024-12-28"}),
    ),
    UrlCase(
        "pay:payment",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_paid,
        setup=lambda f: _with_person(f, {"amount": "43750", "paid_on": "2024-04-05", "voucher": "Q1"}),
    ),
    UrlCase(
        "pay:account",
        method="post",
        allowed=EAST_OFFICERS,
        expect=_account,
        setup=lambda f: {
            "kwargs": {"pk": f.tree.east1.pk},
            "data": {"name": "东一村村干部报酬专户", "bank": "信用社", "managed_by": "东镇财政所"},
        },
    ),
    UrlCase("api-v1:list_schemes", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:get_scheme",
        api=True,
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"scheme_id": scheme(f.tree.east).pk}},
    ),
    UrlCase(
        "api-v1:get_sheet",
        api=True,
        allowed=EAST1_EDITORS,
        setup=lambda f: {**_sheet(f), "kwargs": {"org_id": f.tree.east1.pk, "year": YEAR}},
    ),
]
