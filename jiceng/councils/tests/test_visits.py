"""Monthly visits of every household: 40/40 only when every household was visited, deeds,
another village's household refused with nothing written, a problem → ledger item in one step."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from jiceng.accounts.models import Role
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.councils import actions, queries
from jiceng.councils.models import CouncilVisit
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import template

from .factories import D, council, councillor, register

MAY = D(2024, 5, 1)


@pytest.fixture
def village(tree: Any) -> Any:
    c = council(tree.east1)
    houses = register(tree.east1, 25, "一组") + register(tree.east1, 15, "二组")
    return c, councillor(c, "林理事"), houses


def _visit(c: Any, member: Any, house: Any, day: int, **extra: Any) -> CouncilVisit:
    return actions.record_visit(SYSTEM, c, councillor=member, household=house, visited_on=D(2024, 5, day),
                                asked="了解生产生活情况", **extra)  # fmt: skip


def test_forty_of_forty_only_when_every_household_was_visited(village: Any) -> None:
    c, member, houses = village
    for i, house in enumerate(houses[:39]):
        _visit(c, member, house, 1 + i % 28, done="帮助联系农资" if i < 3 else "", deed=i < 3)
    _visit(c, member, houses[0], 29)  # a second visit of one household counts once
    cov = queries.coverage([c], MAY)[c.pk]
    assert (cov.visited, cov.households, cov.complete, cov.deeds) == (39, 40, False, 3)
    assert [h.head_name for h in queries.unvisited(c, MAY)] == ["二组农户15"]
    _visit(c, member, houses[39], 30)
    cov = queries.coverage([c], MAY)[c.pk]
    assert (cov.visited, cov.households, cov.complete) == (40, 40, True)
    june = queries.coverage([c], D(2024, 6, 1))[c.pk]
    assert (june.visited, june.complete) == (0, False)


def test_a_household_of_another_village_is_refused_and_nothing_written(village: Any, tree: Any,
                                                                     personas: dict[str, Any]) -> None:  # fmt: skip
    c, member, _ = village
    (elsewhere,) = register(tree.east2, 1)
    with pytest.raises(DomainError, match="该农户不属于东一村党支部所在村，不能登记"):
        _visit(c, member, elsewhere, 3)
    client = Client()
    client.force_login(personas["village_secretary"])
    response = client.post(reverse("councils:visit_new", args=[c.pk]), {
        "councillor": member.pk, "household": elsewhere.pk, "visited_on": "2024-05-03", "asked": "了解情况"})  # fmt: skip
    assert response.status_code == 400
    assert "该农户不属于本村，不能登记" in response.content.decode()
    assert CouncilVisit.objects.count() == 0


def test_bad_visits_are_refused_in_chinese(village: Any) -> None:
    c, member, houses = village
    with pytest.raises(DomainError, match="办了实事，请填写办理情况"):
        _visit(c, member, houses[0], 3, deed=True)
    with pytest.raises(DomainError, match="走访日期不能早于理事会成立日期"):
        actions.record_visit(SYSTEM, c, councillor=member, household=houses[0], visited_on=D(2023, 1, 1), asked="甲")
    pending = councillor(c, "待确认", confirmed=False)
    with pytest.raises(DomainError, match="请选择本理事会已确认的理事"):
        _visit(c, pending, houses[0], 3)
    assert CouncilVisit.objects.count() == 0


def test_a_councillor_with_an_account_records_their_own_visits(village: Any, tree: Any) -> None:
    c, member, houses = village
    account = make_user("lin", tree.east1, Role.MEMBER)
    account.person = member.person
    account.save()
    other = councillor(c, "周理事")
    visit = _visit_by(account, c, member, houses[0])
    assert (visit.entered_by, list(CouncilVisit.objects.visible_to(account))) == (account, [visit])
    from jiceng.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        _visit_by(account, c, other, houses[1])


def _visit_by(user: Any, c: Any, member: Any, house: Any) -> CouncilVisit:
    return actions.record_visit(user, c, councillor=member, household=house, visited_on=D(2024, 5, 2), asked="甲")


def test_a_problem_becomes_a_ledger_item_in_one_step(village: Any, personas: dict[str, Any]) -> None:
    c, member, houses = village
    livelihood = template("livelihood")  # the shipped types (a transactional test elsewhere may have flushed them)
    quiet = _visit(c, member, houses[1], 5)
    visit = _visit(c, member, houses[0], 6, problem="三组水渠堵塞，需清淤")
    client = Client()
    client.force_login(personas["village_secretary"])
    page = client.get(reverse("councils:visits", args=[c.pk]), {"month": "2024-05"}).content.decode()
    assert page.count(">转入台账</button>") == 1 and "本月已走访 <strong>2/40</strong> 户" in page
    url = reverse("councils:visit_ledger", args=[visit.pk])
    response = client.post(url, {"ledger_type": livelihood.pk})
    item = LedgerItem.objects.get()
    assert response["Location"] == reverse("ledgers:item_detail", args=[item.pk])
    visit.refresh_from_db()
    assert (item.source_ref, item.description, item.collected_on, visit.ledger_ref) == (
        f"councils.councilvisit:{visit.pk}", "一组农户1户：三组水渠堵塞，需清淤", D(2024, 5, 6), item.pk)  # fmt: skip
    client.post(url, {"ledger_type": livelihood.pk})
    assert LedgerItem.objects.count() == 1
    with pytest.raises(DomainError, match="这次走访没有登记发现的问题"):
        actions.visit_to_ledger(SYSTEM, quiet, livelihood)


def test_the_month_export(village: Any, personas: dict[str, Any]) -> None:
    import io

    from openpyxl import load_workbook

    c, member, houses = village
    _visit(c, member, houses[0], 6, done="送去种子", deed=True)
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.get(reverse("councils:visits_xlsx", args=[c.pk]), {"month": "2024-05"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("走访日期", "农户", "理事", "群众诉求", "办理情况", "办实事", "发现的问题")
    assert rows[1][1:6] == ("一组农户1", "林理事", "了解生产生活情况", "送去种子", "是")
    assert rows[-1][:2] == ("2024年05月覆盖", "1/40")


def test_a_councillor_records_the_month_on_the_pages(village: Any, tree: Any) -> None:
    c, member, houses = village
    account = make_user("lin", tree.east1, Role.MEMBER)
    account.person = member.person
    account.save()
    client = Client()
    client.force_login(account)
    page = client.get(reverse("councils:visits", args=[c.pk]), {"month": "2024-05"})
    assert page.status_code == 200 and "本月已走访 <strong>0/40</strong> 户" in page.content.decode()
    for house in houses:
        response = client.post(reverse("councils:visit_new", args=[c.pk]), {
            "councillor": member.pk, "household": house.pk, "visited_on": "2024-05-20", "asked": "了解情况"})  # fmt: skip
        assert response.status_code == 302
    text = client.get(reverse("councils:visits", args=[c.pk]), {"month": "2024-05"}).content.decode()
    assert "本月已走访 <strong>40/40</strong> 户，全部农户都已走访" in text
    assert ">转入台账</button>" not in text and "导出Excel" not in text  # editors' steps
    other = councillor(c, "周理事")
    refused = client.post(reverse("councils:visit_new", args=[c.pk]), {
        "councillor": other.pk, "household": houses[0].pk, "visited_on": "2024-05-21", "asked": "了解情况"})  # fmt: skip
    assert refused.status_code == 400 and CouncilVisit.objects.count() == 40
    assert client.get(reverse("councils:visits_xlsx", args=[c.pk])).status_code == 403


def test_coverage_of_many_councils_in_two_queries(village: Any, tree: Any, django_assert_num_queries: Any) -> None:
    c, member, houses = village
    _visit(c, member, houses[0], 3)
    other = council(tree.east2)
    register(tree.east2, 3)
    with django_assert_num_queries(2):
        figures = queries.coverage([c, other], MAY)
    assert [(f.visited, f.households) for f in figures.values()] == [(1, 40), (0, 3)]


def test_the_council_page(village: Any, personas: dict[str, Any]) -> None:
    c, _, _ = village
    actions.add_income(SYSTEM, c, kind="county_grant", received_on=D(2024, 1, 5))
    client = Client()
    client.force_login(personas["village_secretary"])
    page = client.get(reverse("councils:council", args=[c.pk])).content.decode()
    assert '<span id="balance">1,000.00</span> 元' in page and "生产关怀党小组 · 组长 未推选" in page
    assert "记录组长推选" in page and "林理事" in page
    viewer = Client()
    viewer.force_login(personas["member"])
    page = viewer.get(reverse("councils:council", args=[c.pk])).content.decode()
    assert "登记收入" not in page and "记录组长推选" not in page and "走访</a>" not in page


def test_the_api_refuses_another_villages_household(village: Any, tree: Any, personas: dict[str, Any]) -> None:
    from jiceng.accounts.models import ApiToken

    c, member, houses = village
    (elsewhere,) = register(tree.east2, 1)
    token = ApiToken.objects.issue(personas["township_officer"])
    url = reverse("api-v1:council_visit_create", args=[c.pk])
    body = {"councillor_id": member.pk, "household_id": elsewhere.pk, "visited_on": "2024-05-06", "asked": "了解情况"}
    refused = Client().post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (refused.status_code, refused.json()["detail"]) == (400, "该农户不属于东一村党支部所在村，不能登记")
    assert CouncilVisit.objects.count() == 0
    done = Client().post(url, {**body, "household_id": houses[0].pk}, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert (done.status_code, done.json()["household"], CouncilVisit.objects.count()) == (201, "一组农户1", 1)


def test_the_month_rollup_equals_a_count_of_the_visits_and_its_rebuild(village: Any) -> None:
    from django.db.models import Count, Q

    from jiceng.councils.models import CoverageMonth

    c, member, houses = village
    for i, house in enumerate(houses[:10]):
        _visit(c, member, house, 1 + i, done="帮办" if i % 3 == 0 else "", deed=i % 3 == 0)
        _visit(c, member, house, 20, done="再次帮办", deed=True)  # visited twice: counted once, both deeds counted
    actions.record_visit(SYSTEM, c, councillor=member, household=houses[0], visited_on=D(2024, 6, 3), asked="回访")
    month = CouncilVisit.objects.filter(council=c, visited_on__month=5)
    expected = month.aggregate(v=Count("household", distinct=True), d=Count("pk", filter=Q(deed=True)))
    cov = queries.coverage([c], MAY)[c.pk]
    assert (cov.visited, cov.households, cov.deeds) == (expected["v"], 40, expected["d"]) == (10, 40, 14)
    before = sorted(CoverageMonth.objects.values_list("month", "visited", "deeds"))
    assert before == [(MAY, 10, 14), (D(2024, 6, 1), 1, 0)]
    queries.rebuild_coverage()
    assert sorted(CoverageMonth.objects.values_list("month", "visited", "deeds")) == before


def test_the_dashboard_counts_the_network_and_lists_the_targets_nobody_saw(village: Any, tree: Any,
                                                                            personas: dict[str, Any]) -> None:  # fmt: skip
    from django.utils import timezone

    from jiceng.core.calendar import add_months
    from jiceng.councils.rules import TargetDetail, TargetKind

    c, member, houses = village
    today = timezone.localdate()
    long_ago = add_months(today.replace(day=1), -6)
    seen = actions.add_target(SYSTEM, c, kind=TargetKind.HARDSHIP, detail=TargetDetail.ELDERLY_SICK, name="李大娘",
                              councillor=member, since=long_ago, household=houses[0])  # fmt: skip
    forgotten = actions.add_target(SYSTEM, c, kind=TargetKind.HARDSHIP, detail=TargetDetail.ELDERLY_SICK, name="王大爷",
                                   councillor=member, since=long_ago, household=houses[1])  # fmt: skip
    actions.add_target(SYSTEM, c, kind=TargetKind.SPECIAL, detail=TargetDetail.RELEASED, name="特殊甲",
                       councillor=member, since=long_ago)  # fmt: skip
    actions.record_visit(SYSTEM, c, councillor=member, household=houses[0], visited_on=today, asked="问候")
    actions.record_visit(SYSTEM, c, councillor=member, household=houses[1], visited_on=add_months(today, -3),
                         asked="问候")  # fmt: skip
    network = queries.network(tree.east.path)
    assert network == queries.Network(councils=1, party_groups=4, councillors=1, households=40)
    names = [t.name for t in queries.neglected(c.targets.all(), today)]
    assert names == ["王大爷", "特殊甲"] and seen.name not in names and forgotten.name in names

    page = Client()
    page.force_login(personas["township_officer"])
    body = page.get(reverse("councils:dashboard")).content.decode()
    assert "共成立关怀理事会 <strong>1</strong> 个，设党小组 <strong>4</strong> 个，理事 <strong>1</strong> 名" in body
    assert "王大爷" in body and "特殊甲" in body and "1/40" in body  # this month: one household visited
    other = Client()
    other.force_login(make_user("east1_other_sec", tree.east1, Role.VILLAGE_SECRETARY))
    assert "特殊甲" in other.get(reverse("councils:dashboard")).content.decode()  # the branch's secretary account


def test_the_dashboard_shows_the_unions_due_for_rating_and_the_fund_balance(village: Any, tree: Any,
                                                                             personas: dict[str, Any]) -> None:  # fmt: skip
    from django.utils import timezone

    from jiceng.assistance import actions as fund_actions
    from jiceng.assistance.rules import IncomeKind
    from jiceng.core.money import yuan
    from jiceng.unions.tests.factories import five_good, make_union

    today = timezone.localdate()
    rated = make_union(tree.east1, name="王家湾户联理事会", grid="三组")
    five_good(rated, tree.east, year=today.year)  # rated this year; the next union was formed after
    make_union(tree.east1, name="李家坳户联理事会", grid="四组")
    fund_actions.add_income(SYSTEM, tree.east, kind=IncomeKind.DONATION, received_on=today, amount=100_000,
                            source="乡贤捐款")  # fmt: skip
    officer = Client()
    officer.force_login(personas["township_officer"])
    body = officer.get(reverse("councils:dashboard")).content.decode()
    due = body[body.index('id="unions-due"') : body.index("</p>", body.index('id="unions-due"'))]
    assert (
        "共有户联理事会 <strong>2</strong> 个" in due
        and "尚未参加“五好”评比（无确定的评比结果）的 <strong>1</strong> 个" in due
    )
    assert "李家坳户联理事会" in due and "王家湾户联理事会" not in due
    assert f"今日余额 {yuan(100_000)} 元" in body
    secretary = Client()
    secretary.force_login(personas["village_secretary"])
    page = secretary.get(reverse("councils:dashboard")).content.decode()
    assert "李家坳户联理事会" in page and "今日余额" not in page  # the fund is the township's: officers only
