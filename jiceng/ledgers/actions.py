"""Every change to ledgers, grids, visits, liaison assignments and diaries.

Each function takes the acting user, checks access, runs in one transaction and records an
audit event. Item transitions also append an ItemEvent (the item's own history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import in_scope, require, user_org
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization

from . import rollup, rules
from .models import (
    CalendarDay,
    DiaryEntry,
    Grid,
    Household,
    ItemEvent,
    LedgerItem,
    LedgerType,
    LiaisonAssignment,
    Phase,
    Visit,
    is_editor,
    is_officer,
    load_calendar,
)
from .rules import Source

ITEM_FIELDS = ("description", "category", "concerned_name", "reporter_name", "measures", "extra")


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _name(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "系统"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_system(actor: Any) -> bool:
    return not getattr(actor, "is_authenticated", False) and getattr(actor, "is_superuser", False)


def _check_place(actor: Any, org: Organization, *, officers_only: bool = False) -> None:
    if _is_system(actor):
        return
    allowed = is_officer(actor) if officers_only else is_editor(actor)
    require(allowed and in_scope(actor, org.path))


# ---------------------------------------------------------------- ledger types


def _clean_list(values: Iterable[Any], what: str) -> list[str]:
    cleaned = [str(v).strip() for v in values if str(v).strip()]
    if len(set(cleaned)) != len(cleaned):
        raise DomainError(f"{what}不能重复")
    return cleaned


def _clean_fields(fields: Any) -> list[dict[str, str]]:
    if not isinstance(fields, list):
        raise DomainError("附加字段格式不正确")
    out = []
    for f in fields:
        if not isinstance(f, dict) or not f.get("key") or not f.get("label"):
            raise DomainError("附加字段需要代码（key）和名称（label）")
        kind = f.get("kind", "text")
        if kind not in ("text", "int", "date"):
            raise DomainError(f"附加字段“{f['label']}”的类型应为 text、int 或 date")
        out.append({"key": str(f["key"]), "label": str(f["label"]), "kind": kind})
    return out


def _type_data(data: Mapping[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    if not str(clean.get("name", "x")).strip() or not str(clean.get("noun", "x")).strip():
        raise DomainError("请填写台账名称和事项称谓")
    if "workflow" in clean:
        rules.parse_workflow(clean["workflow"])
    if "categories" in clean:
        clean["categories"] = _clean_list(clean["categories"], "类别")
    if "measures" in clean:
        clean["measures"] = _clean_list(clean["measures"], "解决措施")
    if "fields" in clean:
        clean["fields"] = _clean_fields(clean["fields"])
    return clean


TYPE_FIELDS = ("name", "noun", "categories", "measures", "fields", "workflow", "restricted", "is_active")


def create_type(actor: Any, owner: Organization, *, code: str, **data: Any) -> LedgerType:
    """A township (or county) adds its own ledger type: no code needed, only data."""
    _check_place(actor, owner, officers_only=True)
    data = _type_data(data)
    if set(data) - set(TYPE_FIELDS) - {"based_on"}:
        raise DomainError("台账类型中有未知字段")
    if LedgerType.objects.filter(owner=owner, code=code).exists():
        raise DomainError("本单位已有相同代码的台账类型")
    with transaction.atomic():
        ltype = LedgerType.objects.create(owner=owner, code=code, **data)
        audit.record(actor, "create", ltype, org=owner, changes={"name": ltype.name})
    return ltype


def copy_type(actor: Any, source: LedgerType, owner: Organization) -> LedgerType:
    """Copy a template (or another visible type) into `owner`'s own, editable types."""
    data = {f: getattr(source, f) for f in TYPE_FIELDS}
    code = source.code
    if LedgerType.objects.filter(owner=owner, code=code).exists():
        code = f"{code}-{LedgerType.objects.filter(owner=owner).count() + 1}"
    return create_type(actor, owner, code=code, based_on=source, **data)


def update_type(actor: Any, ltype: LedgerType, **data: Any) -> LedgerType:
    if ltype.owner is None:
        raise DomainError("系统模板不能修改，请先复制为本单位的台账类型")
    _check_place(actor, ltype.owner, officers_only=True)
    unknown = set(data) - set(TYPE_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    data = _type_data(data)
    if "workflow" in data:
        keys = {s.key for s in rules.parse_workflow(data["workflow"]).states}
        used = set(ltype.items.values_list("status", flat=True).distinct())
        if used - keys:
            raise DomainError(f"仍有事项处于这些状态，不能删除：{'、'.join(sorted(used - keys))}")
    with transaction.atomic():
        before = audit.snapshot(ltype, data.keys())
        for key, value in data.items():
            setattr(ltype, key, value)
        ltype.save(update_fields=[*data.keys(), "updated_at"])
        ltype.__dict__.pop("flow", None)
        audit.record(actor, "update", ltype, org=ltype.owner, changes=audit.diff(before, audit.snapshot(ltype, data)))
    return ltype


# ---------------------------------------------------------------- items


def _phase(state: rules.State) -> str:
    if state.resolved:
        return Phase.RESOLVED
    if state.final:
        return Phase.CLOSED
    return Phase.PAUSED if state.paused else Phase.OPEN


def _event(item: LedgerItem, actor: Any, kind: str, label: str, on: dt.date, **extra: Any) -> ItemEvent:
    return ItemEvent.objects.create(
        item=item, actor=_user(actor), actor_name=_name(actor), kind=kind, label=label, on=on, **extra
    )


def _check_assignee(item: LedgerItem, assignee: Any) -> None:
    org = user_org(assignee)
    if org is None or not item.org_path.startswith(org.path):
        raise DomainError("承办人应为本村或上级组织的人员")
    if item.restricted and not is_officer(assignee):
        raise DomainError("限制查看的台账只能交由乡镇及以上工作人员承办")


def create_item(
    actor: Any,
    *,
    ledger_type: LedgerType,
    organization: Organization,
    description: str,
    collected_on: dt.date | None = None,
    source: str = Source.VISIT,
    source_ref: str | None = None,
    anonymous: bool = False,
    **data: Any,
) -> LedgerItem:
    """Register an item in its initial state (event date `collected_on`; entry date is today)."""
    _check_place(actor, organization, officers_only=ledger_type.restricted)
    if not LedgerType.objects.usable_at(organization).filter(pk=ledger_type.pk).exists():
        raise DomainError("该台账类型不适用于所选组织")
    if not description.strip():
        raise DomainError("请填写问题描述")
    if source not in Source.values:
        raise DomainError("来源不正确")
    today = timezone.localdate()
    collected_on = collected_on or today
    if collected_on > today:
        raise DomainError("收集日期不能晚于今天")
    unknown = set(data) - {*ITEM_FIELDS, "grid", "household", "person", "visit"}
    if unknown:
        raise DomainError(f"未知字段：{'、'.join(sorted(unknown))}")
    _check_choices(ledger_type, data)
    if anonymous:
        data["reporter_name"] = ""  # an anonymous reporter leaves no trace in the record
    flow = ledger_type.flow
    state = flow.state(flow.initial)
    item = LedgerItem(
        ledger_type=ledger_type, organization=organization, org_path=organization.path,
        village_id=organization.village_id, description=description.strip(), collected_on=collected_on,
        source=source, source_ref=source_ref, anonymous=anonymous, status=state.key, phase=_phase(state),
        status_since=collected_on, restricted=ledger_type.restricted, created_by=_user(actor), **data,
    )  # fmt: skip
    if flow.deadline and flow.deadline.reference == state.key:
        _start_clock(item, flow.deadline, collected_on, load_calendar())
    with transaction.atomic():
        item.save()
        rollup.record([], rollup.item_keys(item))
        _event(item, actor, "create", "登记", collected_on, to_state=state.key)
        audit.record(actor, "create", item, org=organization, changes={"台账": ledger_type.name, "来源": source})
    return item


def create_item_from(actor: Any, *, source_ref: str, source: str = Source.MEETING, **data: Any) -> LedgerItem:
    """For other apps (a meeting's issue, …): one item per `source_ref`, created once.

    `source_ref` names the record, e.g. "meetings.issue:123"; the caller keeps the item's id.
    """
    if not source_ref:
        raise DomainError("缺少来源记录")
    existing = LedgerItem.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        require(_is_system(actor) or LedgerItem.objects.visible_to(actor).filter(pk=existing.pk).exists())
        return existing
    return create_item(actor, source=source, source_ref=source_ref, **data)


def _check_choices(ltype: LedgerType, data: Mapping[str, Any]) -> None:
    category = data.get("category")
    if category and ltype.categories and category not in ltype.categories:
        raise DomainError(f"类别“{category}”不在该台账的类别中")
    unknown = [m for m in data.get("measures") or [] if m not in ltype.measures]
    if unknown:
        raise DomainError(f"措施“{'、'.join(unknown)}”不在该台账的措施中")


def _start_clock(item: LedgerItem, rule: rules.DeadlineRule, on: dt.date, calendar: rules.Calendar) -> None:
    item.deadline_start = on
    item.deadline = rules.add_days(on, rule.days, calendar, rule.business)
    item.warned_on = item.escalated_on = None
    item.escalation_level = 0


def actor_roles(actor: Any, item: LedgerItem) -> set[str]:
    roles = set()
    if user_org(actor) is not None and in_scope(actor, item.org_path):
        roles.add(str(actor.role))
    if item.assignee_id is not None and item.assignee_id == getattr(actor, "pk", None):
        roles.add("assignee")
    return roles


def move_item(
    actor: Any,
    item: LedgerItem,
    target: str,
    *,
    today: dt.date | None = None,
    assignee: Any = None,
    resolution: str = "",
    note: str = "",
    measures: list[str] | None = None,
) -> LedgerItem:
    """One workflow step, as the item's ledger type defines it (states, moves, roles, deadline)."""
    require(LedgerItem.objects.visible_to(actor).filter(pk=item.pk).exists())
    today = _today(today)
    flow = item.ledger_type.flow
    move = flow.move(item.status, target)
    rules.check_actor(move, actor_roles(actor, item), flow.labels)
    given = {"assignee": assignee or item.assignee, "resolution": resolution.strip(), "note": note.strip()}
    rules.check_requirements(move, given)
    if assignee is not None:
        _check_assignee(item, assignee)
        item.assignee = assignee
    if measures is not None:
        _check_choices(item.ledger_type, {"measures": measures})
        item.measures = measures
    _apply_state(item, flow, flow.state(target), today, resolution.strip())
    current = move.source
    with transaction.atomic():
        # Conditional update: two people acting on the same item at once cannot both move it.
        # The row as stored (locked) tells what the rollup counts now; `item` may be stale.
        stored = LedgerItem.objects.select_for_update().filter(pk=item.pk, status=current).first()
        fields = {f: getattr(item, f) for f in STATE_FIELDS}
        if stored is None or not LedgerItem.objects.filter(pk=item.pk, status=current).update(
            **fields, updated_at=timezone.now()
        ):
            raise DomainError("该事项已被他人处理，请刷新后重试")
        rollup.record(rollup.item_keys(stored), rollup.item_keys(item))
        _event(item, actor, "move", move.label, today, from_state=current, to_state=target,
               note=note.strip() or resolution.strip())  # fmt: skip
        audit.record(actor, "update", item, org=item.organization,
                     changes={"status": [flow.label(current), flow.label(target)]})  # fmt: skip
    return item


STATE_FIELDS = ("status", "phase", "status_since", "assignee", "measures", "deadline_start", "deadline", "paused_on",
                "warned_on", "escalated_on", "escalation_level", "escalated_to", "resolution", "resolved_on",
                "resolve_days", "published", "public_summary", "published_on")  # fmt: skip


def _apply_state(item: LedgerItem, flow: rules.Workflow, state: rules.State, today: dt.date, resolution: str) -> None:
    calendar = load_calendar()
    rule = flow.deadline
    old = flow.state(item.status)
    if old.paused and not state.paused and item.paused_on and item.deadline and rule:
        # The pause stopped the clock: the deadline moves by the (working) days it lasted.
        stopped = rules.days_between(item.paused_on, today, calendar, rule.business)
        item.deadline = rules.add_days(item.deadline, stopped, calendar, rule.business)
    item.paused_on = today if state.paused else None
    if rule and rule.reference == state.key:
        _start_clock(item, rule, today, calendar)
    if state.final:
        item.resolution = resolution or item.resolution
    if state.resolved:
        item.resolved_on = today
        item.resolve_days = (today - item.collected_on).days
    elif old.final:  # reopened: no longer resolved nor published
        item.resolved_on = item.resolve_days = None
        item.published, item.public_summary, item.published_on = False, "", None
    item.status, item.phase, item.status_since = state.key, _phase(state), today


def update_item(actor: Any, item: LedgerItem, **data: Any) -> LedgerItem:
    require(LedgerItem.objects.visible_to(actor).filter(pk=item.pk).exists())
    require(bool(actor_roles(actor, item) - {"member"}))
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    _check_choices(item.ledger_type, data)
    if item.anonymous:
        data.pop("reporter_name", None)
    with transaction.atomic():
        before = audit.snapshot(item, data.keys())
        for key, value in data.items():
            setattr(item, key, value)
        item.save(update_fields=[*data.keys(), "updated_at"])
        _event(item, actor, "update", "修改", timezone.localdate())
        audit.record(
            actor, "update", item, org=item.organization, changes=audit.diff(before, audit.snapshot(item, data))
        )
    return item


def publish_item(actor: Any, item: LedgerItem, summary: str, today: dt.date | None = None) -> LedgerItem:
    """Show a resolved item on the village's public page, as `summary` (no personal data)."""
    require(LedgerItem.objects.visible_to(actor).filter(pk=item.pk).exists() and is_editor(actor))
    if item.phase != Phase.RESOLVED:
        raise DomainError("只有已解决的事项才能公开")
    if item.restricted:
        raise DomainError("限制查看的台账不能公开")
    summary = summary.strip()
    if not summary:
        raise DomainError("请填写公开内容（不要包含当事人姓名等个人信息）")
    for private in (item.concerned_name, item.reporter_name, item.household.head_name if item.household else ""):
        if private and private in summary:
            raise DomainError("公开内容不能包含当事人或反映人的姓名")
    today = _today(today)
    with transaction.atomic():
        item.published, item.public_summary, item.published_on = True, summary[:300], today
        item.save(update_fields=["published", "public_summary", "published_on", "updated_at"])
        _event(item, actor, "publish", "公开", today, note=summary)
        audit.record(actor, "update", item, org=item.organization, changes={"published": [False, True]})
    return item


def unpublish_item(actor: Any, item: LedgerItem) -> LedgerItem:
    require(LedgerItem.objects.visible_to(actor).filter(pk=item.pk).exists() and is_editor(actor))
    with transaction.atomic():
        item.published = False
        item.save(update_fields=["published", "updated_at"])
        _event(item, actor, "unpublish", "撤回公开", timezone.localdate())
        audit.record(actor, "update", item, org=item.organization, changes={"published": [True, False]})
    return item


# ---------------------------------------------------------------- business calendar


def set_calendar_day(actor: Any, day: dt.date, *, is_workday: bool, name: str = "") -> CalendarDay:
    """Holidays and 调休 working days: county officers keep the calendar (it serves everyone)."""
    require(_is_system(actor) or (is_officer(actor) and str(actor.role) == "county_officer"))
    with transaction.atomic():
        entry, _ = CalendarDay.objects.update_or_create(day=day, defaults={"is_workday": is_workday, "name": name})
        audit.record(actor, "update", entry, changes={"day": day.isoformat(), "上班": is_workday, "name": name})
    return entry


def remove_calendar_day(actor: Any, entry: CalendarDay) -> None:
    require(_is_system(actor) or (is_officer(actor) and str(actor.role) == "county_officer"))
    with transaction.atomic():
        audit.record(actor, "delete", entry, changes={"day": entry.day.isoformat()})
        entry.delete()


# ---------------------------------------------------------------- grids, households, visits


def create_grid(actor: Any, organization: Organization, *, name: str, responsible: str, **data: Any) -> Grid:
    _check_place(actor, organization)
    if not organization.is_village_level:
        raise DomainError("网格应设在村级党组织")
    if not name.strip() or not responsible.strip():
        raise DomainError("请填写网格名称和网格责任人")
    if Grid.objects.filter(organization=organization, name=name.strip()).exists():
        raise DomainError("本村已有同名网格")
    with transaction.atomic():
        grid = Grid.objects.create(organization=organization, org_path=organization.path, name=name.strip(),
                                   responsible=responsible.strip(), **data)  # fmt: skip
        audit.record(actor, "create", grid, org=organization, changes={"name": grid.name, "责任人": responsible})
    return grid


def add_household(actor: Any, grid: Grid, *, head_name: str, **data: Any) -> Household:
    _check_place(actor, grid.organization)
    if not head_name.strip():
        raise DomainError("请填写户主姓名")
    with transaction.atomic():
        house = Household.objects.create(grid=grid, org_path=grid.org_path, head_name=head_name.strip(), **data)
        audit.record(actor, "create", house, org=grid.organization, changes={"户主": house.head_name})
    return house


def import_households(actor: Any, grid: Grid, rows: Sequence[Mapping[str, Any]]) -> list[Household]:
    """Households read from a sheet (`households.parse`): all saved in one transaction, or none."""
    _check_place(actor, grid.organization)
    if not rows:
        raise DomainError("没有可导入的农户")
    fields = ("head_name", "address", "size", "note")
    with transaction.atomic():
        made = Household.objects.bulk_create(
            [Household(grid=grid, org_path=grid.org_path, **{f: row[f] for f in fields if f in row}) for row in rows]
        )
        audit.record(actor, "update", grid, org=grid.organization, changes={"导入农户": len(made)})
    return made


def record_visit(
    actor: Any,
    *,
    organization: Organization,
    kind: str,
    visited_on: dt.date,
    visitee: str,
    findings: str = "",
    grid: Grid | None = None,
    household: Household | None = None,
    items: Iterable[Mapping[str, Any]] = (),
) -> tuple[Visit, list[LedgerItem]]:
    """A 五访五问 visit; each entry of `items` (ledger_type, description, category …) becomes an item."""
    _check_place(actor, organization)
    if kind not in rules.VisitKind.values:
        raise DomainError("请选择走访类型（五访五问）")
    if visited_on > timezone.localdate():
        raise DomainError("走访日期不能晚于今天")
    if not visitee.strip():
        raise DomainError("请填写走访对象")
    if grid is not None and grid.organization_id != organization.pk:
        raise DomainError("网格不属于所选村")
    if household is not None and household.grid.organization_id != organization.pk:
        raise DomainError("农户不属于所选村")
    with transaction.atomic():
        visit = Visit.objects.create(
            visitor=actor, organization=organization, org_path=organization.path, grid=grid or
            (household.grid if household else None), household=household, kind=kind, visited_on=visited_on,
            visitee=visitee.strip(), findings=findings.strip(),
        )  # fmt: skip
        audit.record(
            actor, "create", visit, org=organization, changes={"kind": kind, "visited_on": visited_on.isoformat()}
        )
        made = [
            create_item(actor, organization=organization, source=Source.VISIT, visit=visit, grid=visit.grid,
                        household=household, collected_on=visited_on,
                        concerned_name=household.head_name if household else visitee.strip(), **dict(entry))
            for entry in items
        ]  # fmt: skip
    return visit, made


# ---------------------------------------------------------------- liaison and diary


def assign_liaison(
    actor: Any,
    *,
    user: Any,
    organization: Organization,
    kind: str = rules.LiaisonKind.VILLAGE,
    level: str = rules.LiaisonLevel.CADRE,
    start_on: dt.date,
    quota_count: int | None = None,
    quota_period: str | None = None,
) -> LiaisonAssignment:
    """包村/驻村/联片: quota defaults from seed 000, changeable per assignment."""
    _check_place(actor, organization, officers_only=True)
    if not organization.is_village_level:
        raise DomainError("联系对象应为村级党组织")
    cadre_org = user_org(user)
    if cadre_org is None or not organization.path.startswith(cadre_org.path) or cadre_org.pk == organization.pk:
        raise DomainError("包村干部应为该村上级组织的工作人员")
    if level not in rules.LiaisonLevel.values or kind not in rules.LiaisonKind.values:
        raise DomainError("联系方式或干部类别不正确")
    default_count, default_period = rules.DEFAULT_QUOTAS[level]
    quota_period = quota_period or default_period
    if quota_period not in rules.QuotaPeriod.values:
        raise DomainError("周期不正确")
    count = default_count if quota_count is None else quota_count
    with transaction.atomic():
        made = LiaisonAssignment.objects.create(
            user=user, organization=organization, org_path=organization.path, kind=kind, level=level,
            quota_count=count, quota_period=quota_period, start_on=start_on,
        )  # fmt: skip
        audit.record(actor, "create", made, org=organization,
                     changes={"干部": user.get_username(), "要求": f"{quota_period}:{count}"})  # fmt: skip
    return made


def end_liaison(actor: Any, assignment: LiaisonAssignment, end_on: dt.date) -> LiaisonAssignment:
    _check_place(actor, assignment.organization, officers_only=True)
    if end_on < assignment.start_on:
        raise DomainError("结束日期不能早于开始日期")
    with transaction.atomic():
        assignment.end_on = end_on
        assignment.save(update_fields=["end_on", "updated_at"])
        audit.record(actor, "update", assignment, org=assignment.organization, changes={"end_on": end_on.isoformat()})
    return assignment


def write_diary(actor: Any, assignment: LiaisonAssignment, *, written_on: dt.date, topic: str, text: str) -> DiaryEntry:
    """村情日记: each liaison keeps their own diary of the village they are assigned to."""
    require(assignment.user_id == getattr(actor, "pk", None))
    if topic not in rules.DIARY_TOPICS:
        raise DomainError("请选择内容类别")
    if not text.strip():
        raise DomainError("请填写记录内容")
    if written_on > timezone.localdate():
        raise DomainError("日期不能晚于今天")
    with transaction.atomic():
        entry = DiaryEntry.objects.create(assignment=assignment, author=actor, org_path=assignment.org_path,
                                          written_on=written_on, topic=topic, text=text.strip())  # fmt: skip
        audit.record(actor, "create", entry, org=assignment.organization, changes={"topic": topic})
    return entry


def item_from_meeting_issue(actor: Any, issue: Any, ledger_type: LedgerType) -> LedgerItem:
    """An issue raised at a meeting becomes a ledger item; both records point at each other.

    The item keeps `source_ref` "meetings.issue:<id>", the issue keeps the item's id in
    `ledger_ref`. Doing it twice returns the same item.
    """
    from jiceng.meetings.models import Issue

    meeting = issue.meeting
    require(_is_system(actor) or Issue.objects.visible_to(actor).filter(pk=issue.pk).exists())
    if issue.resolved_on is not None and not issue.ledger_ref:
        raise DomainError("该问题已办结，无需转入台账")
    with transaction.atomic():
        item = create_item_from(
            actor,
            source_ref=f"meetings.issue:{issue.pk}",
            ledger_type=ledger_type,
            organization=issue.organization or meeting.organization,
            description=issue.text,
            collected_on=meeting.held_on,
        )
        if Issue.objects.filter(pk=issue.pk, ledger_ref__isnull=True).update(ledger_ref=str(item.pk)):
            audit.record(actor, "update", issue, org=meeting.organization, changes={"ledger_ref": [None, item.pk]})
    return item
