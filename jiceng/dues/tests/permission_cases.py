"""Permission cases for the dues pages (see jiceng/core/testing.py): officers and the village
secretary of the branch see the sheet and record; members see only their own dues."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EDITORS_ANYWHERE, EVERYONE, Fixtures, UrlCase
from jiceng.dues.models import DuesBase, Excuse, Payment, Remittance

from .factories import D, member


def _org(f: Fixtures, **extra: Any) -> dict[str, Any]:
    member(f.tree.east1, "王红")
    return {"kwargs": {"pk": f.tree.east1.pk}, "query": {"month": "2024-05"}, **extra}


def _sheet(f: Fixtures) -> dict[str, Any]:
    member(f.tree.east1, "王红")
    return {"kwargs": {"pk": f.tree.east1.pk}, "data": {"month": "2024-05"}}


def _person(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": member(f.tree.east1, "王红").pk}, **extra}


def _remitted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Remittance.objects.get()
    assert (row.organization, row.first_month, row.last_month, row.amount) == (f.tree.east1, D(2024, 4, 1),
                                                                              D(2024, 6, 1), 12_000)  # fmt: skip


def _based(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    rows = DuesBase.objects.filter(person_id=prepared["kwargs"]["pk"]).order_by("from_month")
    assert [(b.from_month, b.income, b.due.amount) for b in rows] == [(D(2024, 1, 1), 400_000, 4_000),
                                                                     (D(2024, 7, 1), 600_000, 9_000)]  # fmt: skip


def _paid(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    rows = Payment.objects.filter(person_id=prepared["kwargs"]["pk"]).order_by("month")
    assert [(p.month, p.amount, p.paid_on, p.receipt) for p in rows] == [(D(2024, 3, 1), 4_000, D(2024, 3, 6), "A1"),
                                                                        (D(2024, 4, 1), 4_000, D(2024, 3, 6), "A1")]  # fmt: skip


def _excused(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Excuse.objects.get(person_id=prepared["kwargs"]["pk"])
    assert (row.first_month, row.last_month, row.reason) == (D(2024, 3, 1), D(2024, 5, 1), "住院治疗")


REMIT = {"first_month": "2024-04", "months": "3", "amount": "120.00", "remitted_on": "2024-07-05"}
BASE = {"from_month": "2024-07", "kind": "salary", "income": "6000", "relief": ""}
PAY = {"first_month": "2024-03", "count": "2", "paid_on": "2024-03-06", "place": "branch", "receipt": "A1"}
EXCUSE = {"first_month": "2024-03", "last_month": "2024-05", "reason": "住院治疗"}


def _api_org(f: Fixtures) -> dict[str, Any]:
    member(f.tree.east1, "王红")
    return {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"month": "2024-05"}}


def _api_person(f: Fixtures, body: dict[str, Any]) -> dict[str, Any]:
    person = member(f.tree.east1, "王红")
    return {"data": {"person_id": person.pk, **body}}


def _by_api(check: Any) -> Any:
    """The page case's check, for the person named in the API body."""
    return lambda f, prepared, persona: check(f, {"kwargs": {"pk": prepared["data"]["person_id"]}}, persona)


API_BASE = {"from_month": "2024-07", "kind": "salary", "income_fen": 600_000}
API_PAY = {"first_month": "2024-03", "count": 2, "paid_on": "2024-03-06", "place": "branch", "receipt": "A1"}


def _import_post(f: Fixtures) -> dict[str, Any]:
    from .test_import import xlsx

    member(f.tree.east1, "王红")
    return {"kwargs": {"pk": f.tree.east1.pk}, "data": {"file": xlsx(["王红", "", "在职", 6000, "", "2024-07"])}}


def _imported(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert DuesBase.objects.get(person__name="王红", from_month=D(2024, 7, 1)).income == 600_000


CASES = [
    UrlCase("dues:bases_template", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase("dues:import_bases", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase(
        "dues:import_bases", method="post", note="upload", allowed=EAST1_EDITORS, setup=_import_post, expect=_imported
    ),
    UrlCase("api-v1:dues_sheet", api=True, allowed=EAST1_EDITORS, setup=_api_org),
    UrlCase("api-v1:dues_totals", api=True, allowed=EAST1_EDITORS, setup=_api_org),
    UrlCase("api-v1:dues_arrears", api=True, allowed=EAST1_EDITORS, setup=_api_org),
    UrlCase(
        "api-v1:dues_base_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _api_person(f, API_BASE),
        expect=_by_api(_based),
    ),
    UrlCase(
        "api-v1:dues_payment_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _api_person(f, API_PAY),
        expect=_by_api(_paid),
    ),
    UrlCase("dues:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("dues:mine", allowed=EVERYONE, outside_scope=()),
    UrlCase("dues:arrears", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("dues:arrears", allowed=EAST1_EDITORS, note="org", setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase("dues:sheet", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase("dues:sheet_pdf", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase("dues:sheet_xlsx", allowed=EAST1_EDITORS, setup=_sheet),
    UrlCase("dues:remit", method="post", allowed=EAST1_EDITORS, setup=lambda f: _org(f, data=REMIT), expect=_remitted),
    UrlCase("dues:person", allowed=EAST1_EDITORS, setup=_person),
    UrlCase(
        "dues:set_base", method="post", allowed=EAST1_EDITORS, setup=lambda f: _person(f, data=BASE), expect=_based
    ),
    UrlCase("dues:pay", method="post", allowed=EAST1_EDITORS, setup=lambda f: _person(f, data=PAY), expect=_paid),
    UrlCase(
        "dues:excuse", method="post", allowed=EAST1_EDITORS, setup=lambda f: _person(f, data=EXCUSE), expect=_excused
    ),
]
