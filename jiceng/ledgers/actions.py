"""Every change to ledgers, liaison assignments and diaries.

Each function takes the acting user, checks access, runs in one transaction and records an
audit event. Items run their type's workflow on the core engine: `engine.begin`/`started` when
registered, `engine.transition` for every step (the one writer: conditional UPDATE, the
`core.CaseEvent` with event and entry date, the audit event, the rollup), `engine.record_event`
for the rest of an item's history (edits, publication). Visits are recorded by the households
app; `record_visit` here adds the ledger items found on the visit, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit, engine, refs
from jiceng.core.access import in_scope, require, user_org
from jiceng.core.actor import Actor, actor_user, display_name, is_system
from jiceng.core.engine import StaleState
from jiceng.core.errors import DomainError
from jiceng.core.privacy import check_public
from jiceng.households import actions as households
from jiceng.households.models import Visit
from jiceng.organizations.models import Organization

from . import rollup, rules
from .models import (
    FAMILY,
    DiaryEntry,
    LedgerItem,
    LedgerType,
    LiaisonAssignment,
    Phase,
    is_editor,
    is_officer,
)
from .rules import Source

ITEM_FIELDS = ("description", "category", "concerned_name", "reporter_name", "measures", "extra")


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _check_place(actor: Actor, org: Organization, *, officers_only: bool = False) -> None:
    if is_system(actor):
        return
    allowed = is_officer(actor) if officers_only else is_editor(actor)
    require(allowed and in_scope(actor, org.path))


def _check_visible(actor: Actor, item: LedgerItem) -> None:
    require(is_system(actor) or LedgerItem.objects.visible_to(actor).filter(pk=item.pk).exists())


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
        # States, moves, roles, requirements, clocks and reachability, refused in Chinese.
        engine.validate(FAMILY, clean["workflow"])
    if "categories" in clean:
        clean["categories"] = _clean_list(clean["categories"], "类别")
    if "measures" in clean:
        clean["measures"] = _clean_list(clean["measures"], "解决措施")
    if "fields" in clean:
        clean["fields"] = _clean_fields(clean["fields"])
    return clean


TYPE_FIELDS = ("name", "noun", "categories", "measures", "fields", "workflow", "restricted", "is_active")


def create_type(actor: Actor, owner: Organization, *, code: str, **data: Any) -> LedgerType:
    """A township (or county) adds its own ledger type: no code needed, only data."""
    _check_place(actor, owner, officers_only=True)
    data = _type_data(data)
    if set(data) - set(TYPE_FIELDS) - {"based_on"}:
        raise DomainError("台账类型中有未知字段")
    if LedgerType.objects.filter(owner=owner, code=code).exists():
        raise DomainError("本单位已有相同代码的台账类型")
    with transaction.atomic():
        ltype = LedgerType.objects.create(owner=owner, code=code, **data)
        ltype.current_flow()
        audit.record(actor, "create", ltype, org=owner, changes={"name": ltype.name})
    return ltype


def copy_type(actor: Actor, source: LedgerType, owner: Organization) -> LedgerType:
    """Copy a template (or another visible type) into `owner`'s own, editable types."""
    data = {f: getattr(source, f) for f in TYPE_FIELDS}
    code = source.code
    if LedgerType.objects.filter(owner=owner, code=code).exists():
        code = f"{code}-{LedgerType.objects.filter(owner=owner).count() + 1}"
    return create_type(actor, owner, code=code, based_on=source, **data)


def update_type(actor: Actor, ltype: LedgerType, **data: Any) -> LedgerType:
    if ltype.owner is None:
        raise DomainError("系统模板不能修改，请先复制为本单位的台账类型")
    _check_place(actor, ltype.owner, officers_only=True)
    unknown = set(data) - set(TYPE_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    data = _type_data(data)
    if "workflow" in data:
        # Items keep the version they started under; a state still in use may not disappear from
        # the type all the same (lists and filters name states by their key).
        keys = set(engine.validate(FAMILY, data["workflow"]).labels)
        used = set(ltype.items.values_list("status", flat=True).distinct())
        if used - keys:
            raise DomainError(f"仍有事项处于这些状态，不能删除：{'、'.join(sorted(used - keys))}")
    with transaction.atomic():
        before = audit.snapshot(ltype, data.keys())
        version = ltype.current_flow().version
        for key, value in data.items():
            setattr(ltype, key, value)
        ltype.save(update_fields=[*data.keys(), "updated_at"])
        ltype.__dict__.pop("definition", None)
        changes = audit.diff(before, audit.snapshot(ltype, data))
        if "workflow" in changes:  # a new version for new items; the old one stays with its items
            changes["workflow"] = [f"第{version}版", f"第{ltype.current_flow().version}版"]
        audit.record(actor, "update", ltype, org=ltype.owner, changes=changes)
    return ltype


# ---------------------------------------------------------------- items


def _check_assignee(item: LedgerItem, assignee: Any) -> None:
    org = user_org(assignee)
    if org is None or not item.org_path.startswith(org.path):
        raise DomainError("承办人应为本村或上级组织的人员")
    if not is_editor(assignee):  # issue 11: a read-only member must never act on an item
        raise DomainError("党员（只读）账户不能担任承办人，请选择村党支部书记或乡镇、县级工作人员")
    if item.restricted and not is_officer(assignee):
        raise DomainError("限制查看的台账只能交由乡镇及以上工作人员承办")


def create_item(
    actor: Actor,
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
    """Register an item in its type's initial state (event date `collected_on`; entry date is today)."""
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
    item = LedgerItem(
        ledger_type=ledger_type, organization=organization, org_path=organization.path,
        village_id=organization.village_id, description=description.strip(), collected_on=collected_on,
        source=source, source_ref=source_ref, anonymous=anonymous, restricted=ledger_type.restricted,
        created_by=actor_user(actor), **data,
    )  # fmt: skip
    with transaction.atomic():
        ledger_type.current_flow()  # the version new items start under (made if the JSON changed)
        engine.begin(item, collected_on)
        item.save()
        rollup.record([], rollup.item_keys(item))
        engine.started(actor, item, collected_on)
        audit.record(actor, "create", item, org=organization, changes={"台账": ledger_type.name, "来源": source})
    return item


def create_item_from(actor: Actor, *, source_ref: str, source: str = Source.MEETING, **data: Any) -> LedgerItem:
    """For records of other apps: one item per `source_ref` (e.g. "meetings.issue:123"), created once."""
    if not source_ref:
        raise DomainError("缺少来源记录")
    existing = LedgerItem.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        _check_visible(actor, existing)
        return existing
    return create_item(actor, source=source, source_ref=source_ref, **data)


def item_from_source(actor: Actor, source_ref: str, ledger_type: LedgerType) -> LedgerItem:
    """A record of another app (an issue raised at a meeting) becomes a ledger item.

    The source is read through `core.refs` (ledgers import no other domain app); the item keeps
    `source_ref`, the source is told (it keeps the item's id); doing it twice returns the same
    item. When the item is resolved the source is settled too (`move_item`).
    """
    source = refs.read(source_ref, actor)
    require(source is not None)
    assert source is not None
    existing = LedgerItem.objects.filter(source_ref=source_ref).first()
    if source.settled and existing is None:
        raise DomainError("该问题已办结，无需转入台账")
    with transaction.atomic():
        item = create_item_from(
            actor, source_ref=source_ref, source=source.via if source.via in Source.values else Source.OTHER,
            ledger_type=ledger_type, organization=source.organization, description=source.text,
            collected_on=min(source.on, timezone.localdate()),
        )  # fmt: skip
        refs.linked(actor, source_ref, item)
    return item


def _check_choices(ltype: LedgerType, data: Mapping[str, Any]) -> None:
    category = data.get("category")
    if category and ltype.categories and category not in ltype.categories:
        raise DomainError(f"类别“{category}”不在该台账的类别中")
    unknown = [m for m in data.get("measures") or [] if m not in ltype.measures]
    if unknown:
        raise DomainError(f"措施“{'、'.join(unknown)}”不在该台账的措施中")


def move_item(
    actor: Actor,
    item: LedgerItem,
    target: str,
    *,
    on: dt.date | None = None,
    today: dt.date | None = None,
    expected: str | None = None,
    assignee: Any = None,
    resolution: str = "",
    note: str = "",
    measures: list[str] | None = None,
) -> LedgerItem:
    """One workflow step, as the item's workflow version defines it, on the event date `on`.

    `on` is the day it happened (default today; not in the future, not before the previous
    step: the engine refuses both). `expected` is the state the user saw (default: the state of
    `item` as passed): if the item moved meanwhile, nothing is written (StaleState). The row is
    locked and re-read first, so the step is checked against what is stored, not a stale copy.
    """
    _check_visible(actor, item)
    seen = expected or item.status
    if assignee is not None:
        _check_assignee(item, assignee)
    if measures is not None:
        _check_choices(item.ledger_type, {"measures": measures})
    resolution, note = resolution.strip(), note.strip()
    with transaction.atomic():
        item.refresh_from_db(from_queryset=LedgerItem.objects.select_for_update())
        if item.status != seen:
            raise StaleState("该事项已被他人处理，请刷新后重试")
        definition = item.definition
        final = target in definition.labels and definition.state(target).final
        updates: dict[str, Any] = {"assignee": assignee} if assignee is not None else {}
        if measures is not None:
            updates["measures"] = measures
        if final and resolution:
            updates["resolution"] = resolution
        given = {"assignee": assignee or item.assignee, "resolution": resolution, "note": note}
        engine.transition(actor, item, target, on=on, today=today, given=given, updates=updates,
                          note=note or resolution)  # fmt: skip
        if item.phase == Phase.RESOLVED and item.source_ref:
            refs.resolved(actor, item.source_ref, item.status_since, item.resolution)
    return item


def update_item(actor: Actor, item: LedgerItem, **data: Any) -> LedgerItem:
    """Correct an item's fields (not its state): its own officers, secretaries and assignee."""
    _check_visible(actor, item)
    require(bool(item.workflow_roles(actor)))
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
        changes = audit.diff(before, audit.snapshot(item, data))
        engine.record_event(actor, item, "edit", "修改", timezone.localdate(), note="、".join(_labels(changes)))
        audit.record(actor, "update", item, org=item.organization, changes=changes)
    return item


def _labels(changes: Mapping[str, Any]) -> list[str]:
    return [str(getattr(LedgerItem._meta.get_field(name), "verbose_name", name)) for name in changes]


def publish_item(actor: Actor, item: LedgerItem, summary: str, today: dt.date | None = None) -> LedgerItem:
    """Show a resolved item on the village's public page, as `summary` (no personal data)."""
    _check_visible(actor, item)
    require(is_system(actor) or is_editor(actor))
    if item.phase != Phase.RESOLVED:
        raise DomainError("只有已解决的事项才能公开")
    if item.restricted:
        raise DomainError("限制查看的台账不能公开")
    summary = summary.strip()
    if not summary:
        raise DomainError("请填写公开内容（不要包含当事人姓名等个人信息）")
    check_public(summary, private_names(item))
    today = _today(today)
    with transaction.atomic():
        item.published, item.public_summary, item.published_on = True, summary[:300], today
        item.save(update_fields=["published", "public_summary", "published_on", "updated_at"])
        engine.record_event(actor, item, "publish", "公开", today, note=summary)
        audit.record(actor, "update", item, org=item.organization, changes={"published": [False, True]})
    return item


def private_names(item: LedgerItem) -> list[str]:
    """The people an item concerns: never named on the public board (core.privacy)."""
    return [item.concerned_name, item.reporter_name, item.household.head_name if item.household else ""]


def unpublish_item(actor: Actor, item: LedgerItem, note: str = "") -> LedgerItem:
    """Take an item off the public board (the system does so when `publication` finds personal data)."""
    if not is_system(actor):
        _check_visible(actor, item)
        require(is_editor(actor))
    with transaction.atomic():
        item.published = False
        item.save(update_fields=["published", "updated_at"])
        engine.record_event(actor, item, "unpublish", "撤回公开", timezone.localdate(), note=note)
        audit.record(actor, "update", item, org=item.organization, changes={"published": [True, False]})
    return item


# ---------------------------------------------------------------- visits that find ledger items


def record_visit(
    actor: Actor, *, items: Iterable[Mapping[str, Any]] = (), **visit: Any
) -> tuple[Visit, list[LedgerItem]]:
    """A 五访五问 visit (`visit`: the arguments of `households.actions.record_visit`) and, in the
    same transaction, one ledger item per entry of `items` (ledger_type, description, category,
    extra …) collected on the visit's date: all saved, or none."""
    with transaction.atomic():
        made = households.record_visit(actor, **visit)
        concerned = made.household.head_name if made.household else made.visitee
        found = [
            create_item(actor, organization=made.organization, source=Source.VISIT, visit=made, grid=made.grid,
                        household=made.household, collected_on=made.visited_on, concerned_name=concerned,
                        **dict(entry))
            for entry in items
        ]  # fmt: skip
    return made, found


# ---------------------------------------------------------------- liaison and diary


def assign_liaison(
    actor: Actor,
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
                     changes={"干部": display_name(user), "要求": f"{quota_period}:{count}"})  # fmt: skip
    return made


def end_liaison(actor: Actor, assignment: LiaisonAssignment, end_on: dt.date) -> LiaisonAssignment:
    _check_place(actor, assignment.organization, officers_only=True)
    if end_on < assignment.start_on:
        raise DomainError("结束日期不能早于开始日期")
    with transaction.atomic():
        assignment.end_on = end_on
        assignment.save(update_fields=["end_on", "updated_at"])
        audit.record(actor, "update", assignment, org=assignment.organization, changes={"end_on": end_on.isoformat()})
    return assignment


def write_diary(
    actor: Actor, assignment: LiaisonAssignment, *, written_on: dt.date, topic: str, text: str
) -> DiaryEntry:
    """村情日记: each liaison keeps their own diary of the village they are assigned to."""
    require(assignment.user_id == getattr(actor, "pk", None))
    if topic not in rules.DIARY_TOPICS:
        raise DomainError("请选择内容类别")
    if not text.strip():
        raise DomainError("请填写记录内容")
    if written_on > timezone.localdate():
        raise DomainError("日期不能晚于今天")
    author = actor_user(actor)
    if author is None:
        raise DomainError("工作日志须由本人填写")
    with transaction.atomic():
        entry = DiaryEntry.objects.create(assignment=assignment, author=author, org_path=assignment.org_path,
                                          written_on=written_on, topic=topic, text=text.strip())  # fmt: skip
        audit.record(actor, "create", entry, org=assignment.organization, changes={"topic": topic})
    return entry
