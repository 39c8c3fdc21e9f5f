"""A crawl of every public page (no login) over data seeded to leak: no ID number, no phone number,
no name of a person concerned (issue 11 item 4).

Public URLs are found from the URL configuration (views marked login-not-required, and the API,
which needs a token), filled with every organization and evaluation key, then every link found on
the pages is followed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jiceng.core.errors import DomainError
from jiceng.core.privacy import recheck_published
from jiceng.evaluations import actions as evaluation_actions
from jiceng.evaluations.models import Kind, Pool, Round
from jiceng.evaluations.rules import Scale
from jiceng.evaluations.tests.builders import Officer
from jiceng.households import actions as household_actions
from jiceng.ledgers import actions as ledger_actions
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import SYSTEM, make_item
from jiceng.organizations.models import Organization
from jiceng.people.tests.factories import make_person

CONCERNED = ["王小明", "李秀兰", "欧阳春花"]
REPORTERS = ["孙德胜", "周美玲"]
HEADS = ["刘德福"]


def public_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                found += public_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "login_required", True) is False:
            found.append(prefix + str(pattern.pattern))
    return found


def fill(route: str, orgs: list[int], keys: list[str], months: list[str] | None = None) -> list[str]:
    route = "/" + route.lstrip("^").rstrip("$").replace("\\Z", "")
    values: dict[str, list[Any]] = {"org_id": list(orgs), "key": list(keys), "month": list(months or [1])}
    urls = [route]
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        urls = [re.sub(rf"<(?:\w+:)?{name}>", str(v), u, count=1) for u in urls for v in values.get(name, [1])]
    return urls


def seed(tree: Any, personas: Any) -> list[str]:
    officer = personas["township_officer"]
    leaks: list[str] = []
    people = [make_person(tree.east1, n, phone=f"1390000{i:04d}") for i, n in enumerate(["张建国", "赵国庆"])]
    leaks += [p.id_number for p in people] + [p.phone for p in people]
    grid = household_actions.create_grid(SYSTEM, tree.east1, name="一组", responsible="钱网格")
    house = household_actions.add_household(SYSTEM, grid, head_name=HEADS[0])
    for number, name in enumerate(CONCERNED):
        item = make_item(tree.east1, concerned_name=name, reporter_name=REPORTERS[number % 2], household=house,
                         anonymous=number == 1, description=f"{name}家屋顶漏雨，电话13800001111")  # fmt: skip
        ledger_actions.move_item(officer, item, "assigned", assignee=officer)
        ledger_actions.move_item(officer, item, "resolved", resolution=f"已为{name}修缮")
        for attempt in (f"{name[0]} {name[1:]}家屋顶已修缮", f"{name[1:]}家已修缮", "联系电话13800001111"):
            with pytest.raises(DomainError):  # refused, as it must be
                ledger_actions.publish_item(officer, item, attempt)
        ledger_actions.publish_item(officer, item, f"{name[0]}某家屋顶漏雨问题已解决")
    # Published before the checker existed, then checked again by the daily run.
    old = LedgerItem.objects.filter(published=True).first()
    assert old is not None
    LedgerItem.objects.filter(pk=old.pk).update(public_summary=f"{CONCERNED[0]}家已修缮，身份证{people[0].id_number}")
    assert recheck_published() == {"台账公开栏": 1, "党务村务财务公开栏": 0}
    round_ = evaluation_actions.create_round(Officer(tree.east1), organization=tree.east1, kind=Kind.MASS,
                                             title="群众评议", year=2026, scale=Scale.SATISFACTION,
                                             pool=Pool.VILLAGERS)  # fmt: skip
    evaluation_actions.add_subjects(Officer(tree.east1), round_, people=people)
    codes = evaluation_actions.generate_codes(Officer(tree.east1), round_, 6)
    evaluation_actions.open_round(Officer(tree.east1), round_)
    for code in codes[:5]:
        evaluation_actions.vote(round_.public_key, code, {str(s.pk): "satisfied" for s in round_.subjects.all()})
    evaluation_actions.close_round(Officer(tree.east1), round_, 6)
    evaluation_actions.publish(Officer(tree.east1), round_)
    seed_openness(tree, personas, people)
    leaks += seed_councils(tree)
    names = CONCERNED + REPORTERS + HEADS + ["王大锤"]
    return leaks + ["13800001111"] + names + [n[1:] for n in names if len(n) >= 3]


def seed_councils(tree: Any) -> list[str]:
    """Care targets (特殊人员 restricted) and a hardship grant: their names are never public."""
    import datetime as dt

    from django.utils import timezone

    from jiceng.assistance import actions as fund_actions
    from jiceng.councils import actions as council_actions
    from jiceng.councils.tests.factories import FOUNDED, council, councillor

    c = council(tree.east1)
    member = councillor(c, "林理事")
    council_actions.add_target(SYSTEM, c, kind="special", detail="released", name="邢满释", councillor=member,
                               since=FOUNDED)  # fmt: skip
    council_actions.add_target(SYSTEM, c, kind="hardship", detail="alone", name="孤老邬", councillor=member,
                               since=FOUNDED)  # fmt: skip
    today = timezone.localdate()
    fund_actions.add_income(SYSTEM, tree.east, kind="donation", received_on=today, amount=100_000, source="乡贤捐款")
    helped = make_person(tree.east1, "困难党员甄")
    fund_actions.grant(SYSTEM, tree.east, helped, reason="illness", amount=50_000, approved_by="乡党委",
                       approved_on=today - dt.timedelta(days=1), paid_on=today)  # fmt: skip
    return ["邢满释", "孤老邬", "困难党员甄"]


def seed_openness(tree: Any, personas: Any, people: list[Any]) -> None:
    """党务/村务/财务公开 (openness): attempts to publish names, ID or phone numbers are refused;
    a 例会 issue whose result holds a phone number stays off the board; one item is published."""
    from django.utils import timezone

    from jiceng.meetings import actions as meeting_actions
    from jiceng.meetings.rules import Kind, Route
    from jiceng.meetings.tests.factories import held_meeting
    from jiceng.openness import actions as openness_actions
    from jiceng.openness.rules import EXPENSE, INCOME, Line

    officer, today = personas["township_officer"], timezone.localdate()
    start = today.replace(day=1)
    leaking = [
        ("村道维修", f"{people[0].name}家门前道路已硬化", [], ""),  # a villager holding no post
        ("临时救助", "发放临时救助", [Line(EXPENSE, f"{people[1].name[1:]}临时救助", 100_000)], ""),
        ("电话", f"咨询电话{people[0].phone}", [], ""),
        ("身份证", f"身份证{people[0].id_number}", [], ""),
        ("户主", f"{HEADS[0]}户危房改造", [], ""),
        ("列出的姓名", "王大锤家低保", [], "王大锤"),
    ]
    for title, body, lines, concerned in leaking:
        finance = bool(lines)
        pub = openness_actions.create_publication(
            officer, tree.east1, section="finance" if finance else "village", category="statement" if finance
            else "affairs", title=title, period_start=start, period_end=today, body=body, lines=lines,
            income_total=0 if finance else None, expense_total=100_000 if finance else None, concerned=concerned,
        )  # fmt: skip
        with pytest.raises(DomainError, match="公开内容不能包含"):
            openness_actions.publish(officer, pub)
    ok = openness_actions.create_publication(
        officer, tree.east1, section="finance", category="statement", title="本月财务收支", period_start=start,
        period_end=today, body="一户困难家庭获临时救助", lines=[Line(INCOME, "上级转移支付", 500_000),
        Line(EXPENSE, "王某临时救助", 100_000)], income_total=500_000, expense_total=100_000,
    )  # fmt: skip
    openness_actions.publish(officer, ok)
    meeting = held_meeting(tree.east, Kind.REGULAR, today - dt.timedelta(days=3))
    for text, resolution in (
        ("村民反映路灯不亮", "已修复"),
        ("村民反映低保", f"已联系{people[1].phone}"),
        (f"{people[1].name}反映宅基地", "已答复"),
    ):
        issue = meeting_actions.raise_issue(SYSTEM, meeting, text=text, route=Route.SPECIAL_MEETING, owner="周书记",
                                            organization=tree.east1)  # fmt: skip
        meeting_actions.resolve_issue(SYSTEM, issue, resolution, on=today)


def test_no_public_page_shows_personal_data(tree, personas):
    leaks = seed(tree, personas)
    orgs = list(Organization.objects.values_list("pk", flat=True))
    keys = list(Round.objects.values_list("public_key", flat=True))
    from django.utils import timezone

    month = timezone.localdate().strftime("%Y-%m")
    queue = [u for route in public_patterns() for u in fill(route, orgs, keys, [month])]
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    client = Client()
    while queue:
        url = queue.pop()
        if url in seen or len(seen) > 500:
            continue
        seen.add(url)
        response = client.get(url)
        body = b"".join(getattr(response, "streaming_content", [])) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        found += [(url, leak) for leak in leaks if leak in text]
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue += [h for h in re.findall(r'href="(/[^"#?]*)', text) if not h.startswith("/static/")]
    assert len(seen) >= 8, sorted(seen)
    assert any(u.startswith("/ledgers/public/") for u in seen) and any("/recount.csv" in u for u in seen)
    assert any(u.endswith("/fund/summary/") for u in seen)  # the hardship fund's public summary
    assert found == []
    # The old ledgers board redirects to the village's one public page, the 公开栏 (openness).
    board = client.get(f"/ledgers/public/{tree.east1.pk}/", follow=True).content.decode()
    assert board.count("某家屋顶漏雨问题已解决") == 2  # published, without names; the leaking one withdrawn
    openness = {f"/openness/board/{tree.east1.pk}/", f"/openness/board/{tree.east.pk}/",
                f"/openness/board/{tree.east1.pk}/{month}/", f"/openness/board/{tree.east1.pk}/archive/",
                f"/openness/board/{tree.east1.pk}/poster.pdf", f"/openness/board/{tree.east1.pk}/board.pdf"}  # fmt: skip
    assert openness <= seen and any(u.startswith("/openness/item/") for u in seen)
    assert "本月财务收支" in board
    assert "路灯不亮" in board and "村民反映低保" not in board  # its result holds a phone number: left out
    assert "反映宅基地" not in board  # it names a villager: left out
