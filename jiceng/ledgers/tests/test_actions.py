"""Items through their workflow: access, transitions, deadlines, pause, publication, visits."""

import datetime as dt

import pytest
from django.utils import timezone

from jiceng.core.errors import AccessDenied, DomainError, IllegalTransition
from jiceng.core.models import AuditEvent, CalendarDay
from jiceng.households import actions as households
from jiceng.households.models import Visit
from jiceng.ledgers import actions
from jiceng.ledgers.models import LedgerItem, LedgerType, Phase
from jiceng.ledgers.tests.factories import SYSTEM, make_item, template

# A fixed working week: Monday 7 September 2026.
MONDAY = dt.date(2026, 9, 7)


def test_secretary_registers_an_item_in_the_initial_state(tree, personas):
    item = make_item(tree.east1, actor=personas["village_secretary"], category="饮水", collected_on=MONDAY)
    assert (item.status, item.phase, item.deadline, item.org_path) == ("collected", Phase.OPEN, None, tree.east1.path)
    assert item.village is not None and item.village.name == "东一村"
    assert [e.label for e in item.events()] == ["登记"]
    assert AuditEvent.objects.filter(object_type="ledgers.ledgeritem", action="create").count() == 1


def test_category_and_measures_must_come_from_the_type(tree, personas):
    with pytest.raises(DomainError, match="类别“火星”不在该台账的类别中"):
        make_item(tree.east1, category="火星")
    with pytest.raises(DomainError, match="措施“发红包”不在该台账的措施中"):
        make_item(tree.east1, measures=["发红包"])


@pytest.mark.parametrize("persona", ["member", "other_township_officer"])
def test_denied_create_writes_nothing(tree, personas, persona):
    with pytest.raises(AccessDenied):
        make_item(tree.east1, actor=personas[persona])
    assert LedgerItem.objects.count() == 0


def test_full_workflow_sets_deadline_resolution_and_history(tree, personas):
    officer, secretary = personas["township_officer"], personas["village_secretary"]
    item = make_item(tree.east1, code="hardship", collected_on=MONDAY)
    actions.move_item(officer, item, "assigned", today=MONDAY, assignee=secretary)
    # 困难群众台账: 15 working days from Monday 7 Sep (no holidays) → Monday 28 Sep.
    assert (item.deadline_start, item.deadline) == (MONDAY, dt.date(2026, 9, 28))
    actions.move_item(secretary, item, "in_progress", today=MONDAY + dt.timedelta(days=1), measures=["临时救助"])
    actions.move_item(secretary, item, "resolved", today=MONDAY + dt.timedelta(days=4), resolution="发放临时救助金")
    item.refresh_from_db()
    assert (item.status, item.phase, item.resolved_on, item.resolve_days) == (
        "resolved",
        Phase.RESOLVED,
        dt.date(2026, 9, 11),
        4,
    )
    assert item.measures == ["临时救助"] and item.resolution == "发放临时救助金"
    assert [(e.from_state, e.to_state, e.label) for e in item.events()] == [
        ("", "collected", "登记"),
        ("collected", "assigned", "交办"),
        ("assigned", "in_progress", "开始办理"),
        ("in_progress", "resolved", "办结"),
    ]


def test_illegal_transition_changes_nothing(tree, personas):
    item = make_item(tree.east1)
    with pytest.raises(IllegalTransition, match="当前状态为“已收集”，不能变更为“已解决”"):
        actions.move_item(personas["township_officer"], item, "resolved", resolution="x")
    item.refresh_from_db()
    assert item.status == "collected" and item.events().count() == 1


def test_role_and_requirement_checks(tree, personas):
    item = make_item(tree.east1)
    secretary = personas["village_secretary"]
    with pytest.raises(DomainError, match="需要填写：承办人"):
        actions.move_item(secretary, item, "assigned")
    actions.move_item(secretary, item, "assigned", assignee=secretary)
    # The assignee works on the item, but may not pause it (officers only).
    actions.move_item(secretary, item, "in_progress")
    with pytest.raises(DomainError, match="“暂缓”只能由县级、乡镇办理"):
        actions.move_item(secretary, item, "paused", note="等待资金")
    with pytest.raises(DomainError, match="需要填写：处理结果"):
        actions.move_item(secretary, item, "resolved")


def test_the_assignee_role_lets_a_secretary_take_a_move_of_officers(tree, personas):
    from jiceng.ledgers.defaults import standard_workflow

    flow = standard_workflow(5, editors=["county_officer", "township_officer"])  # workers: officers + assignee
    own = actions.create_type(personas["township_officer"], tree.east, code="roads", name="道路台账", noun="道路问题",
                              workflow=flow)  # fmt: skip
    item = actions.create_item(SYSTEM, ledger_type=own, organization=tree.east1, description="通组路破损")
    secretary = personas["village_secretary"]
    with pytest.raises(DomainError, match="“交办”只能由县级、乡镇办理"):
        actions.move_item(secretary, item, "assigned", assignee=secretary)
    actions.move_item(personas["township_officer"], item, "assigned", assignee=secretary)
    actions.move_item(secretary, item, "in_progress")  # as the assignee
    assert item.status == "in_progress"


def test_a_read_only_member_is_never_an_assignee_and_never_acts(tree, personas):
    # issue 11 point 10: a member who was an item's assignee rewrote the complaint and resolved it.
    member, officer = personas["member"], personas["township_officer"]
    item = make_item(tree.east1, description="三组路灯不亮")
    with pytest.raises(DomainError, match="党员（只读）账户不能担任承办人"):
        actions.move_item(officer, item, "assigned", assignee=member)
    item.refresh_from_db()
    assert (item.status, item.assignee) == ("collected", None)
    # Given an item assigned to a member before that was refused (an old record)
    actions.move_item(officer, item, "assigned", assignee=officer)
    LedgerItem.objects.filter(pk=item.pk).update(assignee=member)
    item.refresh_from_db()
    # Then the member can neither rewrite it nor move it, and nothing changes
    with pytest.raises(AccessDenied):
        actions.update_item(member, item, description="没有问题")
    with pytest.raises(DomainError, match="“办结”只能由"):
        actions.move_item(member, item, "resolved", resolution="已解决")
    item.refresh_from_db()
    assert (item.description, item.status, item.events().count()) == ("三组路灯不亮", "assigned", 2)


def test_assignee_outside_the_items_line_refused(tree, personas):
    item = make_item(tree.east1)
    with pytest.raises(DomainError, match="承办人应为本村或上级组织的人员"):
        actions.move_item(personas["county_officer"], item, "assigned", assignee=personas["other_township_officer"])


def test_other_township_cannot_move_and_nothing_changes(tree, personas):
    item = make_item(tree.east1)
    with pytest.raises(AccessDenied):
        actions.move_item(personas["other_township_officer"], item, "assigned", assignee=personas["member"])
    item.refresh_from_db()
    assert item.status == "collected" and item.assignee is None


@pytest.fixture
def no_holidays(db):
    """A calendar without the shipped holidays: the test enters the days it needs."""
    CalendarDay.objects.filter(scope="").delete()


def test_pause_stops_the_clock_over_holidays(tree, personas, no_holidays):
    officer = personas["township_officer"]
    for day in range(1, 8):
        CalendarDay.objects.create(day=dt.date(2026, 10, day), name="国庆节")
    CalendarDay.objects.create(day=dt.date(2026, 10, 10), is_workday=True, name="国庆调休")
    item = make_item(tree.east1, collected_on=dt.date(2026, 9, 1))
    actions.move_item(officer, item, "assigned", today=dt.date(2026, 9, 21), assignee=officer)
    assert item.deadline == dt.date(2026, 10, 23)  # 20 working days, National Day skipped, 10 Oct worked
    actions.move_item(officer, item, "paused", today=dt.date(2026, 9, 30), note="等待上级资金")
    assert item.phase == Phase.PAUSED and item.paused_on == dt.date(2026, 9, 30)
    actions.move_item(officer, item, "in_progress", today=dt.date(2026, 10, 12))
    # Paused 8, 9, 10 (调休), 12 October: 4 working days → deadline moves from Fri 23 to Thu 29 Oct.
    assert item.deadline == dt.date(2026, 10, 29) and item.paused_on is None
    assert not item.is_overdue(dt.date(2026, 10, 29)) and item.is_overdue(dt.date(2026, 10, 30))


def test_deadlines_follow_the_shipped_calendar(tree, personas):
    # The shipped 2026 calendar (core 0003): 中秋 25 Sep and 国庆 1–7 Oct off, Sat 10 Oct worked (调休).
    officer = personas["township_officer"]
    item = make_item(tree.east1, collected_on=dt.date(2026, 9, 1))
    actions.move_item(officer, item, "assigned", today=dt.date(2026, 9, 21), assignee=officer)
    assert item.deadline == dt.date(2026, 10, 26)  # 25 Sep and National Day skipped, 10 Oct worked
    actions.move_item(officer, item, "paused", today=dt.date(2026, 9, 30), note="等待上级资金")
    actions.move_item(officer, item, "in_progress", today=dt.date(2026, 10, 12))
    # Paused 8, 9, 10 (调休), 12 October: 4 working days → from Mon 26 to Fri 30 Oct.
    assert item.deadline == dt.date(2026, 10, 30)
    assert dict(item.clocks["deadline"]) == {"start": "2026-09-21", "due": "2026-10-30", "paused_on": None,
                                             "done": None}  # fmt: skip


def test_a_countys_own_day_moves_the_deadlines_of_its_subtree_only(tree, personas, no_holidays):
    from django.contrib.auth import get_user_model

    from jiceng.core.actions import set_calendar_day
    from jiceng.organizations import actions as org_actions
    from jiceng.organizations.rules import OrgKind

    # Given the county declares Monday 14 September 2026 a local holiday
    set_calendar_day(personas["county_officer"], dt.date(2026, 9, 14), is_workday=False, name="县庆")
    officer = personas["township_officer"]
    east = make_item(tree.east1, collected_on=MONDAY)
    actions.move_item(officer, east, "assigned", today=MONDAY, assignee=officer)
    # Then its items' 20 working days end a day later (Tue 6 Oct instead of Mon 5 Oct)
    assert east.deadline == dt.date(2026, 10, 6)
    # And an item of another county keeps the calendar without that day
    other = org_actions.create_root(SYSTEM, name="邻县县委", kind=OrgKind.COUNTY_COMMITTEE)
    town = org_actions.create_organization(SYSTEM, parent=other, name="邻镇党委", kind=OrgKind.TOWNSHIP_COMMITTEE,
                                           check_access=False)  # fmt: skip
    village = org_actions.create_organization(SYSTEM, parent=town, name="邻村党支部", kind=OrgKind.BRANCH,
                                              village_name="邻村", check_access=False)  # fmt: skip
    neighbour = get_user_model().objects.create_user(username="neighbour", organization=other, role="county_officer")
    far = make_item(village, collected_on=MONDAY)
    actions.move_item(SYSTEM, far, "assigned", today=MONDAY, assignee=neighbour)
    assert far.deadline == dt.date(2026, 10, 5)


def test_restricted_ledger_hidden_from_village_users_and_anonymous(tree, personas):
    clue = make_item(tree.east1, code="crime_clues", description="有人强揽工程", reporter_name="王五", anonymous=True)
    assert clue.reporter_name == "" and clue.restricted
    for persona in ("village_secretary", "member"):
        assert not LedgerItem.objects.visible_to(personas[persona]).filter(pk=clue.pk).exists()
    assert LedgerItem.objects.visible_to(personas["township_officer"]).filter(pk=clue.pk).exists()
    with pytest.raises(AccessDenied):
        make_item(tree.east1, code="crime_clues", actor=personas["village_secretary"])
    with pytest.raises(DomainError, match="只能交由乡镇及以上工作人员承办"):
        actions.move_item(personas["township_officer"], clue, "assigned", assignee=personas["village_secretary"])


def test_publish_only_resolved_and_without_names(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1, concerned_name="李大娘")
    with pytest.raises(DomainError, match="只有已解决的事项才能公开"):
        actions.publish_item(officer, item, "修好了村道")
    actions.move_item(officer, item, "assigned", assignee=officer)
    actions.move_item(officer, item, "resolved", resolution="已修复")
    with pytest.raises(DomainError, match="不能包含当事人"):
        actions.publish_item(officer, item, "为李大娘修好了村道")
    actions.publish_item(officer, item, "东一村村道积水问题已修复", today=MONDAY)
    assert LedgerItem.objects.published().get() == item
    # Reopening withdraws the publication.
    actions.move_item(officer, item, "in_progress", note="又积水了")
    item.refresh_from_db()
    assert (item.published, item.resolved_on, item.phase) == (False, None, Phase.OPEN)


def test_conditional_update_refuses_a_stale_item(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1)
    stale = LedgerItem.objects.get(pk=item.pk)
    actions.move_item(officer, item, "assigned", assignee=officer)
    with pytest.raises(DomainError, match="已被他人处理"):
        actions.move_item(officer, stale, "assigned", assignee=officer)
    assert item.events().filter(kind="move").count() == 1


def test_create_item_from_another_app_once(tree, personas):
    officer = personas["township_officer"]
    first = actions.create_item_from(
        officer,
        source_ref="meetings.issue:7",
        ledger_type=template("livelihood"),
        organization=tree.east1,
        description="例会反映：灌溉渠堵塞",
    )
    again = actions.create_item_from(
        officer,
        source_ref="meetings.issue:7",
        ledger_type=template("livelihood"),
        organization=tree.east1,
        description="重复",
    )
    assert first.pk == again.pk and first.source == "meeting"
    assert LedgerItem.objects.filter(source_ref="meetings.issue:7").count() == 1


def test_township_copies_a_template_and_edits_it(tree, personas):
    officer = personas["township_officer"]
    own = actions.copy_type(officer, template("livelihood"), tree.east)
    actions.update_type(officer, own, measures=[*own.measures, "乡贤捐助"], name="东镇民生台账")
    own.refresh_from_db()
    assert (
        own.name == "东镇民生台账"
        and own.measures[-1] == "乡贤捐助"
        and own.based_on is not None
        and own.based_on.code == "livelihood"
    )
    with pytest.raises(DomainError, match="系统模板不能修改"):
        actions.update_type(officer, template("livelihood"), name="x")
    with pytest.raises(AccessDenied):
        actions.update_type(personas["other_township_officer"], own, name="x")
    with pytest.raises(AccessDenied):
        actions.copy_type(personas["village_secretary"], template("livelihood"), tree.east1)
    # The east township's type serves its villages, not the west's.
    assert LedgerType.objects.usable_at(tree.east1).filter(pk=own.pk).exists()
    assert not LedgerType.objects.usable_at(tree.west1).filter(pk=own.pk).exists()


def test_township_adds_its_own_type_without_code(tree, personas):
    from jiceng.ledgers.defaults import standard_workflow

    flow = standard_workflow(5)
    own = actions.create_type(
        personas["township_officer"],
        tree.east,
        code="roads",
        name="道路台账",
        noun="道路问题",
        categories=["硬化", "维修"],
        measures=["一事一议"],
        fields=[],
        workflow=flow,
    )
    item = actions.create_item(
        personas["village_secretary"],
        ledger_type=own,
        organization=tree.east1,
        description="通组路未硬化",
        category="硬化",
    )
    assert item.status == "collected"
    with pytest.raises(DomainError, match="初始状态"):
        actions.update_type(personas["township_officer"], own, workflow={**flow, "initial": "nowhere"})
    with pytest.raises(DomainError, match="仍有事项处于这些状态"):
        actions.update_type(
            personas["township_officer"],
            own,
            workflow={
                **flow,
                "states": [s for s in flow["states"] if s["key"] != "collected"],
                "initial": "assigned",
                "transitions": [t for t in flow["transitions"] if t["from"] != "collected"],
            },
        )


def test_visit_creates_items(tree, personas):
    secretary = personas["village_secretary"]
    grid = households.create_grid(secretary, tree.east1, name="第一网格", responsible="赵六")
    house = households.add_household(secretary, grid, head_name="孙七", size=3)
    visit, items = actions.record_visit(
        secretary,
        organization=tree.east1,
        kind="hardship",
        visited_on=timezone.localdate(),
        visitee="孙七",
        household=house,
        items=[{"ledger_type": template("hardship"), "description": "因病致贫，申请低保", "category": "因病"}],
    )
    assert Visit.objects.get() == visit and visit.grid == grid
    (item,) = items
    assert (item.source, item.visit, item.household, item.concerned_name) == ("visit", visit, house, "孙七")
    with pytest.raises(AccessDenied):
        actions.record_visit(
            personas["other_township_officer"],
            organization=tree.east1,
            kind="hardship",
            visited_on=timezone.localdate(),
            visitee="x",
        )


def test_liaison_quota_defaults_and_diary(tree, personas):
    officer = personas["township_officer"]
    made = actions.assign_liaison(
        SYSTEM, user=officer, organization=tree.east1, level="deputy", start_on=dt.date(2026, 1, 1)
    )
    assert (made.quota_count, made.quota_period) == (10, "month")
    custom = actions.assign_liaison(
        officer, user=officer, organization=tree.east2, level="cadre", start_on=dt.date(2026, 1, 1), quota_count=2
    )
    assert (custom.quota_count, custom.quota_period) == (2, "week")
    with pytest.raises(DomainError, match="上级组织的工作人员"):
        actions.assign_liaison(
            officer, user=personas["village_secretary"], organization=tree.east1, start_on=dt.date(2026, 1, 1)
        )
    entry = actions.write_diary(
        officer, made, written_on=dt.date(2026, 3, 2), topic="热点难点问题", text="灌溉用水紧张"
    )
    assert entry.org_path == tree.east1.path
    with pytest.raises(AccessDenied):
        actions.write_diary(personas["county_officer"], made, written_on=dt.date(2026, 3, 2), topic="其他", text="x")
